using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>
/// A JSON value kept as it came (a union value no variant took): its exact UTF-8 bytes, with a
/// <see cref="JsonElement"/> made from them only when asked for. Generated code calls this type; it is not meant for
/// other use.
/// </summary>
/// <remarks>
/// While a response is decoded from a buffer the runtime owns (<see cref="JsonHelpers.Deserialize{T}(byte[], JsonValueReader{T})"/>,
/// a buffered or streamed client call), a kept value is one copy of its bytes, found from the reader's positions in
/// that buffer. Elsewhere (a converter that System.Text.Json calls) it is read through a <see cref="JsonElement"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonRawValue
{
    [ThreadStatic]
    private static byte[]? t_source;

    [ThreadStatic]
    private static int t_sourceOffset;

    [ThreadStatic]
    private static int t_sourceLength;

    private readonly byte[]? _utf8;
    private JsonElement? _element;

    private JsonRawValue(byte[] utf8) => _utf8 = utf8;

    private JsonRawValue(JsonElement element) => _element = element;

    /// <summary>The value's UTF-8 JSON text.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8 is { } bytes ? bytes : JsonMarshal.GetRawUtf8Value(_element!.Value);

    /// <summary>The value as a <see cref="JsonElement"/> (made on first use, then kept).</summary>
    public JsonElement Element => _element ??= JsonElement.Parse(_utf8);

    /// <summary>Keeps a copy of <paramref name="element"/>.</summary>
    /// <param name="element">The value.</param>
    /// <returns>The kept value.</returns>
    public static JsonRawValue FromElement(JsonElement element) => new(element.Clone());

    /// <summary>Reads the value the reader is on (its first token), leaving the reader on its last token.</summary>
    /// <param name="reader">The reader.</param>
    /// <returns>The kept value.</returns>
    /// <exception cref="JsonException">The value is not valid JSON, or not valid UTF-8.</exception>
    public static JsonRawValue Read(ref Utf8JsonReader reader)
    {
        if (t_source is null || reader.HasValueSequence)
        {
            return new JsonRawValue(JsonHelpers.ReadJson(ref reader));
        }

        long start = reader.TokenStartIndex;
        JsonHelpers.Skip(ref reader);
        return FromSource(start, reader.BytesConsumed);
    }

    /// <summary>
    /// Takes the object <paramref name="reader"/> starts, which <paramref name="end"/> (a copy of it) has already read to its
    /// end: the reader moves to the end, and the value is not read again when its bytes can be copied.
    /// </summary>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <param name="end">A copy of the reader, on the value's last token.</param>
    /// <returns>The kept value.</returns>
    /// <exception cref="JsonException">The value is not valid JSON, or not valid UTF-8.</exception>
    public static JsonRawValue ReadScanned(ref Utf8JsonReader reader, ref Utf8JsonReader end)
    {
        if (t_source is null || reader.HasValueSequence)
        {
            return new JsonRawValue(JsonHelpers.ReadJson(ref reader));
        }

        long start = reader.TokenStartIndex;
        reader = end;
        return FromSource(start, reader.BytesConsumed);
    }

    /// <summary>Writes the value's JSON text, exactly as it came.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(Utf8, skipInputValidation: true);
    }

    /// <summary>The JSON text.</summary>
    /// <returns>The value's JSON, as it came.</returns>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8);

    private static JsonRawValue FromSource(long start, long end)
    {
        if (start < 0 || end > t_sourceLength || end < start)
        {
            throw new InvalidOperationException("The reader does not read the buffer being decoded.");
        }

        var bytes = t_source.AsSpan(t_sourceOffset + (int)start, (int)(end - start)).ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new JsonException(FormattableString.Invariant($"The value at byte offset {start} is not valid UTF-8."));
        }

        return new JsonRawValue(bytes);
    }

    /// <summary>
    /// Marks <paramref name="length"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> as what readers on this
    /// thread read, until the returned scope is disposed; values kept raw are then copied from it.
    /// </summary>
    internal static SourceScope Decoding(byte[] buffer, int offset, int length)
    {
        var scope = new SourceScope(t_source, t_sourceOffset, t_sourceLength, restores: true);
        t_source = buffer;
        t_sourceOffset = offset;
        t_sourceLength = length;
        if (buffer is not null) (t_repeated ??= new RepeatedStrings()).Clear();
        return scope;
    }

    [ThreadStatic]
    private static RepeatedStrings? t_repeated;

    /// <summary>
    /// The string the reader is on (unescaped, in one segment), shared with an equal one read before from the same buffer:
    /// a response that repeats long strings (a transcript line in a call's messages, its artifact and their OpenAI form)
    /// makes each once. False when no buffer is marked; the caller then reads the string itself.
    /// </summary>
    internal static bool TryReadRepeated(ref Utf8JsonReader reader, out string value)
    {
        value = null!;
        if (t_source is not { } source || t_repeated is not { } repeated)
        {
            return false;
        }

        return repeated.TryGet(ref reader, source.AsSpan(t_sourceOffset, t_sourceLength), out value);
    }

    /// <summary>A small table of strings read in this decode, by where their bytes are; bounded, later ones replace earlier.</summary>
    private sealed class RepeatedStrings
    {
        private const int Size = 4096;
        private readonly int[] _starts = new int[Size];
        private readonly int[] _lengths = new int[Size];
        private readonly string?[] _strings = new string?[Size];

        public void Clear() => Array.Clear(_strings);

        public bool TryGet(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, out string value)
        {
            var bytes = reader.ValueSpan;
            int start = (int)reader.TokenStartIndex + 1;
            if ((uint)(start + bytes.Length) > (uint)source.Length)
            {
                value = null!;
                return false;
            }

            int slot = (int)(Hash(bytes) & (Size - 1));
            if (_strings[slot] is { } cached && _lengths[slot] == bytes.Length && source.Slice(_starts[slot], bytes.Length).SequenceEqual(bytes))
            {
                value = cached;
                return true;
            }

            value = reader.GetString()!;
            _starts[slot] = start;
            _lengths[slot] = bytes.Length;
            _strings[slot] = value;
            return true;
        }

        // The length and three 8-byte samples (start, middle, end; strings here are at least 24 bytes): enough to spread
        // the table, and a collision only costs a miss (the bytes are compared in full before a string is shared).
        private static ulong Hash(ReadOnlySpan<byte> bytes)
        {
            ulong first = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            ulong middle = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice((bytes.Length / 2) - 4));
            ulong last = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(bytes.Length - 8));
            ulong hash = ((ulong)bytes.Length * 0x9E3779B97F4A7C15UL) ^ first;
            hash = System.Numerics.BitOperations.RotateLeft(hash * 0xFF51AFD7ED558CCDUL, 31) ^ middle;
            hash = System.Numerics.BitOperations.RotateLeft(hash * 0xC4CEB9FE1A85EC53UL, 29) ^ last;
            // A final avalanche, so a difference in any sampled byte reaches the low bits that pick the slot.
            hash = (hash ^ (hash >> 33)) * 0xFF51AFD7ED558CCDUL;
            return hash ^ (hash >> 33);
        }
    }

    /// <summary>Whether <paramref name="json"/> is exactly the region marked by <see cref="Decoding"/>.</summary>
    internal static bool IsSource(ReadOnlySpan<byte> json) =>
        t_source is { } source && json.Length == t_sourceLength
        && (json.Length == 0 || Unsafe.AreSame(ref MemoryMarshal.GetReference(json), ref source[t_sourceOffset]));

    /// <summary>Suspends the mark while a reader over other memory runs.</summary>
    internal static SourceScope NotDecoding() => Decoding(null!, 0, 0);

    /// <summary>Restores the marked region that was current before (the default scope restores nothing).</summary>
    internal readonly struct SourceScope(byte[]? source, int offset, int length, bool restores) : IDisposable
    {
        public void Dispose()
        {
            if (!restores) return;
            t_source = source;
            t_sourceOffset = offset;
            t_sourceLength = length;
        }
    }
}
