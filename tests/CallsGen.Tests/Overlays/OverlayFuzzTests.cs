using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallsGen.Generator.Overlays;
using CallsGen.Tests.Properties;
using CsCheck;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// Bad input never throws: random token soups through the JSONPath parser (and, when they parse,
/// through the evaluator), and broken overlays through the reader and the applier. Seeded from
/// <c>CALLSGEN_PROPERTY_SEED</c>; <c>CALLSGEN_PROPERTY_ITERATIONS</c> sets the number of cases.
/// </summary>
public sealed class OverlayFuzzTests
{
    private const string DefaultSeed = "0OverlayFz01";
    private const int DefaultIterations = 2000;

    private static readonly string[] Tokens =
    {
        "$", "@", ".", "..", "[", "]", "'a'", "\"b\"", "'", "\"", "*", "?", "(", ")", "!", "&&", "||", "==", "!=", "<", "<=", ">", ">=", "=",
        "0", "1", "-1", "-0", "01", "1.5", "1e3", "9007199254740993", ":", "::", "1:2", "::-1", ",", " ", "\t", "\n", "true", "false", "null", "a", "b", "é", "😀", "\uD800",
        "length(", "count(", "match(", "search(", "value(", "foo(", "'\\u00", "'\\uD83D\\uDE00'", "'\\q'", "\\", "'[a-", "'.*'", "'(a|b)+'", "{", "}",
    };

    private static readonly JsonNode Document = JsonNode.Parse("""
        {"a": [1, "x", null, {"b": "jk", "c": [true, 2.5]}], "b": {"a": {"b": null}, "": 0, "'": "q"}, "c": "abc", "n": null}
        """)!;

    private static IEnumerable<(string Seed, Rng Rng)> Cases()
    {
        var seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : DefaultSeed;
        var iterations = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_ITERATIONS") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : DefaultIterations;
        return GeneratorPropertyTests.CaseSeeds(seed, iterations).Select(caseSeed => (caseSeed, new Rng(PCG.Parse(caseSeed))));
    }

    [Fact]
    public void Random_expressions_parse_or_fail_with_a_position_and_evaluate_without_throwing()
    {
        var parsed = 0;
        foreach (var (seed, rng) in Cases())
        {
            var builder = new StringBuilder(rng.Chance(9, 10) ? "$" : "");
            var count = rng.Int(16);
            for (var i = 0; i < count; i++) builder.Append(rng.Chance(1, 10) ? ((char)rng.Int(0x80)).ToString() : Tokens[rng.Int(Tokens.Length)]);
            var expression = builder.ToString();
            try
            {
                if (JsonPathQuery.TryParse(expression, out var query, out var error, out var position))
                {
                    parsed++;
                    query!.TrySelect(Document.DeepClone(), out _, out _);
                }
                else
                {
                    Assert.InRange(position, 0, expression.Length);
                    Assert.EndsWith("(at position " + position + ")", error);
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed}: `{expression}` threw {exception}");
            }
        }
        Assert.True(parsed > 0);
    }

