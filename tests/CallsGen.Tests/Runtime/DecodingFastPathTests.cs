using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallsGen.Runtime;
using CallsGen.Tests.Vapi;
using CsCheck;

namespace CallsGen.Tests.Runtime;

/// <summary>
/// The decoding shortcuts give exactly what the plain way gives: numbers parsed by the fast path equal the general
/// parser's doubles bit for bit; strings repeated in a response are shared but equal; values kept raw come back
/// byte-equal whether their bytes were copied from the buffer or read through a JsonElement; arrays hold every item.
/// </summary>
public sealed class DecodingFastPathTests
{
    private static readonly Gen<string> Numbers = Gen.OneOf(
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Long[-999_999_999_999_999, 999_999_999_999_999].Select(Gen.Int[0, 22], (m, k) => Decimal(m, k)),
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Int[0, 30].Select(n => "0." + new string('0', n) + "1"),
        Gen.Const("-0"), Gen.Const("0"), Gen.Const("1e3"), Gen.Const("123456789012345678"), Gen.Const("9007199254740993"));

    private static string Decimal(long mantissa, int decimals)
    {
        var digits = Math.Abs(mantissa).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var text = decimals == 0 ? digits : digits[..^decimals] + "." + digits[^decimals..];
        return (mantissa < 0 ? "-" : "") + text;
    }

    [Fact]
    public void Doubles_are_the_general_parsers_doubles_bit_for_bit()
    {
        Numbers.Sample(text =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text));
            reader.Read();
            Assert.True(JsonHelpers.TryReadDouble(ref reader, out var fast), text);
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(fast));
        }, iter: 5000, seed: "0Numbers0001");
    }

    [Fact]
    public void Strings_repeated_in_a_response_are_shared_and_equal()
    {
        // The same text in both calls' messages and in each call's summary, and texts that differ in one byte.
        const string Text = "A sentence long enough to be worth sharing, said twice.";
        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", new[] { "c1", "c2" }.Select(id =>
            "{\"id\":\"" + id + "\",\"orgId\":\"o\",\"createdAt\":\"2026-03-01T10:00:00Z\",\"updatedAt\":\"2026-03-01T10:00:00Z\",\"endedMessage\":\"" + Text
            + "\",\"analysis\":{\"summary\":\"" + Text.Replace('.', '!') + "\"}}")) + "]");
        var calls = JsonHelpers.Deserialize(json, VapiClientJson.ReadCall_List);
        Assert.Equal(Text, calls[0].EndedMessage);
        Assert.Same(calls[0].EndedMessage, calls[1].EndedMessage);
        Assert.Equal(Text.Replace('.', '!'), calls[0].Analysis!.Summary);
        Assert.NotEqual(calls[0].EndedMessage, calls[0].Analysis!.Summary);
    }

    [Fact]
    public void Many_long_strings_decode_to_their_own_text_whatever_the_table_holds()
    {
        // More distinct long strings than the table has slots, in a random order with repeats: every one reads back as itself.
        Gen.String[Gen.Char['a', 'z'], 24, 60].List[1, 300].Select(Gen.Int[1, 3]).Sample((texts, copies) =>
        {
            var all = Enumerable.Range(0, copies).SelectMany(_ => texts).ToList();
            var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(all));
            var read = JsonHelpers.Deserialize(json, VapiClientJson.ReadString_List);
            Assert.Equal(all, read);
        }, iter: 200, seed: "0Strings0001");
    }

    private const string RawMessages = """
        [{"id":"c1","orgId":"o","createdAt":"2026-03-01T10:00:00Z","updatedAt":"2026-03-01T10:00:00Z",
          "messages":[{"role":"bot","message":"Hi \u00e9\ud83d\ude00","time":1,"endTime":2,"secondsFromStart":0.5, "extra" : [1, 2.50, {"a":null}]},
                      {"role":"user","message":"Hello","time":3,"endTime":4,"secondsFromStart":1.5},
                      "not an object", 42, null]}]
        """;

    [Fact]
    public void Raw_values_come_back_byte_equal_however_they_were_kept()
    {
        var bytes = Encoding.UTF8.GetBytes(RawMessages);
        var copied = JsonHelpers.Deserialize(bytes, VapiClientJson.ReadCall_List);
        var throughElement = JsonSerializer.Deserialize<Call[]>(RawMessages)!;
        foreach (var calls in new[] { copied.ToArray(), throughElement })
        {
            var messages = calls[0].Messages!;
            Assert.Equal(5, messages.Count);
            Assert.All(messages.Take(4), m => Assert.True(m.IsUnknown));
            var first = messages[0].RawJson!.Value.GetRawText();
            Assert.Equal("""{"role":"bot","message":"Hi \u00e9\ud83d\ude00","time":1,"endTime":2,"secondsFromStart":0.5, "extra" : [1, 2.50, {"a":null}]}""", first);
            Assert.Equal("\"not an object\"", messages[2].RawJson!.Value.GetRawText());
            Assert.True(messages[0].TryReadAsBotMessage(out var bot));
            Assert.Equal("Hi é😀", bot.Message);
            var written = JsonSerializer.Serialize(messages[0]);
            Assert.Equal(first, written);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Arrays_hold_every_item_in_order(int count)
    {
        var items = Enumerable.Range(0, count).Select(i => "item " + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var read = JsonHelpers.Deserialize(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(items)), VapiClientJson.ReadString_List);
        Assert.Equal(items, read);
    }
}
