using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallsGen.Tests.TestSupport;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Properties;

/// <summary>
/// The vendor's published document (read from beside the checkout, never copied into the
/// repository), broken at random: a node removed, a schema retyped, a $ref pointed nowhere, a
/// required entry deleted, garbage keys inserted. Each mutant is generated for ListCalls and two
/// other operations and must give compiling code or located diagnostics (see <see cref="PropertyCheck"/>).
/// The seed is fixed (<c>CALLSGEN_PROPERTY_SEED</c> overrides it); mutants are checked in batches.
/// </summary>
[Collection(nameof(CpuHeavyCollection))]
public sealed class ReferenceSpecMutationTests
{
    private const string SkipReason = "The Vapi reference document is not present (expected at ../shared/reference/vapi-openapi.json beside the checkout, or set CALLSGEN_REFERENCE_SPEC).";
    private const string DefaultSeed = "0VapiMutant1";
    // Each mutant parses the 1.7 MB document and compiles three operations' worth of types (about 10 CPU
    // seconds), so the default run is kept small; CALLSGEN_PROPERTY_MUTANTS asks for more.
    private const int DefaultMutants = 12;
    private const int BatchSize = 3;

    private static readonly string[] Methods = { "get", "post", "put", "patch", "delete" };

    private readonly ITestOutputHelper _output;

    public ReferenceSpecMutationTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public void Mutants_of_the_reference_document_give_compiling_code_or_located_diagnostics()
    {
        Skip.If(Repo.ReferenceSpec is null, SkipReason);
        var seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : DefaultSeed;
        var mutants = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_MUTANTS") is { Length: > 0 } m ? int.Parse(m, CultureInfo.InvariantCulture) : DefaultMutants;
        var clock = Stopwatch.StartNew();
        var text = File.ReadAllText(Repo.ReferenceSpec!);
        var seeds = GeneratorPropertyTests.CaseSeeds(seed, mutants);
        var inputs = seeds.Select((caseSeed, i) => Mutate(text, caseSeed, i)).ToList();

        var failures = new ConcurrentDictionary<int, List<string>>();
        var batches = Enumerable.Range(0, (inputs.Count + BatchSize - 1) / BatchSize).ToList();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, batch =>
        {
            var slice = inputs.Skip(batch * BatchSize).Take(BatchSize).Select(m => m.Input).ToList();
            foreach (var pair in PropertyCheck.Check(slice)) failures[slice.IndexOf(pair.Key) + batch * BatchSize] = pair.Value;
        });
        _output.WriteLine($"{mutants} mutants from seed {seed} checked in {clock.Elapsed.TotalSeconds:0.0}s; {failures.Count} failed.");
        if (failures.IsEmpty) return;

