using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    private string EmitClient()
    {
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        var client = _spec.ClientName;
        Doc(writer, "A client for " + (_spec.Title ?? "the API") + ", generated from its OpenAPI document.");
        writer.Open("public sealed partial class " + client + " : global::System.IDisposable");
        writer.Line("/// <summary>The server the document names; used when the options give no base address.</summary>");
        writer.Line("public const string DefaultServer = " + CSharpText.StringLiteral(_spec.DefaultServer) + ";");
        writer.Line();
        writer.Line("private readonly " + Runtime + ".ApiConnection _connection;");
        writer.Line();
        writer.Line("/// <summary>Creates a client that owns its HTTP connection.</summary>");
        writer.Line("public " + client + "(" + Runtime + ".ApiClientOptions options)");
        writer.Line("    : this(options, null)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line("/// <summary>Creates a client over <paramref name=\"httpClient\"/>, which stays the caller's to dispose; null makes the client own one.</summary>");
        writer.Open("public " + client + "(" + Runtime + ".ApiClientOptions options, global::System.Net.Http.HttpClient? httpClient)");
        writer.Line("if (options is null) throw new global::System.ArgumentNullException(nameof(options));");
        writer.Line("var baseAddress = options.BaseAddress ?? (DefaultServer.Length > 0 ? new global::System.Uri(DefaultServer) : throw new global::System.ArgumentException(\"The document names no server: set ApiClientOptions.BaseAddress.\", nameof(options)));");
        writer.Line("_connection = new " + Runtime + ".ApiConnection(options, baseAddress, httpClient);");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Releases the HTTP connection if the client owns it.</summary>");
        writer.Line("public void Dispose() => _connection.Dispose();");
        var untagged = _spec.Operations.Where(o => o.Tag is null).ToList();
        EmitOperations(writer, untagged);
        writer.Close();
        EmitRequestTypes(writer, untagged);
        writer.Close();
        return writer.ToString();
    }

    /// <summary>
    /// The operations of each tag in a file of their own (the client is one partial class), so a large
    /// API reads by area: "Calls" operations in <c>VapiClient.Calls.g.cs</c>. Untagged ones stay with the constructor.
    /// </summary>
    private IEnumerable<(string Group, string Source)> EmitClientGroups()
    {
        foreach (var group in _spec.Operations.Where(o => o.Tag is not null).GroupBy(o => o.Tag!, StringComparer.Ordinal))
        {
            var writer = Header();
            writer.Open("namespace " + _spec.Namespace);
            writer.Open("public sealed partial class " + _spec.ClientName);
            EmitOperations(writer, group.ToList(), leadingBlank: false);
            writer.Close();
            EmitRequestTypes(writer, group.ToList());
            writer.Close();
            yield return (Identifiers.ToPascalCase(group.Key), writer.ToString());
        }
    }

    private void EmitOperations(SourceWriter writer, List<OperationSpec> operations, bool leadingBlank = true)
    {
        foreach (var operation in operations)
        {
            if (leadingBlank) writer.Line();
            leadingBlank = true;
            EmitOperation(writer, operation, stream: false);
            if (operation.StreamMethodName is not null)
            {
                writer.Line();
                EmitOperation(writer, operation, stream: true);
            }
            if (operation.Paging is not null)
            {
                writer.Line();
                EmitPaging(writer, operation, operation.Paging);
            }
        }
    }

    /// <summary>The request records of <paramref name="operations"/>, written beside the client class.</summary>
    private void EmitRequestTypes(SourceWriter writer, List<OperationSpec> operations)
    {
        foreach (var operation in operations.Where(o => o.RequestTypeName is not null))
        {
            writer.Line();
            EmitRequestType(writer, operation);
        }
    }

    /// <summary>
    /// The method for an operation; with <paramref name="stream"/>, its streaming twin that yields the
    /// items of an array response as they arrive.
    /// </summary>
    private void EmitOperation(SourceWriter writer, OperationSpec operation, bool stream)
    {
        var returnType = stream
            ? "global::System.Collections.Generic.IAsyncEnumerable<" + TypeName(operation.ResponseType!.Element!) + ">"
            : operation.ResponseType is null
                ? "global::System.Threading.Tasks.Task"
                : "global::System.Threading.Tasks.Task<" + TypeName(operation.ResponseType) + ">";
        var pathParameters = operation.Parameters.Where(p => p.Location == ParameterLocation.Path).ToList();
        var others = operation.Parameters.Where(p => p.Location != ParameterLocation.Path).ToList();
        var requestRequired = others.Any(p => p.Required);
        var body = operation.Body;

        // Method parameter names: path parameters first, then body, request and the token; locals
        // start with "__", which no spec name can produce.
        var names = new NameScope();
        var pathNames = pathParameters.ToDictionary(p => p, p => names.Claim(Identifiers.ToCamelCase(p.Name)));
        var bodyName = body is null ? null : names.Claim("body");
        var requestName = operation.RequestTypeName is null ? null : names.Claim("request");
        var tokenName = names.Claim("cancellationToken");

        var summary = operation.Summary ?? operation.Description ?? operation.HttpMethod + " " + operation.PathTemplate;
        writer.Line("/// <summary>");
        foreach (var line in CSharpText.XmlDocLines(summary)) writer.Line("/// " + line);
        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        foreach (var line in CSharpText.XmlDocLines(operation.HttpMethod + " " + operation.PathTemplate)) writer.Line("/// <c>" + line + "</c>");
        if (operation.Summary is not null && operation.Description is not null)
        {
            foreach (var line in CSharpText.XmlDocLines(operation.Description)) writer.Line("/// " + line);
        }
        if (stream)
        {
            writer.Line("/// Yields the items of the response array as they arrive, holding one item in memory at a time;");
            writer.Line("/// the request is sent when the enumeration starts. Retries happen only before the first item.");
        }
        writer.Line("/// </remarks>");
        foreach (var parameter in pathParameters)
        {
            writer.Line("/// <param name=\"" + pathNames[parameter].TrimStart('@') + "\">" + string.Join(" ", CSharpText.XmlDocLines(parameter.Description)) + "</param>");
        }
        if (bodyName is not null) writer.Line("/// <param name=\"" + bodyName + "\">" + string.Join(" ", CSharpText.XmlDocLines(body!.Description ?? "The request body.")) + "</param>");
        if (requestName is not null) writer.Line("/// <param name=\"" + requestName + "\">The operation's parameters.</param>");
        writer.Line("/// <param name=\"" + tokenName + "\">Cancels the request.</param>");
        Obsolete(writer, operation.Deprecated);

        var signature = new StringBuilder();
        foreach (var parameter in pathParameters)
        {
            signature.Append(TypeName(parameter.Type)).Append(' ').Append(pathNames[parameter]).Append(", ");
        }
        if (body is not null && body.Required)
        {
            signature.Append(TypeName(body.Type)).Append(' ').Append(bodyName).Append(", ");
        }
        if (requestName is not null && requestRequired)
        {
            signature.Append(Qualified(operation.RequestTypeName!)).Append(' ').Append(requestName).Append(", ");
        }
        if (body is not null && !body.Required)
        {
            signature.Append(TypeName(body.Type)).Append("? ").Append(bodyName).Append(" = null, ");
        }
        if (requestName is not null && !requestRequired)
        {
            signature.Append(Qualified(operation.RequestTypeName!)).Append("? ").Append(requestName).Append(" = null, ");
        }
        signature.Append("global::System.Threading.CancellationToken ").Append(tokenName).Append(" = default");
        writer.Open("public " + returnType + " " + (stream ? operation.StreamMethodName : operation.MethodName) + "Async(" + signature + ")");

        foreach (var parameter in pathParameters.Where(p => !IsValueType(p.Type)))
        {
            writer.Line("if (" + pathNames[parameter] + " is null) throw new global::System.ArgumentNullException(nameof(" + pathNames[parameter] + "));");
        }
        if (body is not null && body.Required && !IsValueType(body.Type))
        {
            writer.Line("if (" + bodyName + " is null) throw new global::System.ArgumentNullException(nameof(" + bodyName + "));");
        }
        if (requestName is not null)
        {
            writer.Line(requestRequired
                ? "if (" + requestName + " is null) throw new global::System.ArgumentNullException(nameof(" + requestName + "));"
                : requestName + " ??= new " + Qualified(operation.RequestTypeName!) + "();");
            for (var i = 0; i < others.Count; i++) EmitValidation(writer, others[i], requestName, i);
        }

        var query = others.Where(p => p.Location == ParameterLocation.Query).ToList();
        if (query.Count > 0)
        {
            writer.Line("var __query = new " + Runtime + ".QueryBuilder();");
            foreach (var parameter in query) writer.Line(QueryAdd(parameter, requestName!));
        }
        var headers = others.Where(p => p.Location == ParameterLocation.Header).ToList();
        if (headers.Count > 0)
        {
            writer.Line("var __headers = new global::System.Collections.Generic.List<global::System.Collections.Generic.KeyValuePair<string, string>>();");
            for (var i = 0; i < headers.Count; i++) EmitHeaderAdd(writer, headers[i], requestName!, i);
        }

        var method = "global::System.Net.Http.HttpMethod." + char.ToUpperInvariant(operation.HttpMethod[0]) + operation.HttpMethod.Substring(1).ToLowerInvariant();
        writer.Line("var __request = new " + Runtime + ".ApiRequest(" + method + ", " + PathExpression(operation, pathParameters, pathNames) + ")");
        writer.Line("{");
        writer.Indent();
        // The operation's name and path template name its span and metrics (low-cardinality, unlike the filled-in path).
        writer.Line("OperationName = " + CSharpText.StringLiteral(operation.MethodName) + ",");
        writer.Line("PathTemplate = " + CSharpText.StringLiteral(operation.PathTemplate) + ",");
        if (query.Count > 0) writer.Line("Query = __query,");
        if (headers.Count > 0) writer.Line("Headers = __headers,");
        if (body is not null)
        {
            var serialize = Support + ".Serialize(" + bodyName + (body.Required ? "" : IsValueType(body.Type) ? ".Value" : "") + ", " + WriterDelegate(body.Type) + ")";
            // A missing optional body is no body at all (no Content-Type), not an empty one.
            writer.Line("JsonBody = " + (body.Required ? serialize : bodyName + " is null ? (global::System.ReadOnlyMemory<byte>?)null : " + serialize) + ",");
        }
        if (!operation.RequiresAuthentication) writer.Line("RequiresAuthentication = false,");
        writer.Outdent();
        writer.Line("};");
        writer.Line(stream
            ? "return _connection.StreamArrayAsync(__request, " + ReaderDelegate(operation.ResponseType!.Element!) + ", " + tokenName + ");"
            : operation.ResponseType is null
                ? "return _connection.SendAsync(__request, " + tokenName + ");"
                : "return _connection.SendAsync(__request, static json => " + Support + ".Deserialize(json, " + ReaderDelegate(operation.ResponseType) + "), " + tokenName + ");");
        writer.Close();
    }

    /// <summary>The method that walks every page of a list operation without a cursor (see CallsGen.Runtime.Paging).</summary>
    private void EmitPaging(SourceWriter writer, OperationSpec operation, PagingSpec paging)
    {
        var item = TypeName(operation.ResponseType!.Element!);
        var pathParameters = operation.Parameters.Where(p => p.Location == ParameterLocation.Path).ToList();
        var names = new NameScope();
        var pathNames = pathParameters.Select(p => names.Claim(Identifiers.ToCamelCase(p.Name))).ToList();
        var requestName = names.Claim("request");
        var tokenName = names.Claim("cancellationToken");
        var requestType = Qualified(operation.RequestTypeName!);
        var requestRequired = operation.Parameters.Any(p => p.Location != ParameterLocation.Path && p.Required);

        writer.Line("/// <summary>");
        writer.Line("/// Every item <see cref=\"" + operation.MethodName + "Async\"/> can list, newest first, across as many requests as it takes:");
        writer.Line("/// each page asks for items at or before the oldest one seen so far, so items that share a timestamp");
        writer.Line("/// across a page boundary come exactly once, and items created while paging are not included.");
        writer.Line("/// </summary>");
        for (var i = 0; i < pathParameters.Count; i++)
        {
            writer.Line("/// <param name=\"" + pathNames[i].TrimStart('@') + "\">" + string.Join(" ", CSharpText.XmlDocLines(pathParameters[i].Description)) + "</param>");
        }
        writer.Line("/// <param name=\"" + requestName + "\">The filters; its limit is the page size.</param>");
        writer.Line("/// <param name=\"" + tokenName + "\">Cancels the walk.</param>");
        Obsolete(writer, operation.Deprecated);
        var signature = string.Concat(pathParameters.Select((p, i) => TypeName(p.Type) + " " + pathNames[i] + ", "))
            + requestType + (requestRequired ? " " + requestName : "? " + requestName + " = null")
            + ", global::System.Threading.CancellationToken " + tokenName + " = default";
        writer.Open("public global::System.Collections.Generic.IAsyncEnumerable<" + item + "> " + paging.MethodName + "Async(" + signature + ")");
        writer.Line(requestRequired
            ? "if (" + requestName + " is null) throw new global::System.ArgumentNullException(nameof(" + requestName + "));"
            : requestName + " ??= new " + requestType + "();");
        var max = paging.MaxPageSize.ToString(CultureInfo.InvariantCulture);
        writer.Line("var __pageSize = " + requestName + "." + paging.LimitParameter + " is { } __limit && __limit >= 1 ? (int)global::System.Math.Min(__limit, " + max + ") : " + paging.DefaultPageSize.ToString(CultureInfo.InvariantCulture) + ";");
        // Lambda parameters start with "__", which no spec name can produce, so they never shadow a path parameter.
        var bound = paging.BoundInclusive ? "__bound" : "__bound.Value.AddMilliseconds(1)";
        var call = operation.MethodName + "Async(" + string.Concat(pathNames.Select(n => n + ", "))
            + "__bound is null ? " + requestName + " with { " + paging.LimitParameter + " = __size } : " + requestName + " with { " + paging.BoundParameter + " = " + bound + ", " + paging.LimitParameter + " = __size }, __token)";
        writer.Line("return " + Runtime + ".Paging.ByTimestampDescendingAsync<" + item + ">(");
        writer.Indent();
        writer.Line("(__bound, __size, __token) => " + call + ",");
        writer.Line("static __item => __item." + paging.TimestampProperty + ",");
        writer.Line("static __item => __item." + paging.IdProperty + ",");
        writer.Line("__pageSize,");
        writer.Line(max + ",");
        writer.Line(tokenName + ");");
        writer.Outdent();
        writer.Close();
    }

    private void EmitHeaderAdd(SourceWriter writer, ParameterSpec parameter, string requestName, int index)
    {
        var value = requestName + "." + parameter.Name;
        var local = "__h" + index.ToString(CultureInfo.InvariantCulture);
        var text = parameter.Type.Kind == TypeKind.Named ? local + ".Value" : Runtime + ".QueryBuilder.Format(" + local + ")";
        var add = "__headers.Add(new global::System.Collections.Generic.KeyValuePair<string, string>(" + CSharpText.StringLiteral(parameter.WireName) + ", " + text + "));";
        if (parameter.Required && IsValueType(parameter.Type))
        {
            writer.Line("var " + local + " = " + value + "; " + add);
        }
        else if (parameter.Required)
        {
            writer.Line("var " + local + " = " + value + " ?? throw new global::System.ArgumentException(" + CSharpText.StringLiteral("The required header '" + parameter.WireName + "' is null.") + ", nameof(" + requestName + "));");
            writer.Line(add);
        }
        else
        {
            writer.Line("if (" + value + " is { } " + local + ") " + add);
        }
    }

    private string WriterDelegate(TypeRef type) => type.Kind switch
    {
        TypeKind.Named or TypeKind.Array or TypeKind.Map => _jsonClass + ".Write" + Mangle(type),
        _ => "static (writer, value) => " + WriteStatement(type, "value").TrimEnd(';'),
    };

    private string ReaderDelegate(TypeRef type) => type.Kind switch
    {
        TypeKind.String => Support + ".ReadString",
        TypeKind.Boolean => Support + ".ReadBoolean",
        TypeKind.Int64 => Support + ".ReadInt64",
        TypeKind.Double => Support + ".ReadDouble",
        TypeKind.DateTimeOffset => Support + ".ReadDateTimeOffset",
        TypeKind.Json => Support + ".ReadJson",
        _ => _jsonClass + ".Read" + Mangle(type),
    };

    private void EmitValidation(SourceWriter writer, ParameterSpec parameter, string requestName, int index)
    {
        if (parameter.Type.Kind is not (TypeKind.Int64 or TypeKind.Double)) return;
        var minimum = NumberLiteral(parameter.Minimum);
        var maximum = NumberLiteral(parameter.Maximum);
        if (minimum is null && maximum is null) return;
        // Locals start with "__", which no name from the document can produce, so they never hide a parameter.
        var local = "__value" + index.ToString(CultureInfo.InvariantCulture);
        var conditions = new System.Collections.Generic.List<string>();
        if (minimum is not null) conditions.Add(local + (parameter.ExclusiveMinimum ? " > " : " >= ") + minimum);
        if (maximum is not null) conditions.Add(local + (parameter.ExclusiveMaximum ? " < " : " <= ") + maximum);
        var range = (minimum is null ? "" : (parameter.ExclusiveMinimum ? "greater than " : "at least ") + minimum)
            + (minimum is not null && maximum is not null ? " and " : "")
            + (maximum is null ? "" : (parameter.ExclusiveMaximum ? "less than " : "at most ") + maximum);
        var message = CSharpText.StringLiteral(parameter.Name + " ('" + parameter.WireName + "') must be " + range + ".");
        writer.Open("if (" + requestName + "." + parameter.Name + " is { } " + local + " && !(" + string.Join(" && ", conditions) + "))");
        writer.Line("throw new global::System.ArgumentOutOfRangeException(nameof(" + requestName + "), " + local + ", " + message + ");");
        writer.Close();
    }

    private static string? NumberLiteral(string? text)
    {
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value)) return null;
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private string QueryAdd(ParameterSpec parameter, string requestName)
    {
        var name = CSharpText.StringLiteral(parameter.WireName);
        var value = requestName + "." + parameter.Name;
        var type = parameter.Type;
        if (type.Kind == TypeKind.Named) return "__query.Add(" + name + ", " + value + (parameter.Required ? ".Value" : "?.Value") + ");";
        if (type.Kind == TypeKind.Array)
        {
            var element = type.Element!;
            var text = element.Kind switch
            {
                TypeKind.String => null,
                TypeKind.Named => "item.Value",
                _ => Runtime + ".QueryBuilder.Format(item)",
            };
            return text is null
                ? "__query.Add(" + name + ", " + value + ");"
                : "__query.Add(" + name + ", " + value + " is null ? null : global::System.Linq.Enumerable.Select(" + value + ", static item => " + text + "));";
        }
        return "__query.Add(" + name + ", " + value + ");";
    }

    private string PathExpression(OperationSpec operation, System.Collections.Generic.List<ParameterSpec> pathParameters, System.Collections.Generic.Dictionary<ParameterSpec, string> pathNames)
    {
        var template = operation.PathTemplate;
        if (pathParameters.Count == 0) return CSharpText.StringLiteral(template);
        var parts = new System.Collections.Generic.List<string>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                parts.Add(CSharpText.StringLiteral(template.Substring(position)));
                break;
            }
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                parts.Add(CSharpText.StringLiteral(template.Substring(position)));
                break;
            }
            if (open > position) parts.Add(CSharpText.StringLiteral(template.Substring(position, open - position)));
            var wire = template.Substring(open + 1, close - open - 1);
            var parameter = pathParameters.FirstOrDefault(p => p.WireName == wire);
            if (parameter is null)
            {
                parts.Add(CSharpText.StringLiteral(template.Substring(open, close - open + 1)));
            }
            else
            {
                var local = pathNames[parameter];
                var text = parameter.Type.Kind == TypeKind.Named ? local + ".Value" : local;
                parts.Add(Runtime + ".QueryBuilder.EscapePathSegment(" + Runtime + ".QueryBuilder.Format(" + text + "))");
            }
            position = close + 1;
        }
        return string.Join(" + ", parts);
    }

    private void EmitRequestType(SourceWriter writer, OperationSpec operation)
    {
        writer.Line("/// <summary>The parameters of <see cref=\"" + _spec.ClientName + "." + operation.MethodName + "Async\"/>; a record, so a new optional parameter in a later document does not break callers.</summary>");
        writer.Open("public sealed partial record " + operation.RequestTypeName);
        foreach (var parameter in operation.Parameters.Where(p => p.Location != ParameterLocation.Path))
        {
            Doc(writer, parameter.Description);
            Obsolete(writer, parameter.Deprecated, parameter.Required);
            writer.Line("public " + (parameter.Required ? "required " : string.Empty) + TypeName(parameter.Type) + (parameter.Required ? string.Empty : "?") + " " + parameter.Name + " { get; init; }");
            writer.Line();
        }
        writer.Close();
    }
}
