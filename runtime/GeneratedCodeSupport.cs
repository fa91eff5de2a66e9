using System;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>Reads one JSON value from a reader positioned on its first token.</summary>
/// <typeparam name="T">The type read.</typeparam>
/// <param name="reader">The reader, on the value's first token; left on its last token.</param>
/// <returns>The value.</returns>
public delegate T JsonValueReader<T>(ref Utf8JsonReader reader);

/// <summary>Writes one JSON value.</summary>
/// <typeparam name="T">The type written.</typeparam>
/// <param name="writer">The writer.</param>
/// <param name="value">The value.</param>
public delegate void JsonValueWriter<in T>(Utf8JsonWriter writer, T value);

public static partial class JsonHelpers
{
    /// <summary>Writes one value as a UTF-8 JSON document.</summary>
    /// <typeparam name="T">The type written.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="write">The generated writer for the value.</param>
    /// <returns>The UTF-8 JSON bytes.</returns>
    public static byte[] Serialize<T>(T value, JsonValueWriter<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a whole UTF-8 JSON document as one value; anything but whitespace after it is an error.</summary>
    /// <typeparam name="T">The type read.</typeparam>
    /// <param name="utf8Json">The document.</param>
    /// <param name="read">The generated reader for the value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The document is not valid JSON of the expected shape.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            throw new JsonException("The response body is empty where a JSON value was expected.");
        }

        var value = read(ref reader);
        if (reader.Read())
        {
            throw new JsonException(FormattableString.Invariant($"Unexpected data after the JSON value at byte offset {reader.TokenStartIndex}."));
        }

        return value;
    }

    /// <summary>Reads any JSON value as a <see cref="JsonElement"/> that owns its memory.</summary>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <returns>The element.</returns>
    public static JsonElement ReadJson(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Throws unless the reader is on the start of an object.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeName">The type being read, for the message.</param>
    /// <exception cref="JsonException">The token is not <c>{</c>.</exception>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw UnexpectedToken(ref reader, "an object (" + typeName + ")");
        }
    }

    /// <summary>Throws unless the reader is on the start of an array.</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="JsonException">The token is not <c>[</c>.</exception>
    public static void ExpectStartArray(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw UnexpectedToken(ref reader, "an array");
        }
    }

    /// <summary>The error for an object that lacks a property its document marks required.</summary>
    /// <param name="typeName">The type being read.</param>
    /// <param name="propertyName">The JSON name of the missing property.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException MissingRequired(string typeName, string propertyName) =>
        new("The required property '" + propertyName + "' of " + typeName + " is missing or null.");

    /// <summary>
    /// The string value of a top-level property of the object the reader is on, without moving the
    /// caller's reader (it is passed by value). Null when the property is absent or not a string, or
    /// the reader is not on an object.
    /// </summary>
    /// <param name="reader">A copy of the reader, on <c>{</c>.</param>
    /// <param name="propertyName">The UTF-8 property name.</param>
    /// <returns>The discriminator value, or null.</returns>
    public static string? PeekDiscriminator(Utf8JsonReader reader, ReadOnlySpan<byte> propertyName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var matches = reader.ValueTextEquals(propertyName);
            reader.Read();
            if (matches)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return null;
    }
}

public sealed partial class QueryBuilder
{
    /// <summary>A string as one escaped path segment.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The escaped segment.</returns>
    public static string EscapePathSegment(string value) => Uri.EscapeDataString(value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A string value as it is.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(string value) => value;

    /// <summary>An integer in the invariant culture.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A number in the invariant culture, as query values are written.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(double value) => FormatDouble(value);

    /// <summary><c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>An instant in UTC, ISO 8601, as query values are written.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTimeOffset value) => IsoDateTime.Format(value);
}