        Assert.Fail($"{failures.Count} of {mutants} mutants failed (seed {seed}; CALLSGEN_PROPERTY_SEED=<case seed> reruns with that seed first):\n\n" + string.Join("\n\n",
            failures.OrderBy(f => f.Key).Take(8).Select(f =>
                "mutant " + f.Key + " (case seed " + seeds[f.Key] + "), operations " + inputs[f.Key].Input.Operations + "\n  mutations:\n    " + string.Join("\n    ", inputs[f.Key].Mutations)
                + "\n  problems:\n  - " + string.Join("\n  - ", f.Value.Take(6)))));
    }

    private sealed record Mutant(PropertyCheck.Input Input, List<string> Mutations);

    private static Mutant Mutate(string text, string caseSeed, int index)
    {
        var rng = new Rng(PCG.Parse(caseSeed));
        var root = JsonNode.Parse(text)!.AsObject();
        var paths = root["paths"]!.AsObject();

        // ListCalls plus two other operations, so the compile stays bounded.
        var operations = paths.SelectMany(p => p.Value is JsonObject item
                ? item.Where(m => Methods.Contains(m.Key)).Select(m => (Path: p.Key, Method: m.Key))
                : Enumerable.Empty<(string, string)>())
            .Where(o => !(o.Item1 == "/call" && o.Item2 == "get"))
            .ToList();
        var chosen = new List<(string Path, string Method)> { ("/call", "get") };
        while (chosen.Count < 3 && operations.Count > 0)
        {
            var pick = operations[rng.Int(operations.Count)];
            operations.Remove(pick);
            chosen.Add(pick);
        }
        var selector = string.Join(",", chosen.Select(o => o.Method.ToUpperInvariant() + " " + o.Path));

        // Mutations land where they matter: in the chosen operations and the schemas they reach.
        var reachable = Reachable(root, chosen.Select(o => paths[o.Path]![o.Method]!).ToList());
        var candidates = new List<(JsonNode Node, string Pointer)>();
        foreach (var (path, method) in chosen) Collect(paths[path]![method]!, "#/paths/" + Escape(path) + "/" + method, candidates);
        var schemas = root["components"]?["schemas"]?.AsObject();
        foreach (var name in reachable.OrderBy(n => n, StringComparer.Ordinal))
        {
            if (schemas?[name] is { } schema) Collect(schema, "#/components/schemas/" + Escape(name), candidates);
        }

        var mutations = new List<string>();
        var count = 1 + rng.Int(3);
        for (var i = 0; i < count && candidates.Count > 0; i++)
        {
            var (node, pointer) = candidates[rng.Int(candidates.Count)];
            if (node.Root != root) continue; // removed by an earlier mutation
            mutations.Add(Apply(rng, node, pointer));
        }

        var input = new PropertyCheck.Input(
            "mutant " + index.ToString(CultureInfo.InvariantCulture),
            "m" + index.ToString(CultureInfo.InvariantCulture) + "/vapi-openapi.json",
            root.ToJsonString(),
            "Mutant.M" + index.ToString(CultureInfo.InvariantCulture),
            "VapiClient",
            selector);
        return new Mutant(input, mutations);
    }

    private static string Apply(Rng rng, JsonNode node, string pointer)
    {
        switch (rng.Int(5))
        {
            case 0:
                // Remove the node from its parent.
                switch (node.Parent)
                {
                    case JsonObject parent:
                        var key = parent.First(p => ReferenceEquals(p.Value, node)).Key;
                        parent.Remove(key);
                        return "removed " + pointer;
                    case JsonArray array:
                        array.Remove(node);
                        return "removed " + pointer;
                }
                break;
            case 1:
                if (node is JsonObject retyped)
                {
                    var types = new[] { "string", "integer", "number", "boolean", "object", "array", "null", "file", "" };
                    JsonNode type = rng.Chance(1, 3)
                        ? new JsonArray(types[rng.Int(types.Length)], types[rng.Int(types.Length)])
                        : JsonValue.Create(types[rng.Int(types.Length)]);
                    retyped["type"] = type;
                    return "retyped " + pointer + " as " + type.ToJsonString();
                }
                break;
            case 2:
                if (node is JsonObject withRef)
                {
                    // Not "#/components/schemas/" or "": on those the OpenAPI reader itself throws, and the document is unreadable as a whole.
                    var broken = rng.Pick(new[] { "#/components/schemas/Nowhere", "#/nowhere", "other.json#/x", "#/components/schemas/Nowhere/properties/x", "#" });
                    withRef["$ref"] = broken;
                    return "broke $ref at " + pointer + " to '" + broken + "'";
                }
                break;
            case 3:
                if (node is JsonObject { } withRequired && withRequired["required"] is JsonArray { Count: > 0 } required)
                {
                    var removed = required[rng.Int(required.Count)];
                    required.Remove(removed);
                    return "deleted required entry " + removed?.ToJsonString() + " at " + pointer;
                }
                break;
        }
        if (node is JsonObject target)
        {
            var key = "x-garbage-" + rng.Int(100) + HostileText.Text(rng);
            JsonNode? value = rng.Int(4) switch
            {
                0 => JsonValue.Create(HostileText.Text(rng)),
                1 => new JsonObject { [HostileText.Name(rng)] = new JsonArray(1, "two", null) },
                2 => null,
                _ => JsonValue.Create(rng.Int(1000)),
            };
            if (rng.Chance(1, 3)) key = rng.Pick(new[] { "nullable", "enum", "items", "properties", "allOf", "oneOf", "additionalProperties", "discriminator", "format" });
            target[key] = value;
            return "inserted '" + key + "' = " + (value?.ToJsonString() ?? "null") + " at " + pointer;
        }
        return "left " + pointer + " alone";
    }

    private static void Collect(JsonNode node, string pointer, List<(JsonNode, string)> into)
    {
        into.Add((node, pointer));
        switch (node)
        {
            case JsonObject obj:
                foreach (var pair in obj) if (pair.Value is not null) Collect(pair.Value, pointer + "/" + Escape(pair.Key), into);
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) if (array[i] is { } item) Collect(item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture), into);
                break;
        }
    }

    /// <summary>The component schemas the given nodes reach through $ref, transitively.</summary>
    private static HashSet<string> Reachable(JsonObject root, List<JsonNode> starts)
    {
        const string prefix = "#/components/schemas/";
        var schemas = root["components"]?["schemas"]?.AsObject();
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<JsonNode>(starts);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            switch (node)
            {
                case JsonObject obj:
                    foreach (var pair in obj)
                    {
                        if (pair.Key == "$ref" && pair.Value is JsonValue value && value.TryGetValue<string>(out var target) && target.StartsWith(prefix, StringComparison.Ordinal))
                        {
                            var name = target.Substring(prefix.Length).Replace("~1", "/").Replace("~0", "~");
                            if (found.Add(name) && schemas?[name] is { } schema) queue.Enqueue(schema);
                        }
                        else if (pair.Value is not null)
                        {
                            queue.Enqueue(pair.Value);
                        }
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array) if (item is not null) queue.Enqueue(item);
                    break;
            }
        }
        return found;
    }

    private static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");
}
