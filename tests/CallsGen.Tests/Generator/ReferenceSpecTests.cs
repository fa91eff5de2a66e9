using System;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CallsGen.Tests.Generator;

/// <summary>
/// The vendor's published document, read from outside the repository (see <see cref="Repo.ReferenceSpec"/>).
/// Skipped, with the reason, when it is not present.
/// </summary>
public sealed class ReferenceSpecTests
{
    private const string SkipReason = "The Vapi reference document is not present (expected at ../shared/reference/vapi-openapi.json beside the checkout, or set CALLSGEN_REFERENCE_SPEC).";
    private const string ReferencePath = "vapi-openapi.json";

    private static readonly Lazy<GeneratorRun?> ListCallsRun = new(() =>
        Repo.ReferenceSpec is { } path ? GeneratorHarness.Run(SpecFile.Create(ReferencePath, File.ReadAllText(path), "Vapi", "VapiClient", "ListCalls")) : null);

    private readonly ITestOutputHelper _output;

    public ReferenceSpecTests(ITestOutputHelper output) => _output = output;

    private static GeneratorRun RunListCalls()
    {
        Skip.If(Repo.ReferenceSpec is null, SkipReason);
        return ListCallsRun.Value!;
    }

    [SkippableFact]
    public void ListCalls_generates_and_compiles_with_no_errors_and_no_warnings()
    {
        var run = RunListCalls();
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var problems = run.CompileDiagnostics;
        if (problems.Count > 0) Assert.Fail(problems.Count + " compiler diagnostics:\n" + string.Join("\n", problems.Take(30)));
    }

