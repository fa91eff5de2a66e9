using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;
using OpenApiStyle = Microsoft.OpenApi.ParameterStyle;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Reads an operation's request body under each media type it offers: JSON (any +json type), form fields, multipart
/// parts, text and binary. The preferred one (JSON first, then form, multipart, text, binary) is the operation's own
/// method; every other becomes a method of its own whose name ends with a suffix naming the media type
/// (<c>UpdateNoteFormAsync</c>, <c>UploadMultipartAsync</c>, <c>ImportTextAsync</c>, <c>PatchMergePatchJsonAsync</c>).
/// A media type that cannot be sent (multipart/mixed, a form body that is not an object) is skipped with CG0004
/// when it is the only one offered.
/// </summary>
internal sealed class BodyReader
{
    private readonly ModelContext _context;
    private readonly SchemaMapper _schemas;

    public BodyReader(ModelContext context, SchemaMapper schemas)
    {
        _context = context;
        _schemas = schemas;
    }

    /// <summary>The preferred body and the others, each with its suffix; false (with CG0004) when no offered media type can be sent.</summary>
    public bool TryRead(OperationSite site, string methodName, NameScope members, out BodySpec? body, out List<BodySpec> others)
    {
        body = null;
        others = new List<BodySpec>();
        if (site.Operation.RequestBody is not { Content: { Count: > 0 } content } requestBody) return true;
        var offered = content
            .Select(c => (MediaType: c.Key, Kind: KindOf(c.Key, c.Value?.Schema), c.Value))
            .Where(c => c.Kind is not null)
            .OrderBy(c => (int)c.Kind!.Value)
            .ThenBy(c => MediaTypes.IsPlainJson(c.MediaType) ? 0 : 1)
            .ToList();
        var problems = new List<string>();
        foreach (var (mediaType, kind, media) in offered)
        {
            var suffix = body is null ? string.Empty : SuffixFor(mediaType, kind!.Value, others);
            var at = new BodySite(site, methodName + suffix, mediaType, media, requestBody.Required, requestBody.Description, suffix);
            var spec = Read(at, kind!.Value, problems);
            if (spec is null) continue;
            if (body is null) body = spec;
            else
            {
                var name = members.Claim(methodName + suffix);
                members.Claim(name + GeneratedMembers.AsyncSuffix);
                others.Add(spec with { MethodSuffix = name.Substring(methodName.Length) });
            }
        }
        if (body is not null) return true;
        var unsupported = content.Keys.Where(k => KindOf(k, null) is null).Select(k => k + " is not a media type the client can send");
        _context.Report(Descriptors.OperationSkipped, site.Pointer + "/requestBody", site.Display,
            "its request body cannot be sent: " + string.Join("; ", problems.Concat(unsupported)));
        return false;
    }

    private BodySpec? Read(BodySite at, BodyKind kind, List<string> problems) => kind switch
    {
        BodyKind.Json => new BodySpec(BodyKind.Json, MediaTypes.Bare(at.MediaType), MapSchema(at, "Body"), at.Required, at.Description, at.Suffix, default, null, default),
        BodyKind.Form => ReadForm(at, problems),
        BodyKind.Multipart => ReadMultipart(at, problems),
        BodyKind.Text => new BodySpec(BodyKind.Text, MediaTypes.Bare(at.MediaType), TypeRef.String, at.Required, at.Description, at.Suffix, default, null, default),
        BodyKind.Binary => new BodySpec(BodyKind.Binary, BinaryMediaType(at.MediaType), null, at.Required, at.Description, at.Suffix, default, null, default),
    };

    private TypeRef MapSchema(BodySite at, string nameSuffix) => at.Media?.Schema is { } schema
        ? _schemas.Map(schema, at.MethodName + nameSuffix, at.Pointer + "/schema")
        : TypeRef.Json;

    /// <summary>A form body: the schema's model, written field by field with the encoding object's styles.</summary>
    private BodySpec? ReadForm(BodySite at, List<string> problems)
    {
        var type = MapSchema(at, "Form");
        // An object without declared properties (Stripe's DELETE bodies: properties {}, additionalProperties false) maps to
        // free-form JSON: the caller passes a JsonElement object, or nothing when the body is optional.
        var isObject = type.Kind == TypeKind.Map
            || type.Kind == TypeKind.Named && _context.Types.TryGetValue(type.Name!, out var named) && named.Kind == TypeSpecKind.Object
            || type.Kind == TypeKind.Json && ((at.Media?.Schema?.Type ?? JsonSchemaType.Object) & JsonSchemaType.Object) != 0;
        if (!isObject)
        {
            problems.Add(at.MediaType + " needs an object schema, one field per property");
            return null;
        }
        var encodings = new List<FormEncodingSpec>();
        foreach (var pair in at.Media?.Encoding ?? new Dictionary<string, OpenApiEncoding>())
        {
            if (pair.Value.Style is null && pair.Value.Explode is null) continue;
            var style = pair.Value.Style ?? OpenApiStyle.Form;
            encodings.Add(new FormEncodingSpec(pair.Key, FormStyleName(style), pair.Value.Explode ?? style == OpenApiStyle.Form));
        }
        return new BodySpec(BodyKind.Form, "application/x-www-form-urlencoded", type, at.Required, at.Description, at.Suffix,
            encodings.OrderBy(e => e.WireName, StringComparer.Ordinal).ToEquatableArray(), null, default);
    }

