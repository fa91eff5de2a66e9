using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;
using CallsGen.Tests.Properties;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// One random case: a document with hostile member names, a path to one of its nodes written as a
/// JSONPath in a random mix of dot and bracket forms (single or double quotes, escapes chosen at
/// random, negative indexes, one-item slices, blank space where the grammar allows it), and what
/// the query must find.
/// </summary>
internal sealed record JsonPathCase(JsonNode Document, IReadOnlyList<object> Steps, string Expression, string NormalizedPath, string Pointer, int Complexity)
{
    public override string ToString() => "query " + Expression + "\nexpected " + NormalizedPath + " (" + Pointer + ")\ndocument " + Document.ToJsonString();
}

internal sealed class JsonPathCaseGen : Gen<JsonPathCase>
{
    public static readonly JsonPathCaseGen Instance = new();

    /// <summary>Characters JSONPath gives a meaning to, for member names.</summary>
    private static readonly string[] PathPunctuation =
    {
        "", " ", ".", "..", "$", "@", "*", "[", "]", "['a']", "'", "\"", "\\", "\\'", "?", "?@.a", ":", "1:2", ",", "-1", "0", "01", "~", "~1", "/", "a.b", "a b",
        "\t", "\n", "\u0001", "\u001f", "\u007f", "é", "😀", "\uFFFF", "_", "_1", "a1", "A", "true", "null", "length", "$.a", "||", "&&", "==",
    };

    public override JsonPathCase Generate(PCG pcg, Size? min, out Size size)
    {
        var rng = new Rng(pcg);
        var complexity = 0;
        var document = Value(rng, 0, ref complexity, forceContainer: true);
        var steps = new List<object>();
        var expression = new StringBuilder("$");
        var normalized = new StringBuilder("$");
        var pointer = new StringBuilder();
        var node = document;
        while (node is JsonObject or JsonArray && !rng.Chance(1, 6))
        {
            if (node is JsonObject obj && obj.Count > 0)
            {
                var member = obj.ElementAt(rng.Int(obj.Count));
                steps.Add(member.Key);
                WriteName(rng, expression, member.Key);
                JsonValues.AppendNormalizedName(normalized, member.Key);
                JsonValues.AppendPointerToken(pointer, member.Key);
                node = member.Value;
            }
            else if (node is JsonArray array && array.Count > 0)
            {
                var index = rng.Int(array.Count);
                steps.Add(index);
                WriteIndex(rng, expression, index, array.Count);
                normalized.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
                pointer.Append('/').Append(index.ToString(CultureInfo.InvariantCulture));
                node = array[index];
            }
            else
            {
                break;
            }
        }
        size = new Size((ulong)complexity);
        return new JsonPathCase(document!, steps, expression.ToString(), normalized.ToString(), pointer.ToString(), complexity);
    }

    private static JsonNode? Value(Rng rng, int depth, ref int complexity, bool forceContainer = false)
    {
        complexity++;
        var kind = forceContainer ? rng.Int(2) : depth >= 5 ? 2 + rng.Int(5) : rng.Int(7);
        switch (kind)
        {
            case 0:
                var obj = new JsonObject();
                var members = rng.Int(6);
                for (var i = 0; i < members; i++)
                {
                    var key = Key(rng);
                    if (!obj.ContainsKey(key)) obj[key] = Value(rng, depth + 1, ref complexity);
                }
                return obj;
            case 1:
                var array = new JsonArray();
                var items = rng.Int(6);
                for (var i = 0; i < items; i++) array.Add(Value(rng, depth + 1, ref complexity));
                return array;
            case 2: return JsonValue.Create(HostileText.Text(rng));
            case 3: return JsonValue.Create(rng.Int(2000) - 1000);
            case 4: return JsonValue.Create(rng.Int(100000) / 7.0);
            case 5: return JsonValue.Create(rng.Chance(1, 2));
            default: return null;
        }
    }