    [SkippableFact]
    public void ListCalls_reports_the_readers_22_findings_as_CG0002_warnings()
    {
        var run = RunListCalls();
        var findings = run.Diagnostics.Where(d => d.Id == "CG0002").ToList();
        foreach (var finding in findings) _output.WriteLine(finding.ToString());
        Assert.Equal(22, findings.Count);
        Assert.All(findings, f => Assert.Equal(DiagnosticSeverity.Warning, f.Severity));
        Assert.All(findings, f => Assert.Equal(ReferencePath, f.Location.GetLineSpan().Path));
        // The published document is one line of JSON, so a location is told by its column: each finding
        // is located (not left at the document start), and an unknown-key finding points at that key.
        var lines = File.ReadAllText(Repo.ReferenceSpec!).Split('\n');
        Assert.All(findings, f =>
        {
            var start = f.Location.GetLineSpan().StartLinePosition;
            Assert.True(start.Line > 0 || start.Character > 0, "not located: " + f);
            var message = f.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            var key = System.Text.RegularExpressions.Regex.Match(message, @"reports: (\S+) is not a valid property at (\S+)$");
            if (!key.Success) return;
            // At the key itself, or (when the key sits in an array item the pointer does not name) at the pointer's target.
            var at = lines[start.Line].Substring(start.Character);
            var target = key.Groups[2].Value.Substring(key.Groups[2].Value.LastIndexOf('/') + 1).Replace("~1", "/").Replace("~0", "~");
            Assert.True(at.StartsWith("\"" + key.Groups[1].Value + "\"", StringComparison.Ordinal) || at.StartsWith("\"" + target + "\"", StringComparison.Ordinal), f + " points at " + at.Substring(0, Math.Min(40, at.Length)));
        });
        // Besides the reader's findings, only unions whose variants the document gives no way to tell apart.
        Assert.Equal(new[] { "CG0002", "CG0012" }, run.Diagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        foreach (var ambiguity in run.Diagnostics.Where(d => d.Id == "CG0012")) _output.WriteLine(ambiguity.ToString());
        Assert.Contains(run.Diagnostics, d => d.Id == "CG0012" && d.GetMessage().Contains("a value shaped like UserMessage also fits", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void ListCalls_has_the_12_filters_and_endedReason_knows_every_distinct_value()
    {
        var run = RunListCalls();
        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var request = generated.Type("Vapi.ListCallsRequest");
        var filters = request.GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(new[]
        {
            "AssistantId", "CreatedAtGe", "CreatedAtGt", "CreatedAtLe", "CreatedAtLt", "Id", "Limit", "PhoneNumberId",
            "UpdatedAtGe", "UpdatedAtGt", "UpdatedAtLe", "UpdatedAtLt",
        }, filters);
        Assert.Equal(typeof(double?), request.GetProperty("Limit")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset?), request.GetProperty("CreatedAtLt")!.PropertyType);

        var method = Assert.Single(generated.Type("Vapi.VapiClient").GetMethods(), m => m.Name == "ListCallsAsync");
        Assert.Equal(typeof(System.Threading.CancellationToken), method.GetParameters()[^1].ParameterType);

        var expected = SpecModel.DistinctEndedReasons(SpecModel.Read(Repo.ReferenceSpec!));
        var known = VapiSpecTests.KnownValues(generated.Type("Vapi.CallEndedReason"));
        Assert.Equal(expected.Count, known.Count);
        Assert.Equal(expected, known);
        Assert.Equal(40, generated.Type("Vapi.Call").GetProperties().Count(p => p.DeclaringType!.Name == "Call" && p.Name is not ("EqualityContract" or "AdditionalProperties")));
    }

    [SkippableFact]
    public void All_operations_generate_and_compile_with_no_errors()
    {
        Skip.If(Repo.ReferenceSpec is null, SkipReason);
        var run = GeneratorHarness.Run(SpecFile.Create(ReferencePath, File.ReadAllText(Repo.ReferenceSpec!), "Vapi", "VapiClient"));
        Assert.Null(run.Result.Results[0].Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        Assert.NotEmpty(run.Sources);
        var all = run.Output.GetDiagnostics();
        var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var warnings = all.Count(d => d.Severity == DiagnosticSeverity.Warning);
        _output.WriteLine($"{run.Sources.Count} files; generator diagnostics: {run.Diagnostics.Count} ({string.Join(", ", run.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => g.Key + "×" + g.Count()))}); compiler warnings: {warnings}; errors: {errors.Count}");
        foreach (var group in all.Where(d => d.Severity == DiagnosticSeverity.Warning).GroupBy(d => d.Id).OrderBy(g => g.Key)) _output.WriteLine(group.Key + " ×" + group.Count() + ": " + group.First());
        if (errors.Count > 0) Assert.Fail(errors.Count + " compiler errors:\n" + string.Join("\n", errors.Take(30)));
    }

    /// <summary>
    /// Call.costs items decode as their true cost types. For each cost variant the document lists, a
    /// sample is built from that variant's own required properties (read from the document), so the
    /// test follows the document rather than a hand-kept copy of it.
    /// </summary>
    [SkippableFact]
    public void Costs_come_back_as_their_true_cost_types_and_an_unknown_one_as_raw()
    {
        var run = RunListCalls();
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Repo.ReferenceSpec!))!;
        var schemas = document["components"]!["schemas"]!;
        var variants = schemas["Call"]!["properties"]!["costs"]!["items"]!["oneOf"]!.AsArray()
            .Select(v => ((string)v!["$ref"]!).Split('/').Last())
            .ToList();
        Assert.Equal(8, variants.Count);

        var costs = new System.Text.Json.Nodes.JsonArray();
        foreach (var name in variants) costs.Add(Sample(schemas, schemas[name]!, depth: 0));
        costs.Add(System.Text.Json.Nodes.JsonNode.Parse("""{"type":"teleportation","cost":1.5,"parsecs":12}"""));
        var call = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "c1",
            ["orgId"] = "o1",
            ["createdAt"] = "2026-03-01T10:00:00.000Z",
            ["updatedAt"] = "2026-03-01T10:05:00.000Z",
            ["costs"] = costs,
        };
        var json = new System.Text.Json.Nodes.JsonArray(call).ToJsonString();

        using var loaded = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var jsonClass = loaded.Type("Vapi.VapiClientJson");
        var calls = (System.Collections.IEnumerable)JsonCalls.Read(jsonClass, "ReadCall_List", json);
        var decoded = calls.Cast<object>().Single();
        var items = ((System.Collections.IEnumerable)decoded.GetType().GetProperty("Costs")!.GetValue(decoded)!).Cast<object>().ToList();

        Assert.Equal(variants.Count + 1, items.Count);
        for (var i = 0; i < variants.Count; i++)
        {
            var value = items[i].GetType().GetProperty("Value")!.GetValue(items[i]);
            Assert.NotNull(value);
            Assert.Equal(variants[i], value!.GetType().Name);
        }
        var unknown = items[^1];
        Assert.True((bool)unknown.GetType().GetProperty("IsUnknown")!.GetValue(unknown)!);
        var written = System.Text.Json.Nodes.JsonNode.Parse(JsonCalls.Write(jsonClass, "WriteCall_List", calls))!;
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(costs[^1], written[0]!["costs"]![variants.Count]));
    }

    /// <summary>A value satisfying a schema's required properties, types and single-value enums.</summary>
    private static System.Text.Json.Nodes.JsonNode? Sample(System.Text.Json.Nodes.JsonNode schemas, System.Text.Json.Nodes.JsonNode schema, int depth)
    {
        if (schema["$ref"] is { } reference) return Sample(schemas, schemas[((string)reference!).Split('/').Last()]!, depth + 1);
        if (schema["allOf"] is System.Text.Json.Nodes.JsonArray { Count: 1 } wrapper) return Sample(schemas, wrapper[0]!, depth);
        if (schema["oneOf"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } oneOf) return Sample(schemas, oneOf[0]!, depth + 1);
        if (schema["enum"] is System.Text.Json.Nodes.JsonArray { Count: > 0 } values) return values[0]!.DeepClone();
        switch ((string?)schema["type"])
        {
            case "string": return (string?)schema["format"] == "date-time" ? "2026-03-01T10:00:00.000Z" : "x";
            case "number": case "integer": return 1;
            case "boolean": return true;
            case "array": return new System.Text.Json.Nodes.JsonArray();
        }
        var result = new System.Text.Json.Nodes.JsonObject();
        if (depth > 6 || schema["properties"] is not System.Text.Json.Nodes.JsonObject properties) return result;
        foreach (var required in schema["required"]?.AsArray() ?? new System.Text.Json.Nodes.JsonArray())
        {
            var name = (string)required!;
            if (properties[name] is { } property) result[name] = Sample(schemas, property, depth + 1);
        }
        return result;
    }
}
