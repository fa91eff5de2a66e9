using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// One test per application rule of the Overlay Specification (1.0.0, and 1.1.0 with copy), as
/// decided in the summary at the top of OverlayApplier.cs; the spec's own examples where it has them.
/// </summary>
public sealed class OverlayApplierTests
{
    internal static string Overlay(string version, params string[] actions) =>
        "{\"overlay\": \"" + version + "\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"actions\": [" + string.Join(",", actions) + "]}";

    internal static (JsonNode? Result, List<OverlayProblem> Problems) Apply(string document, string overlay)
    {
        var problems = new List<OverlayProblem>();
        var model = OverlayDocument.Read(JsonNode.Parse(overlay), problems);
        Assert.NotNull(model);
        var result = OverlayApplier.Apply(JsonNode.Parse(document), model!, problems);
        return (result, problems);
    }

    /// <summary>Compares compact JSON text, so member order counts too.</summary>
    internal static void AssertJson(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");

    [Fact]
    public void Actions_apply_in_order_each_to_the_result_of_the_previous()
    {
        var (result, problems) = Apply("""{"a": {"x": 1, "y": 2}}""", Overlay("1.0.0",
            """{"target": "$.a", "remove": true}""",
            """{"target": "$", "update": {"a": {"z": 3}}}""",
            """{"target": "$.a", "update": {"w": 4}}"""));
        Assert.Empty(problems);
        AssertJson("""{"a": {"z": 3, "w": 4}}""", result);
    }

    [Fact]
    public void A_target_matching_nothing_changes_nothing_is_reported_and_the_next_action_goes_on()
    {
        var (result, problems) = Apply("""{"a": {}}""", Overlay("1.0.0",
            """{"target": "$.missing", "update": {"x": 1}}""",
            """{"target": "$.a", "update": {"x": 1}}"""));
        AssertJson("""{"a": {"x": 1}}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.TargetMatchesNothing, problem.Kind);
        Assert.Equal(OverlaySeverity.Warning, problem.Severity);
    }

    [Fact]
    public void Update_merges_into_objects_member_by_member_and_recursively()
    {
        var (result, problems) = Apply(
            """{"info": {"title": "old", "keep": true, "contact": {"name": "n", "email": "e"}, "tags": ["a"], "n": 1}}""",
            Overlay("1.1.0", """{"target": "$.info", "update": {"title": "new", "added": {"deep": [1]}, "contact": {"email": "f", "url": "u"}, "tags": ["b", {"c": 1}], "n": "one"}}"""));
        Assert.Empty(problems);
        // Only in the target: unchanged. Only in the update: added (at the end). Primitive over primitive (any
        // kinds): replaced in place. Object into object: merged. Array onto array: concatenated.
        AssertJson("""{"info": {"title": "new", "keep": true, "contact": {"name": "n", "email": "f", "url": "u"}, "tags": ["a", "b", {"c": 1}], "n": "one", "added": {"deep": [1]}}}""", result);
    }

    [Fact]
    public void A_null_in_the_update_leaves_an_object_or_array_alone_and_replaces_a_primitive()
    {
        // The Structured Overlay Example of both versions writes `components:` and `tags:` (null) for "nothing here".
        var (result, problems) = Apply("""{"components": {"a": 1}, "tags": [1], "summary": "s", "info": {}}""",
            Overlay("1.0.0", """{"target": "$", "update": {"components": null, "tags": null, "summary": null, "info": {"x-applied": true}, "new": null}}"""));
        Assert.Empty(problems);
        AssertJson("""{"components": {"a": 1}, "tags": [1], "summary": null, "info": {"x-applied": true}, "new": null}""", result);
    }

    [Theory]
    [InlineData("""{"a": {"b": "text"}}""", """{"b": {"c": 1}}""", "/actions/0/update/b", "@['b']")]
    [InlineData("""{"a": {"b": {"c": [1]}}}""", """{"b": {"c": {"d": 1}}}""", "/actions/0/update/b/c", "@['b']['c']")]
    [InlineData("""{"a": {"b": [1]}}""", """{"b": "x"}""", "/actions/0/update/b", "@['b']")]
    [InlineData("""{"a": {"b": null}}""", """{"b": {"c": 1}}""", "/actions/0/update/b", "@['b']")]
    public void Other_pairings_are_an_error_pointing_into_the_update_and_change_nothing(string document, string update, string pointer, string where)
    {
        var (result, problems) = Apply(document, Overlay("1.1.0", "{\"target\": \"$.a\", \"update\": " + update + "}"));
        AssertJson(document, result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.IncompatibleUpdate, problem.Kind);
        Assert.Equal(OverlaySeverity.Error, problem.Severity);
        Assert.Equal(pointer, problem.Pointer);
        Assert.Contains("at " + where, problem.Message);
    }

    [Fact]
    public void An_action_that_cannot_merge_into_one_target_changes_none_of_them()
    {
        var (result, problems) = Apply("""{"a": [{"x": 1}, {"x": {}}, {"y": 1}]}""", Overlay("1.1.0", """{"target": "$.a[*]", "update": {"x": 2, "z": 3}}"""));
        AssertJson("""{"a": [{"x": 1}, {"x": {}}, {"y": 1}]}""", result);
        Assert.Contains("$['a'][1]", Assert.Single(problems).Message);
    }

    [Fact]
    public void Update_on_an_array_concatenates_an_array_and_appends_anything_else()
    {
        var (result, problems) = Apply("""{"a": [1], "b": [1], "c": [1], "d": [1]}""", Overlay("1.0.0",
            """{"target": "$.a", "update": [2, [3]]}""",
            """{"target": "$.b", "update": {"name": "newParam", "in": "query"}}""",
            """{"target": "$.c", "update": "x"}""",
            """{"target": "$.d", "update": null}"""));
        Assert.Empty(problems);
        AssertJson("""{"a": [1, 2, [3]], "b": [1, {"name": "newParam", "in": "query"}], "c": [1, "x"], "d": [1, null]}""", result);
    }

    [Fact]
    public void Update_on_primitives_replaces_them_in_objects_arrays_and_at_the_root()
    {
        var (result, problems) = Apply("""{"paths": {"/foo": {"get": {"description": "old"}}}, "tags": ["a", "dummy", null], "n": null}""", Overlay("1.1.0",
            """{"target": "$.paths['/foo'].get.description", "update": "This is the new description"}""",
            """{"target": "$.tags[?@ == 'dummy' || @ == null]", "update": 7}""",
            """{"target": "$.n", "update": false}"""));
        Assert.Empty(problems);
        AssertJson("""{"paths": {"/foo": {"get": {"description": "This is the new description"}}}, "tags": ["a", 7, 7], "n": false}""", result);

        var (root, rootProblems) = Apply("\"old\"", Overlay("1.1.0", """{"target": "$", "update": {"not": "allowed"}}"""));
        AssertJson("\"old\"", root);
        Assert.Equal(OverlayProblemKind.IncompatibleUpdate, Assert.Single(rootProblems).Kind);
        var (replaced, none) = Apply("\"old\"", Overlay("1.1.0", """{"target": "$", "update": 3}"""));
        Assert.Empty(none);
        AssertJson("3", replaced);
    }

    [Fact]
    public void Overlay_1_0_does_not_allow_primitive_targets_so_replacing_one_is_done_as_1_1_says_with_a_warning()
    {
        var (result, problems) = Apply("""{"a": "old"}""", Overlay("1.0.0", """{"target": "$.a", "update": "new"}"""));
        AssertJson("""{"a": "new"}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidAction, problem.Kind);
        Assert.Equal(OverlaySeverity.Warning, problem.Severity);
        Assert.Equal("/actions/0/target", problem.Pointer);
    }

    [Theory]
    [InlineData("""{"target": "$.o", "update": "text"}""")]
    [InlineData("""{"target": "$.o", "update": [1]}""")]
    [InlineData("""{"target": "$.o", "update": null}""")]
    [InlineData("""{"target": "$.s", "update": {"a": 1}}""")]
    [InlineData("""{"target": "$.s", "update": [1]}""")]
    public void An_update_of_the_wrong_shape_for_its_targets_is_an_error(string action)
    {
        const string document = """{"o": {"k": 1}, "s": "text"}""";
        var (result, problems) = Apply(document, Overlay("1.1.0", action));
        AssertJson(document, result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.IncompatibleUpdate, problem.Kind);
        Assert.Equal("/actions/0/update", problem.Pointer);
    }

    [Fact]
    public void Targets_of_mixed_kinds_are_refused()
    {
        const string document = """{"o": {}, "a": [], "s": "x"}""";
        var (result, problems) = Apply(document, Overlay("1.1.0", """{"target": "$.*", "update": {"x": 1}}"""));
        AssertJson(document, result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidAction, problem.Kind);
        Assert.Equal("/actions/0/target", problem.Pointer);
    }

    [Fact]
    public void Remove_takes_members_out_of_objects_including_members_whose_value_is_null()
    {
        var (result, problems) = Apply("""{"paths": {"/dinner": {}, "/lunch": {}}, "x": null, "y": 1}""", Overlay("1.0.0",
            """{"target": "$.paths['/dinner']", "remove": true}""",
            """{"target": "$.x", "remove": true}"""));
        Assert.Empty(problems);
        AssertJson("""{"paths": {"/lunch": {}}, "y": 1}""", result);
    }

    [Fact]
    public void Remove_takes_several_array_items_out_in_one_action_without_shifting_onto_others()
    {
        var (result, problems) = Apply(
            """{"parameters": [{"name": "dummy"}, {"name": "keep1"}, {"name": "dummy"}, {"name": "dummy"}, {"name": "keep2"}], "tags": ["a", "dummy", "b", "dummy"], "n": [0, 1, 2, 3, 4, 5]}""",
            Overlay("1.1.0",
                """{"target": "$.parameters[?@.name == 'dummy']", "remove": true}""",
                """{"target": "$.tags[?@ == 'dummy']", "remove": true}""",
                """{"target": "$.n[4, 0, 0, 2, -1]", "remove": true}"""));
        Assert.Empty(problems);
        AssertJson("""{"parameters": [{"name": "keep1"}, {"name": "keep2"}], "tags": ["a", "b"], "n": [1, 3]}""", result);
    }

    [Fact]
    public void Remove_of_nodes_and_their_descendants_together_is_fine()
    {
        var (result, problems) = Apply("""{"a": {"b": [1, {"c": 2}]}, "d": [[1, 2], [3]]}""", Overlay("1.0.0", """{"target": "$.*..*", "remove": true}"""));
        Assert.Empty(problems);
        AssertJson("""{"a": {}, "d": []}""", result);
    }

    [Fact]
    public void The_root_cannot_be_removed()
    {
        var (result, problems) = Apply("""{"a": 1}""", Overlay("1.0.0", """{"target": "$", "remove": true}"""));
        AssertJson("""{"a": 1}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidAction, problem.Kind);
        Assert.Equal(OverlaySeverity.Error, problem.Severity);
        Assert.Equal("/actions/0/target", problem.Pointer);
    }

    [Fact]
    public void Remove_wins_over_update_with_a_warning()
    {
        var (result, problems) = Apply("""{"a": {"b": 1}, "c": 1}""", Overlay("1.0.0", """{"target": "$.a", "update": {"x": 1}, "remove": true}"""));
        AssertJson("""{"c": 1}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidAction, problem.Kind);
        Assert.Equal(OverlaySeverity.Warning, problem.Severity);
        Assert.Equal("/actions/0", problem.Pointer);
    }

    [Fact]
    public void Remove_false_with_update_is_an_update()
    {
        var (result, problems) = Apply("""{"a": {}}""", Overlay("1.0.0", """{"target": "$.a", "update": {"x": 1}, "remove": false}"""));
        Assert.Empty(problems);
        AssertJson("""{"a": {"x": 1}}""", result);
    }

    private const string CopySource = """
        {"openapi": "3.1.0", "paths": {
          "/items": {"get": {"responses": {"200": {"description": "OK"}}}},
          "/some-items": {"delete": {"responses": {"200": {"description": "OK"}}}}}}
        """;

    [Fact]
    public void Copy_merges_the_single_node_it_selects_into_each_target_like_an_update()
    {
        // Overlay 1.1.0 "Simple Copy" example.
        var (result, problems) = Apply(CopySource, Overlay("1.1.0", """{"target": "$.paths[\"/some-items\"]", "copy": "$.paths[\"/items\"]"}"""));
        Assert.Empty(problems);
        AssertJson("""
            {"openapi": "3.1.0", "paths": {
              "/items": {"get": {"responses": {"200": {"description": "OK"}}}},
              "/some-items": {"delete": {"responses": {"200": {"description": "OK"}}}, "get": {"responses": {"200": {"description": "OK"}}}}}}
            """, result);
        // The copy is a clone: changing it leaves the source alone.
        result!["paths"]!["/some-items"]!["get"]!["responses"]!["200"]!["description"] = "changed";
        Assert.Equal("OK", (string?)result["paths"]!["/items"]!["get"]!["responses"]!["200"]!["description"]);
    }

    [Fact]
    public void Update_copy_and_remove_in_sequence_move_a_node()
    {
        // Overlay 1.1.0 "Move Example".
        var (result, problems) = Apply(CopySource, Overlay("1.1.0",
            """{"target": "$.paths", "update": {"/new-items": {}}}""",
            """{"target": "$.paths[\"/new-items\"]", "copy": "$.paths[\"/items\"]"}""",
            """{"target": "$.paths[\"/items\"]", "remove": true}"""));
        Assert.Empty(problems);
        AssertJson("""
            {"openapi": "3.1.0", "paths": {
              "/some-items": {"delete": {"responses": {"200": {"description": "OK"}}}},
              "/new-items": {"get": {"responses": {"200": {"description": "OK"}}}}}}
            """, result);
    }

    [Theory]
    [InlineData("$.paths.missing", "selects nothing")]
    [InlineData("$.paths.*", "selects 2 nodes")]
    public void Copy_must_select_exactly_one_node(string copy, string fragment)
    {
        var (result, problems) = Apply(CopySource, Overlay("1.1.0", "{\"target\": \"$.paths['/some-items']\", \"copy\": \"" + copy + "\"}"));
        AssertJson(CopySource, result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidCopySource, problem.Kind);
        Assert.Equal("/actions/0/copy", problem.Pointer);
        Assert.Contains(fragment, problem.Message);
    }

    [Fact]
    public void Copy_follows_the_update_rules_for_arrays_primitives_and_conflicts()
    {
        var (result, problems) = Apply("""{"a": [1], "b": [2, 3], "s": "x", "t": "y", "o": {"k": "v"}, "p": {"k": {}}}""", Overlay("1.1.0",
            """{"target": "$.a", "copy": "$.b"}""",
            """{"target": "$.s", "copy": "$.t"}""",
            """{"target": "$.p", "copy": "$.o"}"""));
        AssertJson("""{"a": [1, 2, 3], "b": [2, 3], "s": "y", "t": "y", "o": {"k": "v"}, "p": {"k": {}}}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.IncompatibleUpdate, problem.Kind);
        Assert.Equal("/actions/2/copy", problem.Pointer);
    }

    [Fact]
    public void Copying_a_node_into_itself_or_its_descendant_uses_a_snapshot()
    {
        var (result, problems) = Apply("""{"a": {"b": {"c": 1}, "l": [1]}}""", Overlay("1.1.0",
            """{"target": "$.a.b", "copy": "$.a"}""",
            """{"target": "$.a", "copy": "$.a"}"""));
        Assert.Empty(problems);
        // First a's members are merged into b (b gains its own former value and l); then a into itself doubles the arrays.
        AssertJson("""{"a": {"b": {"c": 1, "b": {"c": 1}, "l": [1, 1]}, "l": [1, 1]}}""", result);
    }

    [Fact]
    public void Update_with_copy_is_refused_as_contradictory()
    {
        var (result, problems) = Apply("""{"a": {}, "b": {"x": 1}}""", Overlay("1.1.0", """{"target": "$.a", "update": {"y": 1}, "copy": "$.b"}"""));
        AssertJson("""{"a": {}, "b": {"x": 1}}""", result);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.InvalidAction, problem.Kind);
        Assert.Equal(OverlaySeverity.Error, problem.Severity);
        Assert.Equal("/actions/0", problem.Pointer);
    }

    [Fact]
    public void A_node_selected_twice_is_changed_once()
    {
        var (result, problems) = Apply("""{"a": {"l": [1]}, "b": [0]}""", Overlay("1.1.0",
            """{"target": "$['a', 'a']", "update": {"l": [2]}}""",
            """{"target": "$..[?@ == 0]", "update": 5}""",
            """{"target": "$['b','b']", "update": [9]}"""));
        Assert.Empty(problems);
        AssertJson("""{"a": {"l": [1, 2]}, "b": [5, 9]}""", result);
    }

    [Fact]
    public void The_spec_wildcard_example_updates_every_match_with_its_own_clone()
    {
        var (result, problems) = Apply("""
            {"paths": {
              "/a": {"get": {"parameters": [{"name": "filter", "in": "query"}, {"name": "filter", "in": "header"}]}},
              "/b": {"get": {"parameters": []}, "post": {}}}}
            """, Overlay("1.0.0",
            """{"target": "$.paths.*.get", "update": {"x-safe": true}}""",
            """{"target": "$.paths.*.get.parameters[?@.name=='filter' && @.in=='query']", "update": {"schema": {"$ref": "#/components/schemas/filterSchema"}}}"""));
        Assert.Empty(problems);
        AssertJson("""
            {"paths": {
              "/a": {"get": {"parameters": [{"name": "filter", "in": "query", "schema": {"$ref": "#/components/schemas/filterSchema"}}, {"name": "filter", "in": "header"}], "x-safe": true}},
              "/b": {"get": {"parameters": [], "x-safe": true}, "post": {}}}}
            """, result);
        Assert.NotSame(result!["paths"]!["/a"]!["get"]!["x-safe"], result["paths"]!["/b"]!["get"]!["x-safe"]);
    }

    [Fact]
    public void The_root_object_is_updated_in_place()
    {
        var document = JsonNode.Parse("""{"info": {}}""");
        var problems = new List<OverlayProblem>();
        var overlay = OverlayDocument.Read(JsonNode.Parse(Overlay("1.0.0", """{"target": "$", "update": {"info": {"x-overlay-applied": "structured-overlay"}}}""")), problems);
        var result = OverlayApplier.Apply(document, overlay!, problems);
        Assert.Same(document, result);
        AssertJson("""{"info": {"x-overlay-applied": "structured-overlay"}}""", result);
    }

    [Fact]
    public void The_overlay_is_not_changed_by_applying_it()
    {
        var overlayNode = JsonNode.Parse(Overlay("1.0.0", """{"target": "$.a", "update": {"l": [1], "o": {"k": 1}}}"""));
        var before = overlayNode!.ToJsonString();
        var problems = new List<OverlayProblem>();
        var overlay = OverlayDocument.Read(overlayNode, problems);
        var result = OverlayApplier.Apply(JsonNode.Parse("""{"a": {}}"""), overlay!, problems);
        result!["a"]!["l"]!.AsArray().Add(2);
        result["a"]!["o"]!["k"] = 2;
        Assert.Equal(before, overlayNode.ToJsonString());
    }

    [Fact]
    public void Copying_the_document_into_itself_again_and_again_stops_at_the_write_limit()
    {
        var actions = Enumerable.Range(0, 40).Select(_ => """{"target": "$.x", "copy": "$"}""").Prepend("""{"target": "$", "update": {"x": {}, "y": [1, 2, 3, 4, 5, 6, 7, 8]}}""").ToArray();
        var problems = new List<OverlayProblem>();
        var overlay = OverlayDocument.Read(JsonNode.Parse(Overlay("1.1.0", actions)), problems);
        var result = OverlayApplier.Apply(JsonNode.Parse("{}"), overlay!, problems, new JsonPathBudget(), maxWrittenNodes: 100_000);
        Assert.Contains(problems, p => p.Kind == OverlayProblemKind.LimitExceeded && p.Severity == OverlaySeverity.Error);
        Assert.True(JsonValues.CountNodes(result) < 200_000);
    }

    [Fact]
    public void A_query_beyond_the_budget_is_reported_not_run_to_the_end()
    {
        var document = new JsonObject();
        var level = document;
        for (var i = 0; i < 200; i++)
        {
            var next = new JsonObject { ["v"] = i };
            level["n"] = next;
            level = next;
        }
        var problems = new List<OverlayProblem>();
        var overlay = OverlayDocument.Read(JsonNode.Parse(Overlay("1.1.0", """{"target": "$..*..*..*..v", "update": 1}""")), problems);
        OverlayApplier.Apply(document, overlay!, problems, new JsonPathBudget(maxVisits: 100_000), maxWrittenNodes: 1000);
        var problem = Assert.Single(problems);
        Assert.Equal(OverlayProblemKind.LimitExceeded, problem.Kind);
        Assert.Equal("/actions/0/target", problem.Pointer);
    }
}