    private static string Key(Rng rng)
    {
        var key = rng.Chance(1, 2) ? PathPunctuation[rng.Int(PathPunctuation.Length)] + (rng.Chance(1, 3) ? HostileText.Name(rng) : "") : HostileText.Name(rng);
        // A lone surrogate cannot be written in a JSONPath name at all (RFC 9535 §2.3.1.1 allows only pairs).
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsHighSurrogate(key[i]) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])) builder.Append(key[i]).Append(key[++i]);
            else if (!char.IsSurrogate(key[i])) builder.Append(key[i]);
        }
        return builder.ToString();
    }

    private static void Blank(Rng rng, StringBuilder builder)
    {
        if (rng.Chance(1, 5)) builder.Append(" \t\n\r"[rng.Int(4)]);
    }

    private static bool IsShorthand(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') continue;
            if (c >= 0x80 && !char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    private static void WriteName(Rng rng, StringBuilder builder, string name)
    {
        Blank(rng, builder);
        if (IsShorthand(name) && rng.Chance(1, 2))
        {
            builder.Append('.').Append(name);
            return;
        }
        builder.Append('[');
        Blank(rng, builder);
        WriteString(rng, builder, name);
        Blank(rng, builder);
        builder.Append(']');
    }

    /// <summary>A string literal in random quotes, escaping what must be escaped and, at random, other characters too.</summary>
    internal static void WriteString(Rng rng, StringBuilder builder, string text)
    {
        var quote = rng.Chance(1, 2) ? '\'' : '"';
        builder.Append(quote);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // A pair is written whole or escaped whole: \uD83D\uDE00, never one half of each.
                if (rng.Chance(1, 2)) builder.Append(c).Append(text[i + 1]);
                else builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append("\\u").Append(((int)text[i + 1]).ToString("x4", CultureInfo.InvariantCulture));
                i++;
                continue;
            }
            if (c == quote || c == '\\') builder.Append('\\').Append(c);
            else if (c == '\b' && rng.Chance(1, 2)) builder.Append("\\b");
            else if (c == '\f' && rng.Chance(1, 2)) builder.Append("\\f");
            else if (c == '\n' && rng.Chance(1, 2)) builder.Append("\\n");
            else if (c == '\r' && rng.Chance(1, 2)) builder.Append("\\r");
            else if (c == '\t' && rng.Chance(1, 2)) builder.Append("\\t");
            else if (c == '/' && rng.Chance(1, 2)) builder.Append("\\/");
            else if (c < 0x20 || rng.Chance(1, 8)) builder.Append("\\u").Append(((int)c).ToString(rng.Chance(1, 2) ? "X4" : "x4", CultureInfo.InvariantCulture));
            else builder.Append(c);
        }
        builder.Append(quote);
    }

    private static void WriteIndex(Rng rng, StringBuilder builder, int index, int count)
    {
        Blank(rng, builder);
        builder.Append('[');
        Blank(rng, builder);
        var written = rng.Chance(1, 3) ? index - count : index;
        switch (rng.Int(4))
        {
            case 0:
                // A one-item slice: not singular, but selects exactly this item.
                builder.Append(written.ToString(CultureInfo.InvariantCulture)).Append(':').Append(index + 1 == count && written < 0 ? "" : (written + 1).ToString(CultureInfo.InvariantCulture));
                break;
            default:
                builder.Append(written.ToString(CultureInfo.InvariantCulture));
                break;
        }
        Blank(rng, builder);
        builder.Append(']');
    }
}

/// <summary>
/// For random documents and random paths built from them (see <see cref="JsonPathCaseGen"/>): the query
/// finds exactly the node; removing it through an overlay leaves it unreachable; updating its object
/// (or its containing object) with a member makes that member readable with the value set. Reproducible
/// from <c>CALLSGEN_PROPERTY_SEED</c>; <c>CALLSGEN_PROPERTY_ITERATIONS</c> sets the number of cases.
/// </summary>
public sealed class JsonPathPropertyTests
{
    private const string DefaultSeed = "0JsonPath001";
    private const int DefaultIterations = 1000;

