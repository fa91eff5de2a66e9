using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using CallsGen.Tests.TestSupport;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Properties;

/// <summary>
/// Names that collide once they become identifiers or file names: schemas, tags and properties that differ
/// only in case or punctuation (<c>Call</c>/<c>CALL</c>, <c>a-b</c>/<c>ab</c>), names hundreds of characters
/// long, and parameters named like the locals and parameters generated methods use. Every document must
/// generate and compile with no CG9999, with hint names unique ignoring case and short enough for any file system.
/// </summary>
[Collection(nameof(CpuHeavyCollection))]
public sealed class NameCollisionPropertyTests
{
    private const int Cases = 120;
    private const int BatchSize = 20;

    // Names a generated method body or signature uses itself, and the shapes parameter names take.
    private static readonly string[] GeneratedIdentifiers =
    {
        "value", "valueLimit", "value0", "limit", "request", "body", "cancellationToken", "query", "headers", "options",
        "httpClient", "connection", "writer", "reader", "additional", "pair", "start", "known", "span", "item", "token",
        "bound", "size", "pageSize", "h0", "v0", "p0", "nameof", "var", "global", "await", "async", "value_limit", "_value",
    };

    private readonly ITestOutputHelper _output;

    public NameCollisionPropertyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Names_that_differ_in_case_or_punctuation_or_match_generated_identifiers_compile()
    {
        var seeds = GeneratorPropertyTests.CaseSeeds("0NameClash01", Cases);
        var inputs = seeds.Select((seed, i) => Input(seed, i)).ToList();
        var failures = new List<string>();
        foreach (var batch in inputs.Chunk(BatchSize))
        {
            foreach (var pair in PropertyCheck.Check(batch)) failures.Add(PropertyCheck.Describe(pair.Key, pair.Value, 3000));
            failures.AddRange(HintNameProblems(batch));
        }
        _output.WriteLine($"{Cases} documents, {failures.Count} failed.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(5)));
    }

    private static IEnumerable<string> HintNameProblems(IReadOnlyList<PropertyCheck.Input> batch)
    {
        var run = GeneratorHarness.Run(batch.Select(i => i.ToSpecFile()));
        var hints = run.Sources.Select(s => s.HintName).ToList();
        foreach (var clash in hints.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return "hint names equal ignoring case: " + string.Join(", ", clash);
        }
        foreach (var hint in hints.Where(h => Encoding.UTF8.GetByteCount(h) > 160))
        {
            yield return "hint name of " + Encoding.UTF8.GetByteCount(hint) + " bytes: " + hint;
        }
    }

    private static PropertyCheck.Input Input(string seed, int index)
    {
        var rng = new Rng(PCG.Parse(seed));
        var schemas = new JsonObject();
        var names = new List<string>();
        foreach (var stem in Stems(rng, 3))
        {
            foreach (var variant in Variants(rng, stem))
            {
                if (names.Contains(variant, StringComparer.Ordinal)) continue;
                names.Add(variant);
                schemas[variant] = rng.Chance(1, 3)
                    ? new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(Variants(rng, stem).Select(v => (JsonNode)v).ToArray()) }
                    : ObjectWithClashingProperties(rng, stem);
            }
        }

        var paths = new JsonObject();
        var tags = Variants(rng, Stems(rng, 1)[0]);
        var operation = 0;
        foreach (var name in names)
        {
            var pathParameter = rng.Pick(GeneratedIdentifiers);
            var parameters = new JsonArray(
                new JsonObject { ["name"] = pathParameter, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["name"] = "limit", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1000 } },
                new JsonObject { ["name"] = rng.Pick(GeneratedIdentifiers), ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 } },
                new JsonObject { ["name"] = rng.Pick(GeneratedIdentifiers), ["in"] = "header", ["schema"] = new JsonObject { ["type"] = "string" } });
            var path = "/r" + operation.ToString(CultureInfo.InvariantCulture) + "/{" + pathParameter + "}";
            var responseSchema = rng.Chance(1, 2)
                ? new JsonObject { ["type"] = "array", ["items"] = Ref(name) }
                : Ref(name);
            var get = new JsonObject
            {
                ["operationId"] = rng.Chance(1, 2) ? name : "op" + operation.ToString(CultureInfo.InvariantCulture),
                ["tags"] = new JsonArray(rng.Pick(tags)),
                ["parameters"] = parameters,
                ["responses"] = new JsonObject
                {
                    ["200"] = new JsonObject
                    {
                        ["description"] = "ok",
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = responseSchema } },
                    },
                },
            };
            if (rng.Chance(1, 2)) get["requestBody"] = new JsonObject
            {
                ["required"] = rng.Chance(1, 2),
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Ref(rng.Pick(names)) } },
            };
            paths[path] = new JsonObject { [rng.Chance(1, 2) ? "get" : "put"] = get };
            operation++;
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = rng.Chance(1, 4) ? new string('T', 300) : "Clash", ["version"] = "1" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://example.test" }),
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        var key = "Clash.C" + index.ToString(CultureInfo.InvariantCulture);
        return new PropertyCheck.Input("clash " + index, "n" + index + "/clash.json", document.ToJsonString(), key, rng.Chance(1, 2) ? null : "ClashClient") { Key = key };
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name.Replace("~", "~0").Replace("/", "~1") };

    private static JsonObject ObjectWithClashingProperties(Rng rng, string stem)
    {
        var properties = new JsonObject();
        foreach (var variant in Variants(rng, stem).Concat(new[] { rng.Pick(GeneratedIdentifiers), "AdditionalProperties", "additional_properties" }))
        {
            if (!properties.ContainsKey(variant)) properties[variant] = new JsonObject { ["type"] = rng.Chance(1, 2) ? "string" : "integer" };
        }
        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = new JsonArray(properties.Select(p => (JsonNode)p.Key).Take(1).ToArray()) };
    }

    private static List<string> Stems(Rng rng, int count)
    {
        var words = new[] { "call", "a b", "item", "user message", "x", "tag", "Node", "list calls" };
        var stems = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var stem = rng.Pick(words);
            if (rng.Chance(1, 6)) stem = string.Concat(Enumerable.Repeat(stem.Replace(" ", ""), 300 / Math.Max(1, stem.Length)));
            if (rng.Chance(1, 8)) stem = "\u5ba2\u6237" + stem; // CJK takes three UTF-8 bytes a character
            stems.Add(stem);
        }
        return stems;
    }

    /// <summary>Spellings of one stem that become the same identifier or the same name ignoring case.</summary>
    private static List<string> Variants(Rng rng, string stem)
    {
        var separators = new[] { "", "-", "_", ".", " ", "/", "--", "~" };
        var variants = new List<string>();
        var count = 2 + rng.Int(4);
        for (var i = 0; i < count; i++)
        {
            var builder = new StringBuilder();
            foreach (var c in stem)
            {
                if (c == ' ')
                {
                    builder.Append(rng.Pick(separators));
                    continue;
                }
                builder.Append(rng.Int(3) switch { 0 => char.ToUpperInvariant(c), 1 => char.ToLowerInvariant(c), _ => c });
                if (rng.Chance(1, 12)) builder.Append(rng.Pick(separators));
            }
            var variant = builder.ToString().Trim('/', '~', ' ', '.');
            if (variant.Length > 0 && variant.Any(char.IsLetterOrDigit)) variants.Add(variant);
        }
        return variants.Count > 0 ? variants : new List<string> { "fallback" };
    }
}