    [Fact]
    public void Broken_overlays_are_read_and_applied_without_throwing()
    {
        JsonNode? RandomValue(Rng rng) => rng.Int(8) switch
        {
            0 => null,
            1 => JsonValue.Create(rng.Chance(1, 2)),
            2 => JsonValue.Create(rng.Int(10) - 3),
            3 => JsonValue.Create(Tokens[rng.Int(Tokens.Length)]),
            4 => JsonValue.Create("$" + string.Concat(Enumerable.Range(0, rng.Int(4)).Select(_ => Tokens[rng.Int(Tokens.Length)]))),
            5 => new JsonArray(RandomLeaf(rng), RandomLeaf(rng)),
            6 => new JsonObject { [Tokens[rng.Int(Tokens.Length)]] = RandomLeaf(rng), ["a"] = RandomLeaf(rng) },
            _ => JsonValue.Create(new[] { "1.0.0", "1.1.0", "1.2.0", "$", "$.a", "$.b", "$..*", "$.a[0]", "$.n" }[rng.Int(9)]),
        };
        JsonNode? RandomLeaf(Rng rng) => rng.Int(4) switch { 0 => null, 1 => JsonValue.Create(rng.Int(5)), 2 => JsonValue.Create("s"), _ => new JsonObject() };

        string[] fields = { "overlay", "info", "extends", "actions", "title", "version", "target", "update", "remove", "copy", "description", "x-e", "other" };
        foreach (var (seed, rng) in Cases())
        {
            var overlay = JsonNode.Parse(OverlayApplierTests.Overlay(rng.Chance(1, 2) ? "1.1.0" : "1.0.0",
                """{"target": "$.a", "update": [5]}""", """{"target": "$.b", "update": {"a": {"c": 1}}}""", """{"target": "$.a[?@ == 1]", "remove": true}""", """{"target": "$.c", "copy": "$.b['']"}"""))!;
            var mutations = 1 + rng.Int(4);
            for (var i = 0; i < mutations; i++)
            {
                // Put a random value at a random field of the root, the info or an action.
                var owner = rng.Int(3) switch
                {
                    0 => overlay,
                    1 => overlay["info"] as JsonObject ?? overlay,
                    _ => overlay["actions"] is JsonArray actions && actions.Count > 0 && actions[rng.Int(actions.Count)] is JsonObject action ? action : overlay,
                };
                var field = fields[rng.Int(fields.Length)];
                if (rng.Chance(1, 5)) owner.AsObject().Remove(field);
                else owner[field] = RandomValue(rng);
            }
            var text = overlay.ToJsonString();
            try
            {
                var problems = new List<OverlayProblem>();
                var model = OverlayDocument.Read(overlay, problems);
                if (model is not null) OverlayApplier.Apply(Document.DeepClone(), model, problems);
                Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.Message)));
                Assert.All(problems, p => Assert.True(p.Pointer.Length == 0 || p.Pointer.StartsWith("/", StringComparison.Ordinal), p.Pointer));
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"seed {seed}: {text} threw {exception}");
            }
        }
    }

    [Fact]
    public void Every_I_Regexp_category_translates_to_a_pattern_NET_compiles()
    {
        foreach (var category in new[] { "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs", "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co" })
        {
            foreach (var pattern in new[] { "\\p{" + category + "}", "\\P{" + category + "}+", "[a\\p{" + category + "}]" })
            {
                var translated = IRegexp.Translate(pattern, out var status);
                Assert.Equal(IRegexpStatus.Valid, status);
                _ = new Regex(translated!, RegexOptions.CultureInvariant);
            }
        }
    }

    [Theory]
    [InlineData("a(?=b)")]
    [InlineData("(a)\\1")]
    [InlineData("\\d")]
    [InlineData("\\w+")]
    [InlineData("a*?")]
    [InlineData("a**")]
    [InlineData("*a")]
    [InlineData("(a")]
    [InlineData("a)")]
    [InlineData("[]")]
    [InlineData("[a")]
    [InlineData("[a--b]")]
    [InlineData("[[a]]")]
    [InlineData("a{")]
    [InlineData("a{,2}")]
    [InlineData("\\p{Xx}")]
    [InlineData("\\p{IsBasicLatin}")]
    [InlineData("]")]
    public void Patterns_outside_I_Regexp_are_refused(string pattern)
    {
        Assert.Null(IRegexp.Translate(pattern, out var status));
        Assert.Equal(IRegexpStatus.NotIRegexp, status);
    }

    [Theory]
    [InlineData("^a$", "^a$", true)]
    [InlineData("^a$", "a", false)]
    [InlineData("[^a]", "b", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData("a{2,3}", "aaa", true)]
    [InlineData("a{2,}", "aaaa", true)]
    [InlineData("(ab|c)+", "abcab", true)]
    [InlineData("\\.\\*", ".*", true)]
    [InlineData("\\p{Lu}\\P{Lu}", "Ab", true)]
    [InlineData(".", "\r", false)]
    [InlineData(".", "😀", true)]
    [InlineData("a\\nb", "a\nb", true)]
    public void I_Regexp_patterns_match_as_RFC_9485_says(string pattern, string text, bool matches)
    {
        var translated = IRegexp.Translate(pattern, out var status);
        Assert.Equal(IRegexpStatus.Valid, status);
        Assert.Equal(matches, Regex.IsMatch(text, @"\A(?:" + translated + @")\z", RegexOptions.CultureInvariant));
    }
}
