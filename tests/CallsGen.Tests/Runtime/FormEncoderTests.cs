using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Runtime;

namespace CallsGen.Tests.Runtime;

/// <summary>
/// <see cref="FormEncoder"/>: random nested objects and lists holding strings full of reserved characters, encoded and
/// decoded again by .NET's own query parser, come back as the same tree; and the styles of the encoding object.
/// </summary>
public sealed class FormEncoderTests
{
    private static readonly string[] Pieces =
        ["a", "Z", "0", "7", " ", "&", "=", "+", "%", "?", "#", "/", ",", "|", ";", ":", "@", "!", "'", "(", "é", "€", "😀", "~", "*", "-", ".", "_", "\n", "\"", "\\", "<", "[", "]"];

    [Fact]
    public void Random_nested_values_survive_encoding_and_a_standard_form_parser()
    {
        for (int seed = 0; seed < 400; seed++)
        {
            var random = new Random(seed);
            JsonObject original = RandomObject(random, depth: 0, topLevel: true);
            string encoded = FormEncoder.Encode(Encoding.UTF8.GetBytes(original.ToJsonString()));

            Assert.True(encoded.All(c => c < 128 && c != ' '), "seed " + seed + ": not ASCII or has a raw space: " + encoded);
            JsonNode? rebuilt = Rebuild(System.Web.HttpUtility.ParseQueryString(encoded, Encoding.UTF8));
            JsonNode? expected = Normalize(JsonNode.Parse(original.ToJsonString()), topLevel: true) ?? new JsonObject();
            Assert.True(JsonNode.DeepEquals(expected, rebuilt ?? new JsonObject()),
                "seed " + seed + "\nsent:    " + original.ToJsonString() + "\nencoded: " + encoded + "\nrebuilt: " + rebuilt?.ToJsonString());
        }
    }

    [Theory]
    [InlineData(FormStyle.Form, true, "c=blue&c=black&c=a+b")]
    [InlineData(FormStyle.Form, false, "c=blue,black,a+b")]
    [InlineData(FormStyle.SpaceDelimited, false, "c=blue%20black%20a+b")]
    [InlineData(FormStyle.PipeDelimited, false, "c=blue%7Cblack%7Ca+b")]
    [InlineData(FormStyle.DeepObject, true, "c%5B0%5D=blue&c%5B1%5D=black&c%5B2%5D=a+b")]
    public void A_list_follows_its_style(FormStyle style, bool explode, string expected)
    {
        string encoded = FormEncoder.Encode("""{"c":["blue","black","a b"]}"""u8, [new FormFieldEncoding("c", style, explode)]);
        Assert.Equal(expected, encoded);
    }

    [Theory]
    [InlineData(true, "R=100&G=200")]
    [InlineData(false, "color=R,100,G,200")]
    public void An_object_in_form_style_is_written_as_OpenAPI_says(bool explode, string expected)
    {
        string encoded = FormEncoder.Encode("""{"color":{"R":100,"G":200}}"""u8, [new FormFieldEncoding("color", FormStyle.Form, explode)]);
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Nulls_empty_lists_and_empty_objects_write_nothing_and_numbers_keep_their_digits()
    {
        string encoded = FormEncoder.Encode("""{"a":null,"b":[],"c":{},"d":{"e":null},"n":12345678901234567890,"x":1.5e-7,"t":true}"""u8);
        Assert.Equal("n=12345678901234567890&x=1.5e-7&t=true", encoded);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FormEncoder.Encode("[1,2]"u8));
    }

    private static string RandomText(Random random, bool key)
    {
        var text = new StringBuilder();
        int length = random.Next(key ? 1 : 0, 8);
        for (int i = 0; i < length; i++)
        {
            string piece = Pieces[random.Next(Pieces.Length)];
            if (key && piece is "[" or "]")
            {
                continue; // brackets in a name cannot be told from the nesting they stand for
            }

            text.Append(piece);
        }

        // A name made of digits alone would read back as a list index.
        return key && (text.Length == 0 || text.ToString().All(char.IsAsciiDigit)) ? "k" + text : text.ToString();
    }

