using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>Operation methods: the call, its streaming twin, and the method that walks every page.</summary>
internal sealed partial class Emitter
{
    /// <summary>
    /// The C# names of an operation method's parameters: path parameters first, then the body, the request record and
    /// the token, each unique; locals the method uses start with "__", which no name from the document can produce.
    /// </summary>
    private sealed class OperationNames
    {
        public OperationNames(OperationSpec operation, bool withBody, bool withRequest)
        {
            var names = new NameScope();
            PathParameters = operation.Parameters.Where(p => p.Location == ParameterLocation.Path).ToList();
            Path = PathParameters.Select(p => names.Claim(Identifiers.ToCamelCase(p.Name))).ToList();
            Body = withBody ? names.Claim("body") : null;
            Request = withRequest ? names.Claim("request") : null;
            Token = names.Claim("cancellationToken");
        }

        public List<ParameterSpec> PathParameters { get; }

        public List<string> Path { get; }

        public string? Body { get; }

        public string? Request { get; }

        public string Token { get; }
    }

    /// <summary>
    /// The method for an operation; with <paramref name="stream"/>, its streaming twin that yields the
    /// items of an array response as they arrive.
    /// </summary>
    private void EmitOperation(SourceWriter writer, OperationSpec operation, bool stream)
    {
        var names = new OperationNames(operation, operation.Body is not null, operation.RequestTypeName is not null);
        var others = operation.Parameters.Where(p => p.Location != ParameterLocation.Path).ToList();
        EmitOperationDoc(writer, operation, names, stream);
        var returnType = stream
            ? IAsyncEnumerable + "<" + TypeName(operation.ResponseType!.Element!) + ">"
            : ResponseReturnType(operation);
        writer.Open("public " + returnType + " " + (stream ? operation.StreamMethodName : operation.MethodName) + "Async(" + OperationSignature(operation, names, others.Any(p => p.Required)) + ")");
        EmitArgumentChecks(writer, operation, names, others);
        EmitRequest(writer, operation, names, others);
        writer.Line(stream
            ? "return _connection.StreamArrayAsync(__request, " + ReaderDelegate(operation.ResponseType!.Element!) + ", " + names.Token + ");"
            : SendStatement(operation, names.Token));
        writer.Close();
    }

    private void EmitOperationDoc(SourceWriter writer, OperationSpec operation, OperationNames names, bool stream)
    {
        writer.Line("/// <summary>");
        foreach (var line in CSharpText.XmlDocLines(operation.Summary ?? operation.Description ?? operation.HttpMethod + " " + operation.PathTemplate)) writer.Line("/// " + line);
        writer.Line("/// </summary>");
        writer.Line("/// <remarks>");
        foreach (var line in CSharpText.XmlDocLines(operation.HttpMethod + " " + operation.PathTemplate)) writer.Line("/// <c>" + line + "</c>");
        if (operation.Summary is not null && operation.Description is not null)
        {
            foreach (var line in CSharpText.XmlDocLines(operation.Description)) writer.Line("/// " + line);
        }
        if (stream)
        {
            writer.Write("""
                /// Yields the items of the response array as they arrive, holding one item in memory at a time;
                /// the request is sent when the enumeration starts. Retries happen only before the first item.
                """);
        }
        writer.Line("/// </remarks>");
        EmitPathParameterDocs(writer, names);
        if (names.Body is not null) writer.Line("/// <param name=\"" + names.Body + "\">" + string.Join(" ", CSharpText.XmlDocLines(operation.Body!.Description ?? "The request body.")) + "</param>");
        if (names.Request is not null) writer.Line("/// <param name=\"" + names.Request + "\">The operation's parameters.</param>");
        writer.Line("/// <param name=\"" + names.Token + "\">Cancels the request.</param>");
        Obsolete(writer, operation.Deprecated);
    }

    private static void EmitPathParameterDocs(SourceWriter writer, OperationNames names)
    {
        for (var i = 0; i < names.PathParameters.Count; i++)
        {
            writer.Line("/// <param name=\"" + names.Path[i].TrimStart('@') + "\">" + string.Join(" ", CSharpText.XmlDocLines(names.PathParameters[i].Description)) + "</param>");
        }
    }

