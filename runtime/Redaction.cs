using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>
/// Replaces secrets (the bearer token, secret-looking header values) with <c>[REDACTED]</c> in text that may quote what a
/// server sent back: as they are, and in the encodings a server may echo them in, applied to any subset of their characters
/// and nested up to three deep: JSON <c>\uXXXX</c> (surrogate pairs too) and the short escapes (<c>\/</c>, <c>\\</c>,
/// <c>\"</c>, <c>\'</c>, <c>\n</c>, ...), <c>\xHH</c>, percent-encoding of the UTF-8 bytes (<c>%2D</c>, <c>%2d</c>,
/// double-encoded <c>%252D</c>), HTML/XML character references (<c>&amp;#45;</c>, <c>&amp;#x2d;</c>, leading zeros, with
/// or without the <c>;</c>, and <c>&amp;amp;</c> <c>&amp;lt;</c> <c>&amp;gt;</c> <c>&amp;quot;</c> <c>&amp;apos;</c>), and
/// a JSON string inside a JSON string (<c>\\u002d</c>); hex digits in either case.
/// </summary>
/// <remarks>
/// <para>
/// The text is read as a graph: from each position, the characters it can stand for (itself, or what an encoding starting
/// there decodes to) and where each ends; these are worked out once per position. The secret is matched over that graph
/// by a bit-parallel scan (shift-and): one set of "this many characters of the secret end here" per position, so the work
/// is proportional to the text length times the secret length divided by 64, with no backtracking. Only when a whole
/// match ends somewhere is the graph walked back to find where it starts.
/// </para>
/// <para>
/// Where a text was cut (it ends early, or a '…' marks the cut), the secret's first four or more characters running into
/// the cut are redacted too. Not recognised: other transformations (case changes, Base64, a secret split by other text).
/// </para>
/// </remarks>
internal static class Redaction
{
    /// <summary>What replaces a secret.</summary>
    public const string Marker = "[REDACTED]";

    /// <summary>How many encodings deep a character may be wrapped (<c>%252D</c> and <c>\\u002d</c> are two).</summary>
    private const int MaxDepth = 3;

    /// <summary>The fewest leading characters of a secret that are redacted where a text was cut.</summary>
    private const int MinPartial = 4;

    /// <summary>How close to the end of a cut text a partial match may stop (inside an unfinished encoding).</summary>
    private const int MaxUnfinishedEncoding = 24;

    /// <summary>The most digits read in a character reference.</summary>
    private const int MaxReferenceDigits = 8;

    private const char Ellipsis = '\u2026';

    private static readonly (int CodePoint, string Name)[] s_namedReferences =
    [
        ('&', "amp"), ('<', "lt"), ('>', "gt"), ('"', "quot"), ('\'', "apos"),
    ];

    /// <summary>The JSON/JavaScript short escapes: the letter after the backslash, and what it stands for.</summary>
    private static readonly (char Letter, int CodePoint)[] s_shortEscapes =
    [
        ('"', '"'), ('\\', '\\'), ('/', '/'), ('\'', '\''), ('b', '\b'), ('f', '\f'), ('n', '\n'), ('r', '\r'), ('t', '\t'),
    ];

    /// <summary>The text with every occurrence of every secret, in any encoding, replaced with <see cref="Marker"/>.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="secrets">The secrets, longest first.</param>
    /// <param name="truncated">Whether the text was cut at its end, so a secret may run past it.</param>
    public static string? Redact(string? text, IReadOnlyList<string> secrets, bool truncated = false)
    {
        if (text is null)
        {
            return null;
        }

        foreach (string secret in secrets)
        {
            text = RedactOne(text, secret, truncated);
        }

        return text;
    }

    /// <summary>Whether the text holds any of the secrets, in any encoding <see cref="Redact"/> recognises.</summary>
    public static bool ContainsAny(string? text, IReadOnlyList<string> secrets) =>
        text is not null && !string.Equals(Redact(text, secrets), text, StringComparison.Ordinal);

    private static bool IsEscapeStart(char c) => c is '\\' or '%' or '&';