    private static JsonNode? RandomValue(Random random, int depth)
    {
        int kind = random.Next(depth >= 3 ? 4 : 7);
        return kind switch
        {
            0 => JsonValue.Create(RandomText(random, key: false)),
            1 => JsonValue.Create(random.NextInt64(-1_000_000, 1_000_000)),
            2 => JsonValue.Create(random.Next(2) == 0),
            3 => random.Next(4) == 0 ? null : JsonValue.Create(random.NextDouble() * 1000),
            4 => RandomObject(random, depth + 1, topLevel: false),
            5 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode?)JsonValue.Create(RandomText(random, key: false))).ToArray()),
            _ => new JsonArray(Enumerable.Range(0, random.Next(3)).Select(_ => RandomValue(random, depth + 1) ?? JsonValue.Create("x")).ToArray()),
        };
    }

    private static JsonObject RandomObject(Random random, int depth, bool topLevel)
    {
        var result = new JsonObject();
        int count = random.Next(topLevel ? 1 : 0, 5);
        for (int i = 0; i < count; i++)
        {
            string name = RandomText(random, key: true);
            if (!result.ContainsKey(name))
            {
                result[name] = RandomValue(random, depth);
            }
        }

        return result;
    }

    /// <summary>The tree as it can come back: scalars as their text, nothing where there is nothing to send, and a top-level list of one scalar (sent as <c>name=value</c>) as its item.</summary>
    private static JsonNode? Normalize(JsonNode? node, bool topLevel = false)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    JsonNode? normalized = Normalize(value);
                    if (topLevel && normalized is JsonArray { Count: 1 } single && value is JsonArray sent && sent.All(i => i is not (JsonObject or JsonArray)))
                    {
                        normalized = single[0]!.DeepClone();
                    }

                    if (normalized is not null)
                    {
                        copy[name] = normalized;
                    }
                }

                return copy.Count == 0 && !topLevel ? null : copy;
            case JsonArray list:
                // An item with nothing to send leaves a gap: the items after it keep their indexes.
                var items = list.Select(i => Normalize(i)).ToList();
                while (items.Count > 0 && items[^1] is null)
                {
                    items.RemoveAt(items.Count - 1);
                }

                return items.Count == 0 ? null : new JsonArray(items.ToArray());
            default:
                var element = node.GetValue<JsonElement>();
                return JsonValue.Create(element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => element.GetRawText(),
                });
        }
    }

    /// <summary>A tree from decoded fields: <c>a[b][0]</c> nests, digits index a list, a repeated name is a list.</summary>
    private static JsonObject Rebuild(System.Collections.Specialized.NameValueCollection fields)
    {
        var root = new JsonObject();
        foreach (string? key in fields.AllKeys)
        {
            string[] values = fields.GetValues(key!)!;
            int open = key!.IndexOf('[');
            if (open < 0)
            {
                root[key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
                continue;
            }

            Assert.Single(values);
            var segments = key[(open + 1)..^1].Split("][");
            JsonNode parent = root;
            string current = key[..open];
            foreach (string segment in segments)
            {
                JsonNode child = Child(parent, current, isList: segment.All(char.IsAsciiDigit));
                parent = child;
                current = segment;
            }

            Set(parent, current, JsonValue.Create(values[0]));
        }

        return root;
    }

    private static JsonNode Child(JsonNode parent, string name, bool isList)
    {
        JsonNode? existing = parent is JsonObject obj ? obj[name] : ((JsonArray)parent).Count > int.Parse(name) ? parent[int.Parse(name)] : null;
        // The index a list item is written under is its position; an item before it that had nothing to send leaves a gap.
        if (existing is not null)
        {
            return existing;
        }

        JsonNode created = isList ? new JsonArray() : new JsonObject();
        Set(parent, name, created);
        return created;
    }

    private static void Set(JsonNode parent, string name, JsonNode value)
    {
        if (parent is JsonObject obj)
        {
            obj[name] = value;
            return;
        }

        var list = (JsonArray)parent;
        int index = int.Parse(name);
        Assert.True(index >= list.Count, "index " + index + " arrived after a later one"); // indexes arrive in order
        while (list.Count < index)
        {
            list.Add(null);
        }

        list.Add(value);
    }
}
