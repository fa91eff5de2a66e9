using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;
using CallsGen.Tests.TestSupport;
using Xunit.Abstractions;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// The engine on the vendor's published document (read from outside the repository, see
/// <see cref="Repo.ReferenceSpec"/>; skipped with the reason when absent): a targeted change leaves
/// every other byte of the re-serialized document as it was, and whole-document queries stay fast.
/// </summary>
public sealed class OverlayReferenceSpecTests
{
    private const string SkipReason = "The Vapi reference document is not present (expected at ../shared/reference/vapi-openapi.json beside the checkout, or set CALLSGEN_REFERENCE_SPEC).";

    private readonly ITestOutputHelper _output;

    public OverlayReferenceSpecTests(ITestOutputHelper output) => _output = output;

    private static string ReferenceText()
    {
        Skip.If(Repo.ReferenceSpec is null, SkipReason);
        return File.ReadAllText(Repo.ReferenceSpec!);
    }

    private const string RoleDescription = "The role of the user in the conversation.";

    [SkippableTheory]
    [InlineData("$.components.schemas.UserMessage.properties.role")]
    [InlineData("$['components']['schemas']['UserMessage']['properties']['role']")]
    [InlineData("$.components.schemas[?@.properties.role.description == '" + RoleDescription + "'].properties.role")]
    [InlineData("$.components.schemas[?@.properties.role && @.properties.speakerLabel && @.properties.isFiltered].properties.role")]
    public void Adding_an_enum_to_UserMessage_role_changes_that_and_nothing_else(string target)
    {
        var text = ReferenceText();
        var overlay = JsonNode.Parse("""{"overlay": "1.0.0", "info": {"title": "Close UserMessage.role", "version": "1"}, "actions": [{"target": "", "update": {"enum": ["user"]}}]}""")!;
        overlay["actions"]![0]!["target"] = target;
        var problems = new List<OverlayProblem>();
        var model = OverlayDocument.Read(overlay, problems);
        var result = OverlayApplier.Apply(JsonNode.Parse(text), model!, problems);
        Assert.Empty(problems);

        var expected = JsonNode.Parse(text)!;
        expected["components"]!["schemas"]!["UserMessage"]!["properties"]!["role"]!["enum"] = new JsonArray("user");
        Assert.Equal(expected.ToJsonString(), result!.ToJsonString());

        // And taking the enum out again gives back exactly the original, re-serialized.
        result["components"]!["schemas"]!["UserMessage"]!["properties"]!["role"]!.AsObject().Remove("enum");
        Assert.Equal(JsonNode.Parse(text)!.ToJsonString(), result.ToJsonString());
    }

    [SkippableFact]
    public void A_filter_over_the_schemas_selects_each_schema_with_a_role_property_in_document_order()
    {
        var document = JsonNode.Parse(ReferenceText())!;
        var matches = JsonPathRfcExampleTests.Parse("$.components.schemas[?@.properties.role]").Select(document);
        var expected = document["components"]!["schemas"]!.AsObject().Where(s => s.Value?["properties"]?["role"] is not null).Select(s => "/components/schemas/" + s.Key.Replace("~", "~0").Replace("/", "~1")).ToArray();
        Assert.Equal(24, matches.Count);
        Assert.Equal(expected, matches.Select(m => m.Pointer).ToArray());
    }

    [SkippableFact]
    public void Every_node_of_the_document_is_selected_by_a_descendant_wildcard_quickly()
    {
        var document = JsonNode.Parse(ReferenceText())!;
        var query = JsonPathRfcExampleTests.Parse("$..*");
        // The first run also materializes the lazily parsed nodes and compiles the evaluator.
        var clock = Stopwatch.StartNew();
        var first = query.Select(document);
        var cold = clock.Elapsed;
        clock.Restart();
        var matches = query.Select(document);
        var warm = clock.Elapsed;
        clock.Restart();
        var paths = matches.Select(m => m.Pointer).ToList();
        var pointers = clock.Elapsed;
        _output.WriteLine($"$..* selected {matches.Count} nodes: first run {cold.TotalMilliseconds:0} ms, second {warm.TotalMilliseconds:0} ms; all JSON pointers {pointers.TotalMilliseconds:0} ms");

        Assert.Equal(first.Count, matches.Count);
        Assert.Equal(JsonValues.CountNodes(document) - 1, matches.Count);
        Assert.Equal(matches.Count, paths.Distinct().Count());
        // Generous bounds: the point is "well under a second", not a benchmark on a busy machine.
        Assert.True(warm.TotalSeconds < 1, $"$..* took {warm.TotalMilliseconds:0} ms");
    }

    [SkippableFact]
    public void An_exploding_query_on_the_document_stops_at_the_budget_with_an_error()
    {
        var document = JsonNode.Parse(ReferenceText())!;
        var clock = Stopwatch.StartNew();
        // Each union keeps its duplicates (RFC 9535 §2.5.1.2), so every segment multiplies the nodelist by about 8 times the depth.
        Assert.False(JsonPathRfcExampleTests.Parse("$..[*,*,*,*,*,*,*,*]..[*,*,*,*,*,*,*,*]..[*,*,*,*,*,*,*,*]").TrySelect(document, out var matches, out var error));
        _output.WriteLine($"stopped after {clock.Elapsed.TotalMilliseconds:0} ms: {error}");
        Assert.Empty(matches);
        Assert.NotNull(error);
        Assert.True(clock.Elapsed.TotalSeconds < 10, $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [SkippableFact]
    public void Deep_descendant_chains_within_the_budget_still_complete()
    {
        var document = JsonNode.Parse(ReferenceText())!;
        var budget = new JsonPathBudget();
        var clock = Stopwatch.StartNew();
        Assert.True(JsonPathRfcExampleTests.Parse("$..*..*..*..*").TrySelect(document, out var matches, out var error, budget), error);
        var visits = JsonPathBudget.DefaultMaxVisits - budget.VisitsLeft;
        _output.WriteLine($"$..*..*..*..* selected {matches.Count} nodes in {clock.Elapsed.TotalMilliseconds:0} ms, {visits} visits");
        Assert.True(visits < JsonPathBudget.DefaultMaxVisits / 2, visits + " visits");
    }
}
