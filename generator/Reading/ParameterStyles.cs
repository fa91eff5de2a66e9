using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using Microsoft.OpenApi;
using ParameterLocation = CallsGen.Generator.Model.ParameterLocation;
using ParameterStyle = CallsGen.Generator.Model.ParameterStyle;

namespace CallsGen.Generator.Reading;

/// <summary>
/// How a parameter is serialized: its style, explode and allowReserved, or its <c>content</c> media type, checked
/// against its location and the shape of its value (one value, an array of values, an object of values) as OpenAPI's
/// style table defines them. A combination the table leaves undefined for a single value (a pipe-delimited scalar) is
/// written as the one value it is, and a deepObject array with indexes (<c>expand[0]=a&amp;expand[1]=b</c>, as Stripe and the
/// form-body encoder write arrays); any other combination it leaves undefined, and any value a style cannot express,
/// is a reason to skip the operation.
/// </summary>
internal sealed class ParameterStyles
{
    private readonly ModelContext _context;

    public ParameterStyles(ModelContext context) => _context = context;

    /// <summary>The value's shape: a single value, an array of them, or an object (record or map) of them.</summary>
    public enum Shape
    {
        Value,
        Array,
        Object,
    }

    /// <summary>The schema that describes the value: its own, or the one under its single <c>content</c> media type.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="json">Whether the value is sent as JSON text (<c>content: application/json</c>).</param>
    /// <param name="problem">Why the parameter cannot be sent; null when it can.</param>
    public static IOpenApiSchema? SchemaOf(IOpenApiParameter parameter, out bool json, out string? problem)
    {
        json = false;
        problem = null;
        if (parameter.Schema is not null || parameter.Content is not { Count: > 0 } content) return parameter.Schema;
        var media = content.First();
        if (MediaTypes.IsJsonType(media.Key))
        {
            json = true;
        }
        else if (!MediaTypes.Bare(media.Key).StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            problem = "parameter '" + parameter.Name + "' is described by content '" + media.Key + "'; only JSON and text content parameters are generated";
        }
        return media.Value?.Schema;
    }

    /// <summary>The encoding the document gives a parameter (defaults filled in by the reader).</summary>
    public static ParameterEncoding Read(IOpenApiParameter parameter, ParameterLocation location, bool json)
    {
        var defaults = ParameterEncoding.DefaultFor(location);
        if (json) return defaults with { Json = true };
        var style = parameter.Style is { } given ? StyleOf(given) : defaults.Style;
        return new ParameterEncoding(style, parameter.Explode, parameter.AllowReserved && location == ParameterLocation.Query, false);
    }

    /// <summary>
    /// Why a parameter with this encoding and type cannot be sent (null when it can); <paramref name="encoding"/> may be
    /// adjusted to what is written.
    /// </summary>
    public string? Check(string wireName, ParameterLocation location, TypeRef type, ref ParameterEncoding encoding)
    {
        var shape = ShapeOf(type, out var why);
        if (encoding.Json) return null;
        if (shape is null) return "parameter '" + wireName + "' " + why + "; describe it with content: application/json to send it as JSON";
        var style = encoding.Style;
        var allowed = location switch
        {
            ParameterLocation.Path => style is ParameterStyle.Simple or ParameterStyle.Label or ParameterStyle.Matrix,
            ParameterLocation.Query => style is ParameterStyle.Form or ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited or ParameterStyle.DeepObject,
            ParameterLocation.Header => style == ParameterStyle.Simple,
            ParameterLocation.Cookie => style == ParameterStyle.Form,
        };
        if (!allowed) return "parameter '" + wireName + "' has style " + Spelling(style) + ", which OpenAPI does not define for " + location.ToString().ToLowerInvariant() + " parameters";
        // One value has no delimiter to choose: a space-, pipe-delimited or deepObject scalar is written name=value.
        if (shape == Shape.Value && style is ParameterStyle.SpaceDelimited or ParameterStyle.PipeDelimited or ParameterStyle.DeepObject) encoding = encoding with { Style = ParameterStyle.Form };
        return null;
    }

    /// <summary>The shape of a value of <paramref name="type"/>; null, with <paramref name="why"/>, when no style can write it.</summary>
    public Shape? ShapeOf(TypeRef type, out string why)
    {
        why = string.Empty;
        if (_context.IsScalar(type)) return Shape.Value;
        if (type.Kind == TypeKind.Array && _context.IsScalar(type.Element!)) return Shape.Array;
        if (type.Kind == TypeKind.Map && _context.IsScalar(type.Element!)) return Shape.Object;
        if (type.Kind == TypeKind.Named && _context.Types.TryGetValue(type.Name!, out var named) && named.Kind == TypeSpecKind.Object)
        {
            var nested = named.Properties.FirstOrDefault(p => !_context.IsScalar(p.Type));
            if (nested is null) return Shape.Object;
            why = "is an object whose property '" + nested.WireName + "' is not a single value, which parameter styles cannot express";
            return null;
        }
        why = type.Kind switch
        {
            TypeKind.Array or TypeKind.Map => "holds " + (type.Kind == TypeKind.Array ? "an array" : "a map") + " of values that are not single values, which parameter styles cannot express",
            TypeKind.Json => "is free-form JSON, which parameter styles cannot express",
            _ => "is a union of several shapes, which parameter styles cannot express",
        };
        return null;
    }


    private static ParameterStyle StyleOf(Microsoft.OpenApi.ParameterStyle style) => style switch
    {
        Microsoft.OpenApi.ParameterStyle.Simple => ParameterStyle.Simple,
        Microsoft.OpenApi.ParameterStyle.Label => ParameterStyle.Label,
        Microsoft.OpenApi.ParameterStyle.Matrix => ParameterStyle.Matrix,
        Microsoft.OpenApi.ParameterStyle.Form => ParameterStyle.Form,
        // OpenAPI 3.2's cookie style: name=value pairs joined by "; ", as cookies are written here anyway.
        Microsoft.OpenApi.ParameterStyle.Cookie => ParameterStyle.Form,
        Microsoft.OpenApi.ParameterStyle.SpaceDelimited => ParameterStyle.SpaceDelimited,
        Microsoft.OpenApi.ParameterStyle.PipeDelimited => ParameterStyle.PipeDelimited,
        Microsoft.OpenApi.ParameterStyle.DeepObject => ParameterStyle.DeepObject,
    };

    private static string Spelling(ParameterStyle style) => char.ToLowerInvariant(style.ToString()[0]) + style.ToString().Substring(1);
}