    /// <summary>Path parameters, then what is required (body, request), then what is optional, then the token.</summary>
    private string OperationSignature(OperationSpec operation, OperationNames names, bool requestRequired)
    {
        var body = operation.Body;
        var request = operation.RequestTypeName is null ? null : Qualified(operation.RequestTypeName);
        var parts = new List<string>();
        for (var i = 0; i < names.PathParameters.Count; i++) parts.Add(TypeName(names.PathParameters[i].Type) + " " + names.Path[i]);
        if (body is not null && body.Required) parts.Add(BodyTypeName(body) + " " + names.Body);
        if (request is not null && requestRequired) parts.Add(request + " " + names.Request);
        if (body is not null && !body.Required) parts.Add(BodyTypeName(body) + "? " + names.Body + " = null");
        if (request is not null && !requestRequired) parts.Add(request + "? " + names.Request + " = null");
        parts.Add(CancellationToken + " " + names.Token + " = default");
        return string.Join(", ", parts);
    }

    /// <summary>Nulls and out-of-range numbers fail before anything is sent.</summary>
    private void EmitArgumentChecks(SourceWriter writer, OperationSpec operation, OperationNames names, List<ParameterSpec> others)
    {
        for (var i = 0; i < names.PathParameters.Count; i++)
        {
            if (!IsValueType(names.PathParameters[i].Type)) writer.Line(ThrowIfNull(names.Path[i]));
            else EmitValidation(writer, names.PathParameters[i], names.Path[i], names.Path[i], null);
        }
        if (operation.Body is { Required: true } body && !BodyIsValueType(body)) writer.Line(ThrowIfNull(names.Body!));
        if (names.Request is not { } request) return;
        writer.Line(others.Any(p => p.Required) ? ThrowIfNull(request) : request + " ??= new " + Qualified(operation.RequestTypeName!) + "();");
        for (var i = 0; i < others.Count; i++) EmitValidation(writer, others[i], request + "." + others[i].Name, request, "__value" + Number(i));
    }

    private static string ThrowIfNull(string name) => "if (" + name + " is null) throw new " + ArgumentNullException + "(nameof(" + name + "));";

    /// <summary>The query, the headers and the <c>ApiRequest</c> that carries them, the body and whether to authenticate.</summary>
    private void EmitRequest(SourceWriter writer, OperationSpec operation, OperationNames names, List<ParameterSpec> others)
    {
        var query = others.Where(p => p.Location == ParameterLocation.Query).ToList();
        if (query.Count > 0)
        {
            writer.Line("var __query = new " + QueryBuilder + "();");
            foreach (var parameter in query) writer.Line(QueryAdd(parameter, names.Request!));
        }
        var headers = others.Where(p => p.Location == ParameterLocation.Header).ToList();
        var cookies = others.Where(p => p.Location == ParameterLocation.Cookie).ToList();
        if (headers.Count > 0 || cookies.Count > 0)
        {
            writer.Line("var __headers = new " + List + "<" + KeyValuePair + "<string, string>>();");
            for (var i = 0; i < headers.Count; i++) EmitHeaderAdd(writer, headers[i], names.Request!, i);
            EmitCookies(writer, cookies, names.Request!);
        }
        var method = HttpMethod + "." + char.ToUpperInvariant(operation.HttpMethod[0]) + operation.HttpMethod.Substring(1).ToLowerInvariant();
        // The operation's name and path template name its span and metrics (low-cardinality, unlike the filled-in path).
        var members = new List<string>
        {
            "OperationName = " + CSharpText.StringLiteral(operation.MethodName) + ",",
            "PathTemplate = " + CSharpText.StringLiteral(operation.PathTemplate) + ",",
        };
        if (query.Count > 0) members.Add("Query = __query,");
        if (headers.Count > 0 || cookies.Count > 0) members.Add("Headers = __headers,");
        if (operation.Body is { } body) members.Add(BodyMember(body, names.Body!));
        members.AddRange(ResponseMembers(operation));
        if (!operation.RequiresAuthentication) members.Add("RequiresAuthentication = false,");
        if (SecurityMember(operation) is { } security) members.Add(security);
        var create = "var __request = new " + ApiRequest + "(" + method + ", " + PathExpression(operation, names) + ")";
        if (members.Count == 0)
        {
            writer.Line(create + ";");
            return;
        }
        writer.Line(create);
        writer.Line("{");
        foreach (var member in members) writer.Line("    " + member.Replace("\n", "\n    "));
        writer.Line("};");
    }

