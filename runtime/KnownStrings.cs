using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>
/// A fixed set of strings (the values of a generated enum), found by their text or by their UTF-8 bytes in
/// constant time, so a value read from JSON reuses the known string instead of allocating one. Built once per
/// generated type; lookups are thread-safe. Generated code calls this type; it is not meant for other use.
/// </summary>
/// <remarks>
/// A table rather than a generated <c>switch</c>: the compiler's cost for a switch over thousands of strings
/// grows faster than the number of cases, while this table costs the compiler one array initializer.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class KnownStrings
{
    private readonly string[] _values;
    private readonly byte[] _utf8;
    private readonly int[] _starts;
    private readonly int[] _slots;
    private readonly int _mask;
    private readonly int _maxByteLength;
    private readonly Dictionary<string, int> _byText;

    /// <summary>Creates the table; a value listed twice is found at its first index.</summary>
    /// <param name="values">The strings, in the order their indexes refer to.</param>
    public KnownStrings(params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        _starts = new int[values.Length + 1];
        var total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(values[i], nameof(values));
            _starts[i] = total;
            total += Encoding.UTF8.GetByteCount(values[i]);
        }

        _starts[values.Length] = total;
        _utf8 = new byte[total];
        _byText = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, values.Length * 2));
        _slots = new int[size];
        _mask = size - 1;
        for (var i = 0; i < values.Length; i++)
        {
            var bytes = _utf8.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);
            Encoding.UTF8.GetBytes(values[i], bytes);
            _maxByteLength = Math.Max(_maxByteLength, bytes.Length);
            if (!_byText.TryAdd(values[i], i))
            {
                continue;
            }

            var slot = (int)Hash(bytes) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
        }
    }

    /// <summary>How many strings the table holds.</summary>
    public int Count => _values.Length;

    /// <summary>The string at <paramref name="index"/>.</summary>
    /// <param name="index">The index, from 0 to <see cref="Count"/> - 1.</param>
    public string this[int index] => _values[index];

    /// <summary>The index of <paramref name="value"/>, or -1.</summary>
    /// <param name="value">The string to find (ordinal comparison).</param>
    /// <returns>The index, or -1 when the table does not hold it.</returns>
    public int IndexOf(string? value) => value is not null && _byText.TryGetValue(value, out var index) ? index : -1;

    /// <summary>The index of the string whose UTF-8 encoding is <paramref name="utf8"/>, or -1.</summary>
    /// <param name="utf8">The bytes to find.</param>
    /// <returns>The index, or -1 when the table does not hold them.</returns>
    public int IndexOf(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _maxByteLength)
        {
            return -1;
        }

        var slot = (int)Hash(utf8) & _mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                return -1;
            }

            var start = _starts[entry - 1];
            if (utf8.SequenceEqual(_utf8.AsSpan(start, _starts[entry] - start)))
            {
                return entry - 1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>
    /// The index of the string or property name the reader is on (escaped or split across buffers too), or -1.
    /// </summary>
    /// <param name="reader">A reader on a <see cref="JsonTokenType.String"/> or <see cref="JsonTokenType.PropertyName"/> token.</param>
    /// <returns>The index, or -1 when the table does not hold the value (or the token is of another kind).</returns>
    public int IndexOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            return -1;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return IndexOf(reader.ValueSpan);
        }

        // Unescaping never makes a value longer, and a value longer than every known string matches none: a buffer
        // one byte longer than the longest is enough, and a value that does not fit it is no match.
        var rawLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        var size = (int)Math.Min(rawLength, _maxByteLength + 1L);
        byte[]? rented = null;
        var buffer = size <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var written = reader.CopyString(buffer.Slice(0, size));
            return IndexOf(buffer.Slice(0, written));
        }
        catch (ArgumentException)
        {
            return -1;
        }
        catch (InvalidOperationException)
        {
            // The escapes do not make valid UTF-8 (a lone surrogate): no known string is like that.
            return -1;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Maps every string to a value, in order (for a generated enum's list of known values).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="create">Makes the value of one string.</param>
    /// <returns>The values, one per string, in the table's order.</returns>
    public T[] Select<T>(Func<string, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var result = new T[_values.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = create(_values[i]);
        }

        return result;
    }

    // A fast multiplicative hash over 4-byte words; the table is fixed, so there is nothing to flood.
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 0x9E3779B9u ^ (uint)bytes.Length;
        var i = 0;
        for (; i + 4 <= bytes.Length; i += 4)
        {
            hash = BitOperations.RotateLeft((hash ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(i))) * 0x85EBCA6Bu, 13);
        }

        for (; i < bytes.Length; i++)
        {
            hash = BitOperations.RotateLeft((hash ^ bytes[i]) * 0xC2B2AE35u, 11);
        }

        hash ^= hash >> 16;
        hash *= 0x7FEB352Du;
        hash ^= hash >> 15;
        return hash;
    }
}
