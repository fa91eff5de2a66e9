using System;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>
/// Small, allocation-light helpers for generated JSON code. Every <c>Read*</c> method expects the reader to be
/// positioned on the value token (as in a <c>JsonConverter</c>) and does not advance it; a token of the wrong kind throws a
/// <see cref="JsonException"/> naming what was expected, what was found and the byte offset of the token.
/// <c>Read*OrNull</c> variants also accept a JSON <c>null</c>.
/// </summary>
/// <remarks>This type supports the code CallsGen generates and is not meant to be called directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static partial class JsonHelpers
{
    /// <summary>
    /// Reads a JSON string. A number or boolean where a string was promised is kept as its JSON text
    /// (<c>false</c> gives "false", <c>1.50</c> gives "1.50"), so one off-spec value does not fail a response.
    /// </summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The unescaped string, or the JSON text of a number or boolean.</returns>
    /// <exception cref="JsonException">The token is an object, an array or <c>null</c>, or the string is not valid UTF-8.</exception>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return GetString(ref reader, "string");
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Number:
                // Servers sometimes send a number or boolean where their document promises a string;
                // the JSON text keeps the value exactly instead of failing the whole response.
                return Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
            default:
                throw UnexpectedToken(ref reader, "a string");
        }
    }

    /// <summary>
    /// Reads a property name (the reader on a <see cref="JsonTokenType.PropertyName"/> token), as
    /// <see cref="Utf8JsonReader.GetString"/> does, but a name that cannot be made a string (invalid UTF-8, an escaped lone
    /// surrogate) throws a <see cref="JsonException"/> instead of an <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="reader">The reader, on the property name.</param>
    /// <returns>The unescaped name.</returns>
    /// <exception cref="JsonException">The token is not a property name, or the name cannot be read.</exception>
    public static string ReadPropertyName(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            throw UnexpectedToken(ref reader, "a property name");
        }

        return GetString(ref reader, "property name");
    }

    /// <summary>Reads a JSON string or <c>null</c>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The string, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The token is neither a string nor <c>null</c>.</exception>
    public static string? ReadStringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader);

    /// <summary>Reads a JSON number as a <see cref="double"/>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The number.</returns>
    /// <exception cref="JsonException">The token is not a number, or the number does not fit a double.</exception>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "a number");
        }

        if (!TryReadDouble(ref reader, out double value))
        {
            throw new JsonException(FormattableString.Invariant($"The number at byte offset {reader.TokenStartIndex} does not fit a double."));
        }

        return value;
    }

    /// <summary>Reads a JSON number or <c>null</c> as a <see cref="double"/>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The number, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The token is neither a number nor <c>null</c>.</exception>
    public static double? ReadDoubleOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDouble(ref reader);

    /// <summary>
    /// Reads a JSON number as a <see cref="long"/>. Whole numbers written with a fraction or exponent (<c>3.0</c>, <c>1e3</c>)
    /// are accepted, since many servers send integers as JavaScript numbers.
    /// </summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="JsonException">The token is not a number, or not a whole number in the range of <see cref="long"/>.</exception>
    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw UnexpectedToken(ref reader, "an integer");
        }

        if (TryReadInt64(ref reader, out long value))
        {
            return value;
        }

        throw new JsonException(FormattableString.Invariant(
            $"Expected an integer (64-bit) but found the number '{Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan)}' at byte offset {reader.TokenStartIndex}."));
    }

    /// <summary>Reads a JSON number or <c>null</c> as a <see cref="long"/>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The integer, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The token is neither an integer nor <c>null</c>.</exception>
    public static long? ReadInt64OrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadInt64(ref reader);

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The boolean.</returns>
    /// <exception cref="JsonException">The token is not <c>true</c> or <c>false</c>.</exception>
    public static bool ReadBoolean(ref Utf8JsonReader reader) =>
        reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw UnexpectedToken(ref reader, "true or false"),
        };

    /// <summary>Reads <c>true</c>, <c>false</c> or <c>null</c>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The boolean, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The token is none of these.</exception>
    public static bool? ReadBooleanOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadBoolean(ref reader);

    /// <summary>
    /// Reads an ISO 8601 date-time string (culture-independent) such as <c>2026-03-01T10:00:00.000Z</c> or
    /// <c>2026-03-01T12:00:00+02:00</c>; the offset is kept. A value without an offset (or a date alone) is taken as UTC.
    /// </summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The instant.</returns>
    /// <exception cref="JsonException">The token is not a string, or the string is not an ISO 8601 date-time.</exception>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw UnexpectedToken(ref reader, "an ISO 8601 date-time string");
        }

        if (TryReadDateTimeOffset(ref reader, out DateTimeOffset value))
        {
            return value;
        }

        string text = GetString(ref reader, "string");
        if (text.Length > 64)
        {
            text = text.Substring(0, 64) + "…";
        }

        throw new JsonException(FormattableString.Invariant(
            $"Expected an ISO 8601 date-time string but found '{text}' at byte offset {reader.TokenStartIndex}."));
    }

    /// <summary>Reads an ISO 8601 date-time string or <c>null</c>; see <see cref="ReadDateTimeOffset(ref Utf8JsonReader)"/>.</summary>
    /// <param name="reader">The reader, on the value token.</param>
    /// <returns>The instant, or <see langword="null"/> for a JSON <c>null</c>.</returns>
    /// <exception cref="JsonException">The token is neither a date-time string nor <c>null</c>.</exception>
    public static DateTimeOffset? ReadDateTimeOffsetOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDateTimeOffset(ref reader);

    /// <summary>
    /// Writes a property whose value is the instant in UTC as ISO 8601 with a 'Z' suffix: milliseconds always
    /// (<c>2026-03-01T08:00:00.000Z</c>), seven fraction digits only when there are ticks below the millisecond.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The instant.</param>
    public static void WriteDateTimeOffset(Utf8JsonWriter writer, string name, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[IsoDateTime.MaxLength];
        int written = IsoDateTime.FormatUtf8(value, buffer);
        writer.WriteString(name, buffer.Slice(0, written));
    }

    /// <summary>Writes a property with a pre-encoded name; see <see cref="WriteDateTimeOffset(Utf8JsonWriter, string, DateTimeOffset)"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The pre-encoded property name.</param>
    /// <param name="value">The instant.</param>
    public static void WriteDateTimeOffset(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[IsoDateTime.MaxLength];
        int written = IsoDateTime.FormatUtf8(value, buffer);
        writer.WriteString(name, buffer.Slice(0, written));
    }

    /// <summary>Writes the instant as a value (for example an array item), in the format of <see cref="WriteDateTimeOffset(Utf8JsonWriter, string, DateTimeOffset)"/>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The instant.</param>
    public static void WriteDateTimeOffsetValue(Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> buffer = stackalloc byte[IsoDateTime.MaxLength];
        int written = IsoDateTime.FormatUtf8(value, buffer);
        writer.WriteStringValue(buffer.Slice(0, written));
    }

    /// <summary>Formats the instant the way the runtime sends it (UTC, ISO 8601, 'Z'), for path or header use.</summary>
    /// <param name="value">The instant.</param>
    /// <returns>For example <c>2026-03-01T08:00:00.000Z</c>.</returns>
    public static string FormatDateTimeOffset(DateTimeOffset value) => IsoDateTime.Format(value);

    /// <summary>
    /// Creates (does not throw) the exception for a token of the wrong kind, for example
    /// <c>Expected a string but found Number at byte offset 17.</c>
    /// </summary>
    /// <param name="reader">The reader, on the offending token.</param>
    /// <param name="expected">What was expected, for example <c>"a string"</c> or <c>"an object (Call)"</c>.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonException UnexpectedToken(ref Utf8JsonReader reader, string expected) =>
        new(FormattableString.Invariant($"Expected {expected} but found {Describe(reader.TokenType)} at byte offset {reader.TokenStartIndex}."));

    private static string Describe(JsonTokenType tokenType) =>
        tokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.EndObject => "the end of an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.EndArray => "the end of an array",
            JsonTokenType.PropertyName => "a property name",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => "null",
            JsonTokenType.Comment => "a comment",
            _ => "no token",
        };

    /// <summary><see cref="Utf8JsonReader.GetString"/>, with a failed transcoding reported as a <see cref="JsonException"/>.</summary>
    // Shorter strings are cheaper to make again than to look up.
    private const int RepeatedStringLength = 24;

    private static string GetString(ref Utf8JsonReader reader, string what)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length >= RepeatedStringLength
                && JsonRawValue.TryReadRepeated(ref reader, out string repeated))
            {
                return repeated;
            }

            return reader.GetString()!;
        }
        catch (InvalidOperationException exception) when (Utf8Text.IsReaderFailure(exception))
        {
            throw Utf8Text.ReaderFailure(exception, reader.TokenStartIndex, what);
        }
    }

    /// <summary>Whether an ISO 8601 text carries 'Z' or a numeric offset after its time part.</summary>
    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        int t = text.IndexOfAny((byte)'T', (byte)'t');
        if (t < 0)
        {
            return false;
        }

        return text.Slice(t + 1).IndexOfAny("Zz+-"u8) >= 0;
    }
}