    /// <summary>The method that walks every page of a list operation without a cursor (see CallsGen.Runtime.Paging).</summary>
    private void EmitPaging(SourceWriter writer, OperationSpec operation, PagingSpec paging)
    {
        var item = TypeName(operation.ResponseType!.Element!);
        var names = new OperationNames(operation, withBody: false, withRequest: true);
        var requestType = Qualified(operation.RequestTypeName!);
        var requestRequired = operation.Parameters.Any(p => p.Location != ParameterLocation.Path && p.Required);
        var request = names.Request!;
        writer.Write($$"""
            /// <summary>
            /// Every item <see cref="{{operation.MethodName}}Async"/> can list, newest first, across as many requests as it takes:
            /// each page asks for items at or before the oldest one seen so far, so items that share a timestamp
            /// across a page boundary come exactly once, and items created while paging are not included.
            /// </summary>
            """);
        EmitPathParameterDocs(writer, names);
        writer.Write($$"""
            /// <param name="{{request}}">The filters; its limit is the page size.</param>
            /// <param name="{{names.Token}}">Cancels the walk.</param>
            """);
        Obsolete(writer, operation.Deprecated);
        var signature = string.Concat(names.PathParameters.Select((p, i) => TypeName(p.Type) + " " + names.Path[i] + ", "))
            + requestType + (requestRequired ? " " + request : "? " + request + " = null")
            + ", " + CancellationToken + " " + names.Token + " = default";
        var max = paging.MaxPageSize.ToString(CultureInfo.InvariantCulture);
        // Lambda parameters start with "__", which no spec name can produce, so they never shadow a path parameter.
        var bound = paging.BoundInclusive ? "__bound" : "__bound.Value.AddMilliseconds(1)";
        var call = operation.MethodName + "Async(" + string.Concat(names.Path.Select(n => n + ", "))
            + "__bound is null ? " + request + " with { " + paging.LimitParameter + " = __size } : " + request + " with { " + paging.BoundParameter + " = " + bound + ", " + paging.LimitParameter + " = __size }, __token)";
        writer.Write($$"""
            public {{IAsyncEnumerable}}<{{item}}> {{paging.MethodName}}Async({{signature}})
            {
                {{(requestRequired ? ThrowIfNull(request) : request + " ??= new " + requestType + "();")}}
                var __pageSize = {{request}}.{{paging.LimitParameter}} is { } __limit && __limit >= 1 ? (int)global::System.Math.Min(__limit, {{max}}) : {{paging.DefaultPageSize.ToString(CultureInfo.InvariantCulture)}};
                return {{Runtime}}.Paging.ByTimestampDescendingAsync<{{item}}>(
                    (__bound, __size, __token) => {{call}},
                    static __item => __item.{{paging.TimestampProperty}},
                    static __item => __item.{{paging.IdProperty}},
                    __pageSize,
                    {{max}},
                    {{names.Token}});
            }
            """);
    }

    private void EmitHeaderAdd(SourceWriter writer, ParameterSpec parameter, string requestName, int index)
    {
        if (TryEmitStyledHeader(writer, parameter, requestName, index)) return;
        var value = requestName + "." + parameter.Name;
        var local = "__h" + Number(index);
        var text = IsStringEnum(parameter.Type) ? local + ".Value" : QueryBuilder + ".Format(" + ScalarValue(parameter.Type, local) + ")";
        var add = "__headers.Add(new " + KeyValuePair + "<string, string>(" + Literal(parameter.WireName) + ", " + text + "));";
        if (parameter.Required && IsValueType(parameter.Type))
        {
            writer.Line("var " + local + " = " + value + "; " + add);
        }
        else if (parameter.Required)
        {
            writer.Line("var " + local + " = " + value + " ?? throw new " + ArgumentException + "(" + Literal("The required header '" + parameter.WireName + "' is null.") + ", nameof(" + requestName + "));");
            writer.Line(add);
        }
        else
        {
            writer.Line("if (" + value + " is { } " + local + ") " + add);
        }
    }

