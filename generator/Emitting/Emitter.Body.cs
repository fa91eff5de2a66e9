using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Request bodies: the argument type for each kind, the <c>ApiRequest</c> member that sends it, the methods for the media
/// types other than the preferred one, and the parts class of a multipart body.
/// </summary>
internal sealed partial class Emitter
{
    private const string Stream = "global::System.IO.Stream";
    private const string ApiFile = Runtime + ".ApiFile";
    private const string RequestBody = Runtime + ".RequestBody";

    /// <summary>The C# type of a body argument.</summary>
    private string BodyTypeName(BodySpec body) => body.Kind switch
    {
        BodyKind.Json or BodyKind.Form => TypeName(body.Type!),
        BodyKind.Multipart => Qualified(body.PartsTypeName!),
        BodyKind.Text => "string",
        BodyKind.Binary => Stream,
    };

    private bool BodyIsValueType(BodySpec body) => body.Kind is BodyKind.Json or BodyKind.Form && IsValueType(body.Type!);

    /// <summary>The <c>ApiRequest</c> initializer that sends <paramref name="argument"/>; a missing optional body sends no body at all (no Content-Type).</summary>
    private string BodyMember(BodySpec body, string argument)
    {
        var value = argument + (!body.Required && BodyIsValueType(body) ? ".Value" : string.Empty);
        if (body.Kind == BodyKind.Json && body.MediaType == "application/json")
        {
            var serialize = Support + ".Serialize(" + value + ", " + WriterDelegate(body.Type!) + ")";
            return "JsonBody = " + (body.Required ? serialize : argument + " is null ? (global::System.ReadOnlyMemory<byte>?)null : " + serialize) + ",";
        }
        var create = body.Kind switch
        {
            BodyKind.Json => RequestBody + ".Json(" + Support + ".Serialize(" + value + ", " + WriterDelegate(body.Type!) + "), " + Literal(body.MediaType) + ")",
            BodyKind.Form => RequestBody + ".Form(" + Runtime + ".FormEncoder.Encode(" + Support + ".Serialize(" + value + ", " + WriterDelegate(body.Type!) + ")" + FormEncodings(body) + "))",
            BodyKind.Multipart => value + ".ToBody()",
            BodyKind.Text => RequestBody + ".Text(" + value + ", " + Literal(body.MediaType) + ")",
            BodyKind.Binary => RequestBody + ".Stream(" + value + ", " + Literal(body.MediaType) + ")",
        };
        return "Body = " + (body.Required ? create : argument + " is null ? null : " + create) + ",";
    }

    private static string FormEncodings(BodySpec body) => body.Encodings.Count == 0
        ? string.Empty
        : ", new " + Runtime + ".FormFieldEncoding[] { " + string.Join(", ", body.Encodings.Select(e =>
            "new(" + Literal(e.WireName) + ", " + Runtime + ".FormStyle." + e.Style + ", " + (e.Explode ? "true" : "false") + ")")) + " }";

    /// <summary>The method of each media type the operation offers besides its preferred one.</summary>
    private void EmitOtherBodies(SourceWriter writer, OperationSpec operation)
    {
        foreach (var body in operation.OtherBodies)
        {
            writer.Line();
            EmitOperation(writer, operation with { MethodName = operation.MethodName + body.MethodSuffix, Body = body, StreamMethodName = null, Paging = null }, stream: false);
        }
    }

    /// <summary>The parts classes of the multipart bodies of <paramref name="operations"/>.</summary>
    private void EmitPartsTypes(SourceWriter writer, List<OperationSpec> operations)
    {
        var bodies = operations.SelectMany(o => new[] { o.Body }.Concat(o.OtherBodies)).Where(b => b is { Kind: BodyKind.Multipart });
        foreach (var body in bodies)
        {
            writer.Line();
            EmitPartsType(writer, body!);
        }
    }

    private void EmitPartsType(SourceWriter writer, BodySpec body)
    {
        writer.Write($$"""
            /// <summary>The parts of a <c>multipart/form-data</c> body, one per property; files are streamed when the request is sent.</summary>
            public sealed partial class {{body.PartsTypeName}}
            {
            """);
        writer.Indent();
        foreach (var part in body.Parts)
        {
            Doc(writer, part.Description);
            writer.Line("public " + (part.Required ? "required " : string.Empty) + PartTypeName(part) + (part.Required ? string.Empty : "?") + " " + part.Name + " { get; init; }");
            writer.Line();
        }
        writer.Line("/// <summary>The body that sends these parts, in the order of the document's properties.</summary>");
        writer.Open("public " + Runtime + ".MultipartBody ToBody()");
        writer.Line("var __body = new " + Runtime + ".MultipartBody();");
        foreach (var part in body.Parts) writer.Line(AddPart(part));
        writer.Line("return __body;");
        writer.Close();
        writer.Close();
    }

    private string PartTypeName(PartSpec part) => part.Kind switch
    {
        PartKind.File => ApiFile,
        PartKind.Files => IReadOnlyList + "<" + ApiFile + ">",
        PartKind.Text or PartKind.TextList or PartKind.Json => TypeName(part.Type!),
    };

    private string AddPart(PartSpec part)
    {
        var name = Literal(part.WireName);
        var value = "this." + part.Name;
        var present = part.Required && IsValueType(part.Type ?? TypeRef.Json) ? value : null;
        return part.Kind switch
        {
            PartKind.File => "__body.AddFile(" + name + ", " + value + ");",
            PartKind.Files => "__body.AddFiles(" + name + ", " + value + ");",
            PartKind.Text => present is not null
                ? "__body.AddText(" + name + ", " + ScalarText(part.Type!, value) + ");"
                : "if (" + value + " is { } __" + part.Name + ") __body.AddText(" + name + ", " + ScalarText(part.Type!, "__" + part.Name) + ");",
            PartKind.TextList => "if (" + value + " is { } __" + part.Name + ") foreach (var __item in __" + part.Name + ") __body.AddText(" + name + ", " + ScalarText(part.Type!.Element!, "__item") + ");",
            PartKind.Json => "if (" + value + " is { } __" + part.Name + ") __body.AddJson(" + name + ", " + Support + ".Serialize(__" + part.Name + ", " + WriterDelegate(part.Type!) + "));",
        };
    }

    /// <summary>A scalar as a part's text, in the invariant culture; an enum as its wire value.</summary>
}
