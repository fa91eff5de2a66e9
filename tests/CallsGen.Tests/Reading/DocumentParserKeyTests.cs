using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CallsGen.Generator.Reading;
using CsCheck;

namespace CallsGen.Tests.Reading;

/// <summary>
/// The JSON scan finds a key given twice in one object by comparing the keys' bytes, not strings made of them: it must
/// agree with comparing the decoded strings, escapes included, in small objects and in large ones alike.
/// </summary>
public sealed class DocumentParserKeyTests
{
    [Theory]
    [InlineData("{\n\"a\": 1,\n\"b\": 2,\n\"a\": 3\n}", 3, "a")]
    [InlineData("{\n\"a\": 1,\n\"\\u0061\": 2\n}", 2, "a")]
    [InlineData("{\n\"\\u00e9\": 1,\n\"é\": 2\n}", 2, "é")]
    [InlineData("{\n\"a/b\": 1,\n\"a\\/b\": 2\n}", 2, "a/b")]
    [InlineData("{\"x\": {\n\"k\": 1},\n\"y\": {\"k\": 2,\n\"k\": 3}}", 3, "k")]
    public void A_key_given_twice_in_one_object_is_found_at_the_second(string json, int line, string key)
    {
        Assert.Null(DocumentParser.Parse(json, DocumentFormat.Json, out var failure));
        Assert.Equal(line, failure!.Line);
        Assert.Contains("'" + key + "' appears twice", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_key_in_different_objects_is_no_repeat()
    {
        const string json = "{\"a\": {\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}, \"b\": {\"a\": 1}}";
        Assert.NotNull(DocumentParser.Parse(json, DocumentFormat.Json, out var failure));
        Assert.Null(failure);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 16)]
    [InlineData(15, 16)]
    [InlineData(15, 17)]
    [InlineData(20, 39)]
    public void A_repeat_is_found_in_an_object_of_many_keys(int first, int second)
    {
        var keys = Enumerable.Range(0, 40).Select(i => "key" + i).ToArray();
        keys[second] = keys[first];
        var json = "{\n" + string.Join(",\n", keys.Select((k, i) => "\"" + k + "\": " + i)) + "\n}";
        Assert.Null(DocumentParser.Parse(json, DocumentFormat.Json, out var failure));
        Assert.Equal(second + 1, failure!.Line);
    }

    [Fact]
    public void A_key_that_is_not_valid_text_says_so()
    {
        Assert.Null(DocumentParser.Parse("{\n\"ok\": 1,\n\"\\uD800\": 2\n}", DocumentFormat.Json, out var failure));
        Assert.Contains("not valid text", failure!.Message, StringComparison.Ordinal);
        Assert.Equal(2, failure.Line);
    }

    /// <summary>Keys from a few letters, each maybe escaped, so repeats (spelled alike or not) are common.</summary>
    private static readonly Gen<(string Decoded, string Written)> Keys =
        Gen.String[Gen.Char["abé~/"], 0, 3].SelectMany(decoded => Gen.Bool.Array[decoded.Length].Select(escape =>
            (decoded, string.Concat(decoded.Select((c, i) => escape[i] ? "\\u" + ((int)c).ToString("x4") : c == '/' && i % 2 == 0 ? "\\/" : c.ToString())))));

    [Fact]
    public void Repeats_are_found_exactly_where_comparing_strings_finds_them()
    {
        Keys.Array[0, 40].Array[1, 4].Sample(objects =>
        {
            var json = new StringBuilder("[");
            var line = 0;
            var expected = -1;
            for (var o = 0; o < objects.Length; o++)
            {
                var keys = objects[o];
                json.Append("\n{");
                line++;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < keys.Length; i++)
                {
                    json.Append(i == 0 ? "\n" : ",\n").Append('"').Append(keys[i].Written).Append("\": ").Append(i);
                    line++;
                    if (!seen.Add(keys[i].Decoded) && expected < 0) expected = line;
                }
                json.Append("\n}");
                line++;
                json.Append(o == objects.Length - 1 ? "" : ",");
            }
            json.Append("\n]");
            var tree = DocumentParser.Parse(json.ToString(), DocumentFormat.Json, out var failure);
            if (expected < 0)
            {
                Assert.True(tree is not null, failure?.Message);
            }
            else
            {
                Assert.Null(tree);
                Assert.Equal(expected, failure!.Line);
                Assert.Contains("appears twice", failure.Message, StringComparison.Ordinal);
            }
        }, iter: 2000, seed: "0DupKeys00001");
    }
}