    /// <summary>
    /// A numeric parameter's bounds from the document, checked before the request is sent: <paramref name="value"/> is
    /// the argument itself (a path parameter, when <paramref name="local"/> is null) or an optional member of a request.
    /// </summary>
    private static void EmitValidation(SourceWriter writer, ParameterSpec parameter, string value, string argument, string? local)
    {
        if (parameter.Type.Kind is not (TypeKind.Int64 or TypeKind.Double)) return;
        var minimum = NumberLiteral(parameter.Minimum);
        var maximum = NumberLiteral(parameter.Maximum);
        if (minimum is null && maximum is null) return;
        // Locals start with "__", which no name from the document can produce, so they never hide a parameter.
        var checkedValue = local ?? value;
        var conditions = new List<string>();
        if (minimum is not null) conditions.Add(checkedValue + (parameter.ExclusiveMinimum ? " > " : " >= ") + minimum);
        if (maximum is not null) conditions.Add(checkedValue + (parameter.ExclusiveMaximum ? " < " : " <= ") + maximum);
        var range = (minimum is null ? "" : (parameter.ExclusiveMinimum ? "greater than " : "at least ") + minimum)
            + (minimum is not null && maximum is not null ? " and " : "")
            + (maximum is null ? "" : (parameter.ExclusiveMaximum ? "less than " : "at most ") + maximum);
        var message = Literal(parameter.Name + " ('" + parameter.WireName + "') must be " + range + ".");
        var test = local is null ? "!(" + string.Join(" && ", conditions) + ")" : value + " is { } " + local + " && !(" + string.Join(" && ", conditions) + ")";
        writer.Write($$"""
            if ({{test}})
            {
                throw new global::System.ArgumentOutOfRangeException(nameof({{argument}}), {{checkedValue}}, {{message}});
            }
            """);
    }

    private static string? NumberLiteral(string? text)
    {
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value)) return null;
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private string QueryAdd(ParameterSpec parameter, string requestName)
    {
        var name = Literal(parameter.WireName);
        var value = requestName + "." + parameter.Name;
        if (StyledQueryAdd(parameter, value) is { } styled) return styled;
        var type = parameter.Type;
        if (IsIntegerEnum(type)) return "__query.Add(" + name + ", (long?)" + value + ");";
        if (type.Kind == TypeKind.Named) return "__query.Add(" + name + ", " + value + (parameter.Required ? ".Value" : "?.Value") + ");";
        if (type.Kind != TypeKind.Array) return "__query.Add(" + name + ", " + value + ");";
        var text = type.Element!.Kind switch
        {
            TypeKind.String => null,
            TypeKind.Named => ScalarValue(type.Element!, "item"),
            _ => QueryBuilder + ".Format(item)",
        };
        return text is null
            ? "__query.Add(" + name + ", " + value + ");"
            : "__query.Add(" + name + ", " + value + " is null ? null : global::System.Linq.Enumerable.Select(" + value + ", static item => " + text + "));";
    }

    /// <summary>
    /// A parameter value as the runtime formats it: a string enum's text, an integer enum's number (so the query builder
    /// writes it in the invariant culture), a primitive as it is. Objects and unions are never parameters.
    /// </summary>
    private string ScalarValue(TypeRef type, string value) => type.Kind != TypeKind.Named ? value : KindOf(type) switch
    {
        TypeSpecKind.StringEnum => value + ".Value",
        TypeSpecKind.IntegerEnum => "(long)" + value,
        TypeSpecKind.Object or TypeSpecKind.Union => throw new System.InvalidOperationException(type.Name + " cannot be a parameter."),
    };

    /// <summary>The path as an expression: literal parts and each path parameter formatted and escaped as one segment.</summary>
    private string PathExpression(OperationSpec operation, OperationNames names)
    {
        var template = operation.PathTemplate;
        if (names.PathParameters.Count == 0) return Literal(template);
        var parts = new List<string>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (close < 0)
            {
                parts.Add(Literal(template.Substring(position)));
                break;
            }
            if (open > position) parts.Add(Literal(template.Substring(position, open - position)));
            var index = names.PathParameters.FindIndex(p => p.WireName == template.Substring(open + 1, close - open - 1));
            if (index < 0)
            {
                parts.Add(Literal(template.Substring(open, close - open + 1)));
            }
            else
            {
                parts.Add(PathPart(names.PathParameters[index], names.Path[index]));
            }
            position = close + 1;
        }
        return string.Join(" + ", parts);
    }
}