    private readonly ITestOutputHelper _output;

    public JsonPathPropertyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Random_paths_into_random_documents_find_remove_and_update_exactly_their_node()
    {
        var seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : DefaultSeed;
        var iterations = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_ITERATIONS") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : DefaultIterations;
        var seeds = GeneratorPropertyTests.CaseSeeds(seed, iterations);
        var updates = 0;
        for (var i = 0; i < seeds.Count; i++)
        {
            var pathCase = JsonPathCaseGen.Instance.Generate(PCG.Parse(seeds[i]), null, out _);
            try
            {
                if (Check(pathCase, new Rng(PCG.Parse(seeds[i])))) updates++;
            }
            catch (Exception exception)
            {
                Assert.Fail($"case {i} (seed {seeds[i]}; rerun with CALLSGEN_PROPERTY_SEED={seeds[i]} CALLSGEN_PROPERTY_ITERATIONS=1) failed: {exception.Message}\n{pathCase}\n\nShrunk: {Shrink(seeds[i])}");
            }
        }
        _output.WriteLine($"{iterations} cases from seed {seed}; {updates} also checked an update.");
    }

    private static string Shrink(string caseSeed)
    {
        try
        {
            // A statement lambda: an expression returning bool would pick Sample's predicate overload.
            JsonPathCaseGen.Instance.Sample(c => { Check(c, new Rng(PCG.Parse(caseSeed))); }, seed: caseSeed, iter: 150, threads: 1);
            return "no smaller failing case found";
        }
        catch (CsCheckException exception)
        {
            return exception.Message + "\n" + exception.InnerException?.Message;
        }
    }

    /// <summary>Throws when the property fails; true when an update was checked as well.</summary>
    private static bool Check(JsonPathCase pathCase, Rng rng)
    {
        if (!JsonPathQuery.TryParse(pathCase.Expression, out var query, out var error)) throw new InvalidOperationException("does not parse: " + error);
        var document = pathCase.Document.DeepClone();
        var expected = Locate(document, pathCase.Steps);
        var matches = query!.Select(document);
        if (matches.Count != 1) throw new InvalidOperationException("selects " + matches.Count + " nodes: " + string.Join(", ", matches.Select(m => m.NormalizedPath)));
        var match = matches[0];
        if (!ReferenceEquals(match.Node, expected.Node) || !ReferenceEquals(match.Parent, expected.Parent) || match.Name != expected.Name || match.Index != expected.Index)
        {
            throw new InvalidOperationException("selects " + match.NormalizedPath + " instead");
        }
        if (match.NormalizedPath != pathCase.NormalizedPath) throw new InvalidOperationException("normalized path " + match.NormalizedPath);
        if (match.Pointer != pathCase.Pointer) throw new InvalidOperationException("pointer " + match.Pointer);
        if (!JsonPathQuery.TryParse(match.NormalizedPath, out var again, out var normalizedError)) throw new InvalidOperationException("normalized path does not parse: " + normalizedError);
        if (!ReferenceEquals(again!.Select(document).Single().Node, expected.Node)) throw new InvalidOperationException("the normalized path selects another node");

        if (pathCase.Steps.Count > 0) CheckRemove(pathCase);
        return CheckUpdate(pathCase, rng);
    }

