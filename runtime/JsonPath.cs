using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>Names the place in a JSON document at a byte offset, as a JSON path such as <c>$[3].costs[0].type</c>.</summary>
internal static class JsonPath
{
    /// <summary>
    /// The path of the value at or just before <paramref name="offset"/>. Used only to explain a failure,
    /// so it rescans the document; a document that is broken before the offset gives the path where it breaks.
    /// </summary>
    public static string At(ReadOnlySpan<byte> json, long offset)
    {
        var frames = new List<(bool IsArray, int Index, string? Property)>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenStartIndex >= offset && reader.TokenType != JsonTokenType.PropertyName)
                {
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        // At the end of a container: the path is the container itself.
                        frames[^1] = (frames[^1].IsArray, -1, null);
                    }
                    else
                    {
                        NextElement(frames);
                    }

                    break;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        SetProperty(frames, NameOf(ref reader));
                        if (reader.TokenStartIndex >= offset)
                        {
                            return Format(frames);
                        }

                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextElement(frames);
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        continue;
                    default:
                        NextElement(frames);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // The document breaks here: the path so far is where.
        }

        return Format(frames);
    }

    /// <summary>
    /// The path of the token that holds the byte at <paramref name="offset"/> (for example the string with an invalid UTF-8
    /// byte in it); for a byte between tokens, the token before it.
    /// </summary>
    public static string Containing(ReadOnlySpan<byte> json, long offset)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        long start = 0;
        try
        {
            while (reader.Read() && reader.TokenStartIndex <= offset)
            {
                start = reader.TokenStartIndex;
            }
        }
        catch (JsonException)
        {
            // The document breaks at or before the offset: the last token read is the place.
        }

        return At(json, start);
    }

    /// <summary>
    /// A property name for a path. Only explains a failure, so a name that cannot be made a string (invalid UTF-8, an escaped
    /// lone surrogate) is shown with U+FFFD in place of what cannot be read rather than failing again.
    /// </summary>
    private static string NameOf(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    private static void SetProperty(List<(bool IsArray, int Index, string? Property)> frames, string? name)
    {
        if (frames.Count > 0)
        {
            frames[^1] = (false, -1, name);
        }
    }

    private static void NextElement(List<(bool IsArray, int Index, string? Property)> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = (true, frames[^1].Index + 1, null);
        }
    }

    private static string Format(List<(bool IsArray, int Index, string? Property)> frames)
    {
        var builder = new StringBuilder("$");
        foreach (var (isArray, index, property) in frames)
        {
            if (isArray && index >= 0)
            {
                builder.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else if (!isArray && property is not null)
            {
                builder.Append(IsPlain(property) ? "." + property : "['" + property.Replace("'", "\\'", StringComparison.Ordinal) + "']");
            }
        }

        return builder.ToString();
    }

    private static bool IsPlain(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
