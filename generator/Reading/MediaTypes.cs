using System;

namespace CallsGen.Generator.Reading;

/// <summary>The one reading of a media type's name, shared by bodies, responses and content parameters.</summary>
internal static class MediaTypes
{
    /// <summary>The type without its parameters: <c>application/json; charset=utf-8</c> gives <c>application/json</c>.</summary>
    public static string Bare(string mediaType) => mediaType.Split(';')[0].Trim();

    /// <summary>application/json or any +json type (merge-patch, problem, vendor types).</summary>
    public static bool IsJsonType(string mediaType)
    {
        var bare = Bare(mediaType);
        return bare.Equals("application/json", StringComparison.OrdinalIgnoreCase) || bare.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A JSON type, or */* (which body and response reading has always accepted as JSON).</summary>
    public static bool IsJson(string mediaType) => IsJsonType(mediaType) || Bare(mediaType) == "*/*";

    /// <summary>application/json itself, preferred over the other JSON types.</summary>
    public static bool IsPlainJson(string mediaType) => Bare(mediaType).Equals("application/json", StringComparison.OrdinalIgnoreCase);
}