    private static void CheckRemove(JsonPathCase pathCase)
    {
        var document = pathCase.Document.DeepClone();
        var before = Locate(document, pathCase.Steps);
        var problems = new List<OverlayProblem>();
        var result = ApplyAction(document, new JsonObject { ["target"] = pathCase.Expression, ["remove"] = true }, problems);
        if (problems.Count > 0) throw new InvalidOperationException("remove reported " + string.Join("; ", problems));
        if (before.Parent is JsonObject obj)
        {
            if (obj.ContainsKey(before.Name!)) throw new InvalidOperationException("the member is still there after remove");
            if (JsonPathQuery.TryParse(pathCase.Expression, out var query, out _) && query!.Select(result).Count != 0) throw new InvalidOperationException("the query still finds a node after remove");
        }
        else
        {
            var array = (JsonArray)before.Parent!;
            var original = (JsonArray)Locate(pathCase.Document, pathCase.Steps).Parent!;
            var expected = new JsonArray();
            for (var i = 0; i < original.Count; i++)
            {
                if (i != before.Index) expected.Add(original[i]?.DeepClone());
            }
            if (array.ToJsonString() != expected.ToJsonString()) throw new InvalidOperationException("after remove the array is " + array.ToJsonString());
        }
    }

    private static bool CheckUpdate(JsonPathCase pathCase, Rng rng)
    {
        // The object to update: the node itself, or the object holding it.
        var steps = pathCase.Steps.ToList();
        var document = pathCase.Document.DeepClone();
        var located = Locate(document, steps);
        string target;
        if (located.Node is JsonObject)
        {
            target = pathCase.Expression;
        }
        else if (located.Parent is JsonObject && steps.Count > 0)
        {
            steps.RemoveAt(steps.Count - 1);
            target = NormalizedPath(steps);
        }
        else
        {
            return false;
        }
        var obj = (JsonObject)Locate(document, steps).Node!;
        var key = obj.Count > 0 && rng.Chance(1, 2) ? obj.ElementAt(rng.Int(obj.Count)).Key : HostileText.Name(rng);
        if (obj.TryGetPropertyValue(key, out var existing) && existing is JsonObject or JsonArray) key += "\u2603";
        JsonNode? value = rng.Int(3) switch
        {
            0 => JsonValue.Create(HostileText.Text(rng)),
            1 => JsonValue.Create(rng.Int(1000)),
            _ => null,
        };
        var problems = new List<OverlayProblem>();
        var result = ApplyAction(document, new JsonObject { ["target"] = target, ["update"] = new JsonObject { [key] = value?.DeepClone() } }, problems);
        if (problems.Count > 0) throw new InvalidOperationException("update reported " + string.Join("; ", problems));

        var read = new StringBuilder(target);
        read.Append('[');
        JsonPathCaseGen.WriteString(rng, read, key);
        read.Append(']');
        if (!JsonPathQuery.TryParse(read.ToString(), out var query, out var error)) throw new InvalidOperationException(read + " does not parse: " + error);
        var found = query!.Select(result);
        if (found.Count != 1 || !JsonNode.DeepEquals(found[0].Node, value)) throw new InvalidOperationException("after update " + read + " gives " + string.Join(", ", found.Select(f => f.Node?.ToJsonString() ?? "null")));
        return true;
    }

    private static JsonNode? ApplyAction(JsonNode document, JsonObject action, List<OverlayProblem> problems)
    {
        var overlay = OverlayDocument.Read(new JsonObject
        {
            ["overlay"] = "1.1.0",
            ["info"] = new JsonObject { ["title"] = "property", ["version"] = "1" },
            ["actions"] = new JsonArray(action),
        }, problems);
        return OverlayApplier.Apply(document, overlay!, problems);
    }

    private static string NormalizedPath(IReadOnlyList<object> steps)
    {
        var builder = new StringBuilder("$");
        foreach (var step in steps)
        {
            if (step is string name) JsonValues.AppendNormalizedName(builder, name);
            else builder.Append('[').Append(((int)step).ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return builder.ToString();
    }

    private static (JsonNode? Node, JsonNode? Parent, string? Name, int Index) Locate(JsonNode? root, IReadOnlyList<object> steps)
    {
        var result = (Node: root, Parent: (JsonNode?)null, Name: (string?)null, Index: -1);
        foreach (var step in steps)
        {
            result = step is string name
                ? (result.Node!.AsObject()[name], result.Node, name, -1)
                : (result.Node!.AsArray()[(int)step], result.Node, null, (int)step);
        }
        return result;
    }
}
