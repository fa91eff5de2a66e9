using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CallsGen.Runtime;
using CallsGen.Tests.Vapi;
using CsCheck;

namespace CallsGen.Tests.Runtime;

/// <summary>
/// The table generated enums (and records with many properties) look values up in: every known string is found
/// by its text, by its UTF-8 bytes, and as a JSON token however it is escaped or split across buffers; nothing
/// else is found.
/// </summary>
public sealed class KnownStringsTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 0, 12],
        Gen.String[Gen.Char['\u0020', '\u007e'], 0, 40],
        Gen.String[Gen.Char['\u00a0', '\u30ff'], 1, 6],
        Gen.Const("vapi.websocketCall"), Gen.Const(""), Gen.Const("\U0001F600 emoji"), Gen.Const("a\"b\\c"));

    [Fact]
    public void Every_known_string_is_found_every_way_and_nothing_else_is()
    {
        Gen.Select(Text.List[0, 80], Text.List[0, 20]).Sample((known, others) =>
        {
            var table = new KnownStrings(known.ToArray());
            for (var i = 0; i < known.Count; i++)
            {
                var first = known.IndexOf(known[i]);
                Assert.Equal(first, table.IndexOf(known[i]));
                Assert.Equal(first, table.IndexOf(Encoding.UTF8.GetBytes(known[i])));
                foreach (var json in Encodings(known[i]))
                {
                    Assert.Equal(first, IndexOfToken(table, json, segmented: false));
                    Assert.Equal(first, IndexOfToken(table, json, segmented: true));
                }
                Assert.Same(known[first], table[table.IndexOf(known[i])]);
            }
            foreach (var other in others.Where(o => !known.Contains(o)))
            {
                Assert.Equal(-1, table.IndexOf(other));
                Assert.Equal(-1, table.IndexOf(Encoding.UTF8.GetBytes(other)));
                foreach (var json in Encodings(other)) Assert.Equal(-1, IndexOfToken(table, json, segmented: true));
            }
        }, iter: 300, seed: "0KnownStr001");
    }

    [Fact]
    public void Non_string_tokens_and_invalid_escapes_are_not_found()
    {
        var table = new KnownStrings("1", "true", "null", "\uD800x");
        foreach (var json in new[] { "1", "true", "null", "{}", "[]", "\"\\uD800x\"" })
        {
            Assert.Equal(-1, IndexOfToken(table, json, segmented: false));
        }
    }

    [Fact]
    public void A_generated_enum_shares_the_known_string_however_the_value_was_escaped()
    {
        foreach (var json in new[] { "\"ended\"", "\"\\u0065nded\"", "\"end\\u0065d\"" })
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            var status = VapiClientJson.ReadCallStatus(ref reader);
            Assert.True(status.IsKnown);
            Assert.Equal(CallStatus.Ended, status);
            Assert.Same(CallStatus.Ended.Value, status.Value);
        }
        var unknown = new Utf8JsonReader("\"paused\""u8);
        unknown.Read();
        var kept = VapiClientJson.ReadCallStatus(ref unknown);
        Assert.False(kept.IsKnown);
        Assert.Equal("paused", kept.Value);
        Assert.Equal(8, CallStatus.KnownValues.Count);
        Assert.Equal(CallStatus.Scheduled, CallStatus.KnownValues[0]);
    }

    /// <summary>The JSON string of a value: as System.Text.Json writes it, fully \u-escaped, and with its first character escaped.</summary>
    private static IEnumerable<string> Encodings(string value)
    {
        yield return JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        yield return JsonSerializer.Serialize(value);
        yield return "\"" + string.Concat(value.Select(c => "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture))) + "\"";
        if (value.Length > 0 && !char.IsSurrogate(value[0]))
        {
            yield return "\"\\u" + ((int)value[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)
                + JsonSerializer.Serialize(value.Substring(1), new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Substring(1);
        }
    }

    /// <summary>Looks the token up from a reader over one buffer, or over one segment per byte (so the value is split).</summary>
    private static int IndexOfToken(KnownStrings table, string json, bool segmented)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = segmented ? new Utf8JsonReader(Segmented(bytes)) : new Utf8JsonReader(bytes);
        reader.Read();
        return table.IndexOf(ref reader);
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes)
    {
        if (bytes.Length < 2) return new ReadOnlySequence<byte>(bytes);
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++) last = last.Append(bytes.AsMemory(i, 1));
        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
