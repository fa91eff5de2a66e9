using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Responses: the method's return type and the send that reads each kind (none, JSON, text, a stream, a result by
/// status), the Accept header, the decoder of the error bodies the document declares, and the result classes.
/// </summary>
internal sealed partial class Emitter
{
    private const string ResponseStream = Runtime + ".ResponseStream";

    private const string ApiResponse = Runtime + ".ApiResponse";

    private string ResponseReturnType(OperationSpec operation) => operation.Reading.ReturnsHeaders
        ? HeadersReturnType(operation)
        : operation.Reading.Kind switch
        {
            ResponseKind.None => Task,
            ResponseKind.Json => operation.ResponseType is null ? Task : Task + "<" + TypeName(operation.ResponseType) + ">",
            ResponseKind.Text => Task + "<string>",
            ResponseKind.Binary => Task + "<" + ResponseStream + ">",
            ResponseKind.ByStatus => Task + "<" + Qualified(operation.Reading.ResultTypeName!) + ">",
        };

    private string SendStatement(OperationSpec operation, string token) => operation.Reading.ReturnsHeaders
        ? HeadersSendStatement(operation, token)
        : operation.Reading.Kind switch
        {
            ResponseKind.None => "return _connection.SendAsync(__request, " + token + ");",
            ResponseKind.Json => operation.ResponseType is null
                ? "return _connection.SendAsync(__request, " + token + ");"
                : "return _connection.SendAsync(__request, static json => " + Support + ".Deserialize(json, " + ReaderDelegate(operation.ResponseType) + "), " + token + ");",
            ResponseKind.Text => "return _connection.SendForTextAsync(__request, " + token + ");",
            ResponseKind.Binary => "return _connection.SendForStreamAsync(__request, " + token + ");",
            ResponseKind.ByStatus => "return _connection.SendAsync(__request, static (status, json) => " + Qualified(operation.Reading.ResultTypeName!) + ".Decode(status, json), " + token + ");",
        };

    /// <summary>The operation again, returning the response's status and headers with its body (see ApiResponse).</summary>
    private void EmitWithHeaders(SourceWriter writer, OperationSpec operation)
    {
        var reading = operation.Reading;
        if (reading.HeadersMethodName is not { } name) return;
        writer.Line();
        var description = "Also returns the response's status code and headers; the document declares " + string.Join(", ", reading.Headers) + ".";
        EmitOperation(writer, operation with
        {
            MethodName = name,
            Summary = operation.Summary ?? operation.Description,
            Description = description + (operation.Summary is null ? string.Empty : "\n" + operation.Description),
            StreamMethodName = null,
            Paging = null,
            OtherBodies = default,
            Response = reading with { ReturnsHeaders = true },
        }, stream: false);
    }

    private string HeadersReturnType(OperationSpec operation) => operation.Reading.Kind switch
    {
        ResponseKind.None => Task + "<" + ApiResponse + ">",
        ResponseKind.Json => operation.ResponseType is null ? Task + "<" + ApiResponse + ">" : Task + "<" + ApiResponse + "<" + TypeName(operation.ResponseType) + ">>",
        ResponseKind.ByStatus => Task + "<" + ApiResponse + "<" + Qualified(operation.Reading.ResultTypeName!) + ">>",
        ResponseKind.Text or ResponseKind.Binary => throw new System.InvalidOperationException("A " + operation.Reading.Kind + " response has no headers method."),
    };

    private string HeadersSendStatement(OperationSpec operation, string token) => operation.Reading.Kind switch
    {
        ResponseKind.None => "return _connection.SendForResponseAsync(__request, " + token + ");",
        ResponseKind.Json => operation.ResponseType is null
            ? "return _connection.SendForResponseAsync(__request, " + token + ");"
            : "return _connection.SendForResponseAsync(__request, static (status, json) => " + Support + ".Deserialize(json, " + ReaderDelegate(operation.ResponseType) + "), " + token + ");",
        ResponseKind.ByStatus => "return _connection.SendForResponseAsync(__request, static (status, json) => " + Qualified(operation.Reading.ResultTypeName!) + ".Decode(status, json), " + token + ");",
        ResponseKind.Text or ResponseKind.Binary => throw new System.InvalidOperationException("A " + operation.Reading.Kind + " response has no headers method."),
    };

    /// <summary>The <c>ApiRequest</c> initializers for the Accept header and the error bodies.</summary>
    private IEnumerable<string> ResponseMembers(OperationSpec operation)
    {
        if (operation.Reading.Accept is { } accept) yield return "Accept = " + Literal(accept) + ",";
        var errors = operation.Reading.Errors;
        if (errors.Count == 0) yield break;
        var arms = errors.Select(e => "        " + ErrorPattern(e.Status) + " => " + Runtime + ".ApiErrors.Decode(__error, " + ReaderDelegate(e.Type) + "),").ToList();
        if (errors.All(e => e.Status != "default")) arms.Add("        _ => __error,");
        yield return "ErrorDecoder = static __error => __error.StatusCode switch\n    {\n" + string.Join("\n", arms) + "\n    },";
    }

    private static string ErrorPattern(string status) => status switch
    {
        "default" => "_",
        _ when status.EndsWith("XX") => ">= " + status[0] + "00 and <= " + status[0] + "99",
        _ => status,
    };

    /// <summary>The result classes of the operations with several success bodies.</summary>
    private void EmitResultTypes(SourceWriter writer, List<OperationSpec> operations)
    {
        foreach (var operation in operations.Where(o => o.Reading.Kind == ResponseKind.ByStatus))
        {
            writer.Line();
            EmitResultType(writer, operation);
        }
    }

    private void EmitResultType(SourceWriter writer, OperationSpec operation)
    {
        var name = operation.Reading.ResultTypeName!;
        writer.Write($$"""
            /// <summary>What <see cref="{{_spec.ClientName}}.{{operation.MethodName}}Async"/> answered: <see cref="StatusCode"/> says which success it was, and the member for that status holds its body.</summary>
            public sealed partial class {{name}}
            {
                private {{name}}(int statusCode, object? body)
                {
                    StatusCode = statusCode;
                    _body = body;
                }

                private readonly object? _body;

                /// <summary>The response's status code.</summary>
                public int StatusCode { get; }
            """);
        writer.Indent();
        foreach (var status in operation.Reading.Statuses)
        {
            var code = status.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            writer.Line();
            writer.Line("/// <summary>Whether the status was " + code + ".</summary>");
            writer.Line("public bool Is" + status.MemberName + " => StatusCode == " + code + ";");
            if (status.Type is null) continue;
            writer.Line();
            writer.Line("/// <summary>The body of the " + code + " response; null for any other status.</summary>");
            writer.Line("public " + TypeName(status.Type) + "? " + status.MemberName + " => StatusCode == " + code + " ? (" + TypeName(status.Type) + ")_body! : null;");
        }
        writer.Line();
        writer.Line("internal static " + name + " Decode(int status, global::System.ReadOnlySpan<byte> json) => status switch");
        writer.Line("{");
        foreach (var status in operation.Reading.Statuses.Where(s => s.Type is not null))
        {
            writer.Line("    " + status.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + " => new " + name + "(status, " + Support + ".Deserialize(json, " + ReaderDelegate(status.Type!) + ")),");
        }
        writer.Line("    _ => new " + name + "(status, null),");
        writer.Line("};");
        writer.Close();
    }
}
