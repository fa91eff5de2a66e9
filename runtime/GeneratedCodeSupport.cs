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
    /// <exception cref="JsonException">
    /// The document is not valid JSON of the expected shape, or a string in it cannot be read (the message and
    /// <see cref="JsonException.Path"/> name where).
    /// </exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, JsonValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        // Values kept raw are copied from the buffer when the caller marked this span as the one being decoded.
        using var source = JsonRawValue.IsSource(utf8Json) ? default : JsonRawValue.NotDecoding();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            throw new JsonException("The response body is empty where a JSON value was expected.");
        }

        T value;
        try
        {
            value = read(ref reader);
            if (reader.Read())
            {
                throw new JsonException(FormattableString.Invariant($"Unexpected data after the JSON value at byte offset {reader.TokenStartIndex}."));
            }
        }
        catch (Exception failure) when (failure is JsonException || Utf8Text.IsReaderFailure(failure))
        {
            // Only on failure: find where in the document the reader stopped, as a JSON path. A string the reader could not
            // make (invalid UTF-8, an escaped lone surrogate) is a decoding failure like any other, not an InvalidOperationException.
            JsonException exception = failure as JsonException ?? Utf8Text.ReaderFailure((InvalidOperationException)failure, reader.TokenStartIndex, "value");
            var offset = Math.Max(reader.TokenStartIndex, exception.BytePositionInLine is null ? 0 : reader.BytesConsumed);
            var path = JsonPath.At(utf8Json, offset);
            throw new JsonException(exception.Message + " (at " + path + ")", path, exception.LineNumber, exception.BytePositionInLine, failure);
        }

        return value;
    }

    /// <summary>Reads a whole UTF-8 JSON document as one value; see <see cref="Deserialize{T}(ReadOnlySpan{byte}, JsonValueReader{T})"/>.</summary>
    /// <typeparam name="T">The type read.</typeparam>
    /// <param name="utf8Json">The document; values kept raw are copied from it directly.</param>
    /// <param name="read">The generated reader for the value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="JsonException">The document is not valid JSON of the expected shape, or a string in it cannot be read.</exception>
    public static T Deserialize<T>(byte[] utf8Json, JsonValueReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var source = JsonRawValue.Decoding(utf8Json, 0, utf8Json.Length);
        return Deserialize((ReadOnlySpan<byte>)utf8Json, read);
    }

    /// <summary>Keeps the value the reader is on as raw JSON under <paramref name="name"/>, creating the dictionary when needed.</summary>
    /// <param name="additional">The object's extension data.</param>
    /// <param name="name">The JSON property name.</param>
    /// <param name="reader">The reader, on the value's first token; left on its last.</param>
    /// <exception cref="JsonException">The value is not valid JSON, or not valid UTF-8 (it could not be read later).</exception>
    public static void KeepRaw(ref System.Collections.Generic.Dictionary<string, JsonElement>? additional, string name, ref Utf8JsonReader reader)
    {
        JsonElement value = ParseChecked(ref reader);
        (additional ??= new System.Collections.Generic.Dictionary<string, JsonElement>(StringComparer.Ordinal))[name] = value;
    }

    /// <summary>
    /// <see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/>, refusing text that is not valid UTF-8: the reader does not
    /// check it, and the element would throw <see cref="InvalidOperationException"/> when its strings are read later.
    /// </summary>
    private static JsonElement ParseChecked(ref Utf8JsonReader reader)
    {
        long start = reader.TokenStartIndex;
        JsonElement element = JsonElement.ParseValue(ref reader);
        if (!System.Text.Unicode.Utf8.IsValid(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)))
        {
            throw new JsonException(FormattableString.Invariant($"The value at byte offset {start} is not valid UTF-8."));
        }

        return element;
    }

    /// <summary>
    /// Whether <paramref name="additional"/> keeps, under <paramref name="key"/>, a number or boolean whose JSON
    /// text is <paramref name="text"/>: a value that arrived where a string was promised and was not changed since.
    /// </summary>
    /// <param name="additional">The object's extension data.</param>
    /// <param name="key">The JSON property name.</param>
    /// <param name="text">The typed property's text.</param>
    /// <returns>Whether the raw value should be written instead of the string.</returns>
    public static bool IsRawText(System.Collections.Generic.IReadOnlyDictionary<string, JsonElement>? additional, string key, string? text) =>
        additional is not null && additional.TryGetValue(key, out var raw) && IsRawText(raw, text);

    /// <summary>Whether <paramref name="raw"/> is a number or boolean whose JSON text is <paramref name="text"/>.</summary>
    /// <param name="raw">The raw value.</param>
    /// <param name="text">The typed property's text.</param>
    /// <returns>Whether they match.</returns>
    public static bool IsRawText(JsonElement raw, string? text) =>
        text is not null && raw.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False && raw.GetRawText() == text;

    /// <summary>Reads a string; a number or boolean is kept as its JSON text. False, without moving, for any other token.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <param name="value">The string.</param>
    /// <returns>Whether the token could be read as a string.</returns>
    /// <exception cref="JsonException">The token is a string that is not valid UTF-8.</exception>
    public static bool TryReadString(ref Utf8JsonReader reader, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
    {
        if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False)
        {
            value = ReadString(ref reader);
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>; false for any other token.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <param name="value">The boolean.</param>
    /// <returns>Whether the token is a boolean.</returns>
    public static bool TryReadBoolean(ref Utf8JsonReader reader, out bool value)
    {
        value = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>Reads a whole number in the range of <see cref="long"/> (also written as <c>3.0</c> or <c>1e3</c>); false otherwise.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <param name="value">The integer.</param>
    /// <returns>Whether the token is such a number.</returns>
    public static bool TryReadInt64(ref Utf8JsonReader reader, out long value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        if (reader.TryGetInt64(out value))
        {
            return true;
        }

        if (reader.TryGetDouble(out double d) && d == Math.Floor(d) && d >= -9.2233720368547758E18 && d < 9.2233720368547758E18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>Reads a finite number as a <see cref="double"/>; false otherwise.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <param name="value">The number.</param>
    /// <returns>Whether the token is such a number.</returns>
    public static bool TryReadDouble(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        if (!reader.HasValueSequence && JsonNumbers.TryParseSimple(reader.ValueSpan, out value))
        {
            return true;
        }

        return reader.TryGetDouble(out value) && double.IsFinite(value);
    }

    /// <summary>Reads an ISO 8601 date-time string (see <see cref="ReadDateTimeOffset(ref Utf8JsonReader)"/>); false for anything else.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <param name="value">The instant.</param>
    /// <returns>Whether the token is such a string.</returns>
    /// <exception cref="JsonException">The string cannot be read (an escaped lone surrogate).</exception>
    public static bool TryReadDateTimeOffset(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        try
        {
            bool hasOffset = !reader.HasValueSequence && !reader.ValueIsEscaped
                ? HasOffset(reader.ValueSpan)
                : HasOffset(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!));
            if (hasOffset)
            {
                return reader.TryGetDateTimeOffset(out value);
            }

            if (reader.TryGetDateTime(out DateTime clock))
            {
                value = new DateTimeOffset(clock.Ticks, TimeSpan.Zero);
                return true;
            }

            return false;
        }
        catch (InvalidOperationException exception) when (Utf8Text.IsReaderFailure(exception))
        {
            throw Utf8Text.ReaderFailure(exception, reader.TokenStartIndex, "string");
        }
    }

    /// <summary>Reads any JSON value as a <see cref="JsonElement"/> that owns its memory.</summary>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <returns>The element.</returns>
    /// <exception cref="JsonException">The value is not valid JSON, or not valid UTF-8 (its strings could not be read later).</exception>
    public static JsonElement ReadJson(ref Utf8JsonReader reader) => ParseChecked(ref reader);

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
    /// The index in <paramref name="tags"/> of the string value of the top-level property <paramref name="propertyName"/> of the
    /// object the reader is on (a union's discriminator), without moving the caller's reader (it is passed by value); -1 when
    /// the reader is not on an object, the property is missing or not a string, or its value is not one of the tags.
    /// </summary>
    /// <param name="reader">A copy of the reader, on the object's first token.</param>
    /// <param name="propertyName">The discriminator's UTF-8 name.</param>
    /// <param name="tags">The tags the union knows.</param>
    /// <returns>The tag's index, or -1.</returns>
    /// <exception cref="JsonException">A property name cannot be read (invalid UTF-8, an escaped lone surrogate).</exception>
    public static int FindTag(Utf8JsonReader reader, ReadOnlySpan<byte> propertyName, KnownStrings tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            bool matches;
            try
            {
                matches = reader.ValueTextEquals(propertyName);
            }
            catch (InvalidOperationException exception) when (Utf8Text.IsReaderFailure(exception))
            {
                throw Utf8Text.ReaderFailure(exception, reader.TokenStartIndex, "property name");
            }

            reader.Read();
            if (matches)
            {
                return reader.TokenType == JsonTokenType.String ? tags.IndexOf(ref reader) : -1;
            }

            // TrySkip, not Skip: under System.Text.Json's chunked reads the reader holds the whole value but is not final.
            if (!reader.TrySkip())
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// Moves the reader from the first token of a value to its last, like <see cref="Utf8JsonReader.Skip"/>, but also on a
    /// reader that is not final (System.Text.Json hands a converter such a reader when it reads in chunks, with the whole
    /// value buffered), where <see cref="Utf8JsonReader.Skip"/> throws.
    /// </summary>
    /// <param name="reader">The reader, on the value's first token (or on a property name, whose value is skipped).</param>
    /// <exception cref="JsonException">The value does not end within the data the reader holds.</exception>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw new JsonException(FormattableString.Invariant($"The JSON value at byte offset {reader.TokenStartIndex} is incomplete."));
        }
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