    private static string RedactOne(string text, string secret, bool truncated)
    {
        if (secret.Length == 0 || text.Length == 0)
        {
            return text;
        }

        if (!truncated && text.AsSpan().IndexOfAny('\\', '%', '&') < 0 && text.IndexOf(Ellipsis) < 0)
        {
            // Nothing in the text can encode a character or mark a cut: only the secret as it is can be there.
            return text.Replace(secret, Marker, StringComparison.Ordinal);
        }

        List<(int Start, int End)> cuts = new Scanner(text, secret, truncated).Scan();
        if (cuts.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        int copied = 0;
        foreach ((int start, int end) in cuts)
        {
            result.Append(text, copied, start - copied).Append(Marker);
            copied = end;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>One secret over one text.</summary>
    private sealed class Scanner
    {
        private readonly string _text;
        private readonly int[] _secret;
        private readonly bool _truncated;
        private readonly int _words;
        private readonly Dictionary<int, ulong[]> _masks = new();
        private readonly Dictionary<long, List<(int CodePoint, int End)>> _escapes = new();

        public Scanner(string text, string secret, bool truncated)
        {
            _text = text;
            _truncated = truncated;
            var codePoints = new List<int>(secret.Length);
            for (int i = 0; i < secret.Length; i++)
            {
                if (char.IsHighSurrogate(secret[i]) && i + 1 < secret.Length && char.IsLowSurrogate(secret[i + 1]))
                {
                    codePoints.Add(char.ConvertToUtf32(secret[i], secret[i + 1]));
                    i++;
                }
                else
                {
                    codePoints.Add(secret[i]);
                }
            }

            _secret = codePoints.ToArray();

            // Bit j of a state: the secret's first j characters end here (bit 0, "nothing matched yet", holds everywhere).
            _words = (_secret.Length + 1 + 63) / 64;
            for (int j = 0; j < _secret.Length; j++)
            {
                if (!_masks.TryGetValue(_secret[j], out ulong[]? mask))
                {
                    _masks[_secret[j]] = mask = new ulong[_words];
                }

                mask[j >> 6] |= 1UL << (j & 63);
            }
        }

        /// <summary>The ranges to replace, in order, not overlapping.</summary>
        public List<(int Start, int End)> Scan()
        {
            string text = _text;
            int length = _secret.Length;
            int partial = Math.Min(MinPartial, length);
            var cuts = new List<(int, int)>();
            var pending = new Dictionary<int, ulong[]>();
            var incoming = new Dictionary<int, List<(int Start, int CodePoint)>>();
            var decoded = new List<(int CodePoint, int End)>();
            var active = new ulong[_words];
            int from = 0; // no match may start before this (the end of the last cut)

            for (int position = 0; position <= text.Length; position++)
            {
                Array.Clear(active);
                if (pending.Remove(position, out ulong[]? reached))
                {
                    Array.Copy(reached, active, _words);
                }

                if (Has(active, length))
                {
                    // A whole match ends here (the earliest end). From its start, the text may also be read as the secret
                    // ending further on (the ';' of "&#45;", an escape read as its backslash first): take the longest.
                    int start = Backward(incoming, position, length, from);
                    int end = LongestEnd(start, position);
                    cuts.Add((start, end));
                    Restart(pending, active, ref from, end);
                    if (end > position)
                    {
                        position = end - 1;
                        continue;
                    }
                }
                else if (IsCut(position) && Highest(active, length - 1) is int matched && matched >= partial && matched < length)
                {
                    // The secret's start runs into a cut: redact it up to the cut ('…' stays; an unfinished encoding does not).
                    int end = position < text.Length && text[position] == Ellipsis ? position : text.Length;
                    cuts.Add((Backward(incoming, position, matched, from), end));
                    if (end == text.Length)
                    {
                        break;
                    }

                    Restart(pending, active, ref from, position);
                }

                if (position == text.Length)
                {
                    break;
                }

                active[0] |= 1; // a match may start here
                decoded.Clear();
                AddLiteral(position, decoded);
                if (IsEscapeStart(text[position]))
                {
                    decoded.AddRange(Escapes(position, MaxDepth));
                }

                foreach ((int codePoint, int end) in decoded)
                {
                    if (!_masks.TryGetValue(codePoint, out ulong[]? mask))
                    {
                        continue;
                    }

                    if (!incoming.TryGetValue(end, out List<(int, int)>? edges))
                    {
                        incoming[end] = edges = new List<(int, int)>(1);
                    }

                    edges.Add((position, codePoint));

                    // Shift-and: the prefixes matched here, extended by this character, end at 'end'.
                    ulong[]? next = null;
                    ulong carry = 0;
                    for (int w = 0; w < _words; w++)
                    {
                        ulong step = active[w] & mask[w];
                        ulong shifted = (step << 1) | carry;
                        carry = step >> 63;
                        if (shifted != 0)
                        {
                            if (next is null && !pending.TryGetValue(end, out next))
                            {
                                pending[end] = next = new ulong[_words];
                            }

                            next[w] |= shifted;
                        }
                    }
                }
            }

            return cuts;
        }

        /// <summary>Whether a secret may run into a cut at this position.</summary>
        private bool IsCut(int position) =>
            position < _text.Length && _text[position] == Ellipsis
            || _truncated && (position == _text.Length || (_text.Length - position <= MaxUnfinishedEncoding && IsEscapeStart(_text[position])));

        /// <summary>After a cut at <paramref name="position"/>: partial matches crossing it are dropped, and new ones start at it.</summary>
        private static void Restart(Dictionary<int, ulong[]> pending, ulong[] active, ref int from, int position)
        {
            pending.Clear();
            Array.Clear(active);
            from = position;
        }

        /// <summary>Where a match of the secret's first <paramref name="count"/> characters ending at <paramref name="end"/> starts (the earliest such start).</summary>
        private int Backward(Dictionary<int, List<(int Start, int CodePoint)>> incoming, int end, int count, int from)
        {
            var positions = new HashSet<int> { end };
            for (int j = count - 1; j >= 0; j--)
            {
                var previous = new HashSet<int>();
                foreach (int position in positions)
                {
                    if (incoming.TryGetValue(position, out List<(int Start, int CodePoint)>? edges))
                    {
                        foreach ((int start, int codePoint) in edges)
                        {
                            if (codePoint == _secret[j] && start >= from)
                            {
                                previous.Add(start);
                            }
                        }
                    }
                }

                positions = previous;
            }

            int earliest = end;
            foreach (int position in positions)
            {
                earliest = Math.Min(earliest, position);
            }

            return earliest;
        }

        /// <summary>The furthest end of a whole match of the secret from <paramref name="start"/> (at least <paramref name="end"/>).</summary>
        private int LongestEnd(int start, int end)
        {
            var positions = new List<int> { start };
            var decoded = new List<(int CodePoint, int End)>();
            foreach (int codePoint in _secret)
            {
                var next = new List<int>();
                foreach (int position in positions)
                {
                    if (position >= _text.Length)
                    {
                        continue;
                    }

                    decoded.Clear();
                    AddLiteral(position, decoded);
                    if (IsEscapeStart(_text[position]))
                    {
                        decoded.AddRange(Escapes(position, MaxDepth));
                    }

                    foreach ((int other, int otherEnd) in decoded)
                    {
                        if (other == codePoint)
                        {
                            AddOnce(next, otherEnd);
                        }
                    }
                }

                positions = next;
            }

            foreach (int position in positions)
            {
                end = Math.Max(end, position);
            }

            return end;
        }

        private static bool Has(ulong[] bits, int index) => (bits[index >> 6] & (1UL << (index & 63))) != 0;

        /// <summary>The highest set bit at or below <paramref name="limit"/>, or null.</summary>
        private static int? Highest(ulong[] bits, int limit)
        {
            for (int w = Math.Min(limit >> 6, bits.Length - 1); w >= 0; w--)
            {
                ulong word = bits[w];
                if (w == limit >> 6 && (limit & 63) < 63)
                {
                    word &= (1UL << ((limit & 63) + 1)) - 1;
                }

                if (word != 0)
                {
                    return (w << 6) + 63 - BitOperations.LeadingZeroCount(word);
                }
            }

            return null;
        }

        /// <summary>The character at <paramref name="position"/> as it is (a surrogate pair as one code point).</summary>
        private void AddLiteral(int position, List<(int CodePoint, int End)> into)
        {
            string text = _text;
            char c = text[position];
            if (char.IsHighSurrogate(c) && position + 1 < text.Length && char.IsLowSurrogate(text[position + 1]))
            {
                into.Add((char.ConvertToUtf32(c, text[position + 1]), position + 2));
            }
            else
            {
                into.Add((c, position + 1));
            }
        }

        /// <summary>Where a character <paramref name="c"/> (as it is, or encoded at most <paramref name="depth"/> deep) starting at <paramref name="position"/> ends.</summary>
        private void Ends(int position, int depth, int c, List<int> into)
        {
            if (position >= _text.Length)
            {
                return;
            }

            if (_text[position] == c)
            {
                AddOnce(into, position + 1);
            }

            if (depth > 0 && IsEscapeStart(_text[position]))
            {
                foreach ((int codePoint, int end) in Escapes(position, depth))
                {
                    if (codePoint == c)
                    {
                        AddOnce(into, end);
                    }
                }
            }
        }

        /// <summary>The hex digits (as they are, or encoded) starting at <paramref name="position"/>: their values and ends.</summary>
        private void HexDigits(int position, int depth, List<(int Value, int End)> into)
        {
            if (position >= _text.Length)
            {
                return;
            }

            if (HexValue(_text[position]) is int value)
            {
                into.Add((value, position + 1));
            }

            if (depth > 0 && IsEscapeStart(_text[position]))
            {
                foreach ((int codePoint, int end) in Escapes(position, depth))
                {
                    if (codePoint < 128 && HexValue((char)codePoint) is int encoded)
                    {
                        into.Add((encoded, end));
                    }
                }
            }
        }

        private static int? HexValue(char c) => c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => null,
        };

        /// <summary>
        /// Exactly <paramref name="count"/> hex digits (<paramref name="decimalOnly"/>: decimal digits) from each start:
        /// the values and where they end.
        /// </summary>
        private List<(int Value, int End)> Number(List<(int Value, int End)> starts, int depth, int count, bool decimalOnly = false)
        {
            List<(int Value, int End)> reached = starts;
            for (int i = 0; i < count && reached.Count > 0; i++)
            {
                var next = new List<(int Value, int End)>();
                var digits = new List<(int Value, int End)>();
                foreach ((int value, int end) in reached)
                {
                    digits.Clear();
                    HexDigits(end, depth, digits);
                    foreach ((int digit, int digitEnd) in digits)
                    {
                        if (!decimalOnly || digit < 10)
                        {
                            AddOnce(next, ((value * (decimalOnly ? 10 : 16)) + digit, digitEnd));
                        }
                    }
                }

                reached = next;
            }

            return reached;
        }

        /// <summary>What an encoding starting at <paramref name="position"/> (its own characters encoded at most <paramref name="depth"/> - 1 deep) stands for, and where it ends.</summary>
        private List<(int CodePoint, int End)> Escapes(int position, int depth)
        {
            long key = ((long)position << 2) | (uint)depth;
            if (_escapes.TryGetValue(key, out List<(int CodePoint, int End)>? cached))
            {
                return cached;
            }

            var result = new List<(int CodePoint, int End)>();
            _escapes[key] = result; // (no encoding contains itself: positions only grow)
            int inner = depth - 1;
            var ends = new List<int>();
            var after = new List<int>();

            // Backslash escapes: \uXXXX (and a surrogate pair of them), the short escapes, \xHH.
            Ends(position, inner, '\\', ends);
            foreach (int backslash in ends)
            {
                after.Clear();
                Ends(backslash, inner, 'u', after);
                foreach (int u in after)
                {
                    foreach ((int unit, int unitEnd) in Number([(0, u)], inner, 4))
                    {
                        AddOnce(result, (unit, unitEnd));
                        if (char.IsHighSurrogate((char)unit))
                        {
                            foreach ((int low, int lowEnd) in LowSurrogates(unitEnd, inner))
                            {
                                AddOnce(result, (char.ConvertToUtf32((char)unit, (char)low), lowEnd));
                            }
                        }
                    }
                }

                foreach ((char letter, int codePoint) in s_shortEscapes)
                {
                    after.Clear();
                    Ends(backslash, inner, letter, after);
                    foreach (int end in after)
                    {
                        AddOnce(result, (codePoint, end));
                    }
                }

                after.Clear();
                Ends(backslash, inner, 'x', after);
                foreach (int x in after)
                {
                    foreach ((int value, int end) in Number([(0, x)], inner, 2))
                    {
                        AddOnce(result, (value, end));
                    }
                }
            }

            // Percent-encoding: one byte, or the bytes of one UTF-8 sequence.
            ends.Clear();
            Ends(position, inner, '%', ends);
            foreach (int percent in ends)
            {
                foreach ((int lead, int leadEnd) in Number([(0, percent)], inner, 2))
                {
                    int needed = lead < 0x80 ? 0 : lead is >= 0xC2 and <= 0xDF ? 1 : lead is >= 0xE0 and <= 0xEF ? 2 : lead is >= 0xF0 and <= 0xF4 ? 3 : -1;
                    if (needed == 0)
                    {
                        AddOnce(result, (lead, leadEnd));
                    }
                    else if (needed > 0)
                    {
                        AddUtf8(lead, needed, leadEnd, inner, result);
                    }
                }
            }

            // HTML/XML character references.
            ends.Clear();
            Ends(position, inner, '&', ends);
            foreach (int ampersand in ends)
            {
                after.Clear();
                Ends(ampersand, inner, '#', after);
                foreach (int hash in after)
                {
                    AddReferences([(0, hash)], inner, decimalDigits: true, result);
                    var x = new List<int>();
                    Ends(hash, inner, 'x', x);
                    Ends(hash, inner, 'X', x);
                    var starts = new List<(int Value, int End)>();
                    foreach (int end in x)
                    {
                        starts.Add((0, end));
                    }

                    AddReferences(starts, inner, decimalDigits: false, result);
                }

                foreach ((int codePoint, string name) in s_namedReferences)
                {
                    var reached = new List<int> { ampersand };
                    foreach (char letter in name + ";")
                    {
                        var next = new List<int>();
                        foreach (int end in reached)
                        {
                            Ends(end, inner, letter, next);
                        }

                        reached = next;
                    }

                    foreach (int end in reached)
                    {
                        AddOnce(result, (codePoint, end));
                    }
                }
            }

            return result;
        }

        /// <summary>A second <c>\uXXXX</c> holding a low surrogate, right after a high one.</summary>
        private List<(int Value, int End)> LowSurrogates(int position, int depth)
        {
            var found = new List<(int Value, int End)>();
            var backslashes = new List<int>();
            Ends(position, depth, '\\', backslashes);
            foreach (int backslash in backslashes)
            {
                var u = new List<int>();
                Ends(backslash, depth, 'u', u);
                foreach (int start in u)
                {
                    foreach ((int value, int end) in Number([(0, start)], depth, 4))
                    {
                        if (char.IsLowSurrogate((char)value))
                        {
                            found.Add((value, end));
                        }
                    }
                }
            }

            return found;
        }

        /// <summary>The continuation bytes (<c>%XX</c> each) of a UTF-8 sequence and the code point they make.</summary>
        private void AddUtf8(int lead, int needed, int position, int depth, List<(int CodePoint, int End)> result)
        {
            var reached = new List<(int Value, int End)> { (lead & (0x3F >> needed), position) };
            for (int i = 0; i < needed && reached.Count > 0; i++)
            {
                var next = new List<(int Value, int End)>();
                foreach ((int value, int end) in reached)
                {
                    var percents = new List<int>();
                    Ends(end, depth, '%', percents);
                    foreach (int percent in percents)
                    {
                        foreach ((int b, int byteEnd) in Number([(0, percent)], depth, 2))
                        {
                            if ((b & 0xC0) == 0x80)
                            {
                                AddOnce(next, ((value << 6) | (b & 0x3F), byteEnd));
                            }
                        }
                    }
                }

                reached = next;
            }

            foreach ((int codePoint, int end) in reached)
            {
                // Overlong forms, surrogates and values past U+10FFFF are not UTF-8: a server would not have made them.
                int shortest = codePoint < 0x80 ? 0 : codePoint < 0x800 ? 1 : codePoint < 0x10000 ? 2 : 3;
                if (shortest == needed && codePoint <= 0x10FFFF && codePoint is not (>= 0xD800 and <= 0xDFFF))
                {
                    AddOnce(result, (codePoint, end));
                }
            }
        }

        /// <summary>The digits of a character reference (any leading zeros, up to eight digits), with or without the final ';'.</summary>
        private void AddReferences(List<(int Value, int End)> starts, int depth, bool decimalDigits, List<(int CodePoint, int End)> result)
        {
            List<(int Value, int End)> reached = starts;
            for (int digits = 1; digits <= MaxReferenceDigits && reached.Count > 0; digits++)
            {
                reached = Number(reached, depth, 1, decimalDigits);
                foreach ((int value, int end) in reached)
                {
                    if (value > 0x10FFFF)
                    {
                        continue;
                    }

                    AddOnce(result, (value, end));
                    var semicolons = new List<int>();
                    Ends(end, depth, ';', semicolons);
                    foreach (int semicolon in semicolons)
                    {
                        AddOnce(result, (value, semicolon));
                    }
                }
            }
        }

        private static void AddOnce<TItem>(List<TItem> target, TItem item)
        {
            if (!target.Contains(item))
            {
                target.Add(item);
            }
        }
    }
}