    /// <summary>The runtime's FormStyle member for a style; a style OpenAPI allows only for parameters is read as form.</summary>
    private static string FormStyleName(OpenApiStyle style) => style switch
    {
        OpenApiStyle.SpaceDelimited => "SpaceDelimited",
        OpenApiStyle.PipeDelimited => "PipeDelimited",
        OpenApiStyle.DeepObject => "DeepObject",
        OpenApiStyle.Form or OpenApiStyle.Simple or OpenApiStyle.Label or OpenApiStyle.Matrix or OpenApiStyle.Cookie => "Form",
    };

    /// <summary>A multipart body: one part per property of its object schema, files where the schema says binary.</summary>
    private BodySpec? ReadMultipart(BodySite at, List<string> problems)
    {
        var schema = _context.Facts.Unwrap(at.Media?.Schema);
        var properties = schema is null ? null : _context.Facts.PropertiesOf(schema);
        if (schema is null || properties is null || properties.Count == 0)
        {
            problems.Add(at.MediaType + " needs an object schema with properties, one part per property");
            return null;
        }
        var typeName = _context.Names.Claim(at.MethodName + "Body");
        var names = ModelNames.RecordMembers(typeName);
        var required = new HashSet<string>(_context.Facts.RequiredPropertiesOf(schema), StringComparer.Ordinal);
        var parts = new List<PartSpec>();
        foreach (var pair in properties)
        {
            var name = names.Claim(Identifiers.ToPascalCase(pair.Key));
            var pointer = JsonPointer.Append(at.Pointer + "/schema/properties", pair.Key);
            parts.Add(ReadPart(pair.Key, name, pair.Value, required.Contains(pair.Key), typeName, pointer));
        }
        return new BodySpec(BodyKind.Multipart, "multipart/form-data", null, at.Required, at.Description, at.Suffix, default, typeName, parts.ToEquatableArray());
    }

    private PartSpec ReadPart(string wireName, string name, IOpenApiSchema schema, bool required, string typeName, string pointer)
    {
        var description = SchemaFacts.DescriptionOf(schema);
        if (IsBinary(schema)) return new PartSpec(wireName, name, PartKind.File, null, required, description);
        var unwrapped = _context.Facts.Unwrap(schema);
        if (unwrapped?.Items is { } items && IsBinary(items)) return new PartSpec(wireName, name, PartKind.Files, null, required, description);
        var type = _schemas.Map(schema, typeName + Identifiers.ToPascalCase(wireName), pointer);
        var kind = _context.IsScalar(type) ? PartKind.Text
            : type.Kind == TypeKind.Array && _context.IsScalar(type.Element!) ? PartKind.TextList
            : PartKind.Json;
        return new PartSpec(wireName, name, kind, type, required, description);
    }

    private bool IsBinary(IOpenApiSchema schema) =>
        _context.Facts.Unwrap(schema) is { } target
        && ((target.Type ?? 0) & JsonSchemaType.String) != 0
        && target.Format == "binary";


    /// <summary>How a media type's body is sent; null for one that cannot be (multipart other than form-data).</summary>
    internal static BodyKind? KindOf(string mediaType, IOpenApiSchema? schema)
    {
        var bare = MediaTypes.Bare(mediaType).ToLowerInvariant();
        if (MediaTypes.IsJson(bare)) return BodyKind.Json;
        if (bare == "application/x-www-form-urlencoded") return BodyKind.Form;
        if (bare == "multipart/form-data") return BodyKind.Multipart;
        if (bare.StartsWith("multipart/", StringComparison.Ordinal)) return null;
        if (schema is { Format: "binary" }) return BodyKind.Binary;
        if (bare.StartsWith("text/", StringComparison.Ordinal) || bare.EndsWith("/xml", StringComparison.Ordinal) || bare.EndsWith("+xml", StringComparison.Ordinal)) return BodyKind.Text;
        return BodyKind.Binary;
    }

    /// <summary>A wildcard (image/*, */*) cannot be sent as a Content-Type: the caller's stream goes as application/octet-stream.</summary>
    private static string BinaryMediaType(string mediaType) => MediaTypes.Bare(mediaType).Contains("*") ? "application/octet-stream" : MediaTypes.Bare(mediaType);

    /// <summary>The suffix of a method for a media type other than the preferred one.</summary>
    private static string SuffixFor(string mediaType, BodyKind kind, List<BodySpec> others)
    {
        var subtype = MediaTypes.Bare(mediaType);
        subtype = subtype.Substring(subtype.IndexOf('/') + 1);
        if (subtype.StartsWith("x-", StringComparison.OrdinalIgnoreCase)) subtype = subtype.Substring(2);
        return kind switch
        {
            BodyKind.Form => "Form",
            BodyKind.Multipart => "Multipart",
            BodyKind.Text when subtype.Equals("plain", StringComparison.OrdinalIgnoreCase) => "Text",
            BodyKind.Binary when subtype.Equals("octet-stream", StringComparison.OrdinalIgnoreCase) || subtype.Contains("*") => "Binary",
            BodyKind.Json or BodyKind.Text or BodyKind.Binary => Identifiers.ToPascalCase(subtype),
        };
    }

    /// <summary>One media type of a request body, where it is, and the method it belongs to.</summary>
    private sealed record BodySite(OperationSite Site, string MethodName, string MediaType, IOpenApiMediaType? Media, bool Required, string? Description, string Suffix)
    {
        public string Pointer { get; } = JsonPointer.Append(Site.Pointer + "/requestBody/content", MediaType);
    }
}
