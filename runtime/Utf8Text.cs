using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CallsGen.Runtime;

/// <summary>
/// UTF-8 checks for response bodies. <see cref="Utf8JsonReader"/> does not check the UTF-8 inside strings (a later
/// <c>GetString</c> then throws <see cref="InvalidOperationException"/>), so bodies are checked before they are decoded,
/// and the helpers that make strings turn a failed transcoding into a <see cref="JsonException"/>.
/// </summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that does not belong to a valid UTF-8 sequence, or -1 when all of it is valid.</summary>
    /// <remarks>Overlong forms, UTF-16 surrogates encoded in UTF-8, values above U+10FFFF and a sequence cut at the end are all invalid.</remarks>
    public static int IndexOfInvalid(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        // Only on failure: walk to the offending sequence, skipping ASCII runs at vector speed.
        int offset = 0;
        while (offset < bytes.Length)
        {
            int ascii = bytes.Slice(offset).IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0)
            {
                return -1;
            }

            offset += ascii;
            if (Rune.DecodeFromUtf8(bytes.Slice(offset), out _, out int consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    /// <summary>
    /// How many leading bytes of <paramref name="bytes"/> can be checked now: all of them, less a sequence at the end that
    /// may still be completed by bytes not read yet.
    /// </summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes)
    {
        for (int back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            byte b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: look further back for the lead
            }

            int needed = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            return needed > back ? bytes.Length - back : bytes.Length;
        }

        return bytes.Length;
    }

    /// <summary>
    /// The error for a body (or one streamed item) that is not valid UTF-8: it names the byte, its offset and the JSON path
    /// of the value or property name holding it, like a JSON syntax error does.
    /// </summary>
    /// <param name="json">The body or item.</param>
    /// <param name="offset">The offset of the first invalid byte in <paramref name="json"/>.</param>
    /// <param name="what">"response body" or "item".</param>
    /// <param name="pathInMessage">Whether the message itself ends with the path (the streaming caller adds its own).</param>
    public static JsonException InvalidException(ReadOnlySpan<byte> json, int offset, string what, bool pathInMessage)
    {
        string path = JsonPath.Containing(json, offset);
        int lineStart = json.Slice(0, offset).LastIndexOf((byte)'\n') + 1;
        long line = json.Slice(0, offset).Count((byte)'\n');
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"The {what} is not valid UTF-8: the byte 0x{json[offset]:X2} at byte offset {offset} does not belong to a valid UTF-8 sequence{(pathInMessage ? " (at " + path + ")" : string.Empty)}.");
        return new JsonException(message, path, line, offset - lineStart);
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is System.Text.Json's reader failing to make a string (invalid UTF-8, an escaped
    /// lone surrogate) or reading a token as the wrong kind: a decoding failure, which its serializer also reports as a
    /// <see cref="JsonException"/>.
    /// </summary>
    public static bool IsReaderFailure(Exception exception) =>
        exception is InvalidOperationException invalid &&
        (invalid.InnerException is DecoderFallbackException ||
         string.Equals(invalid.Source, "System.Text.Json.Rethrowable", StringComparison.Ordinal));

    /// <summary>The <see cref="JsonException"/> for a reader failure on the token at <paramref name="offset"/>.</summary>
    /// <param name="exception">The reader's exception.</param>
    /// <param name="offset">Where the token starts, when known.</param>
    /// <param name="what">"string", "property name" or "value".</param>
    public static JsonException ReaderFailure(InvalidOperationException exception, long? offset, string what)
    {
        string where = offset is long at ? string.Create(CultureInfo.InvariantCulture, $" at byte offset {at}") : string.Empty;
        return new JsonException(
            exception.InnerException is DecoderFallbackException
                ? $"The {what}{where} is not valid UTF-8."
                : $"The {what}{where} cannot be read: {exception.Message}",
            exception);
    }
}
