using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// Problems are data: a kind, a severity, a message for a person and the JSON pointer into the
/// overlay document where the problem sits. Reading returns null only when nothing can be applied.
/// </summary>
public sealed class OverlayProblemTests
{
    private static (OverlayDocument? Overlay, List<OverlayProblem> Problems) Read(string overlay)
    {
        var problems = new List<OverlayProblem>();
        return (OverlayDocument.Read(JsonNode.Parse(overlay), problems), problems);
    }

    private static void AssertProblem(OverlayProblem problem, OverlayProblemKind kind, OverlaySeverity severity, string pointer)
    {
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(severity, problem.Severity);
        Assert.Equal(pointer, problem.Pointer);
    }

    [Fact]
    public void An_unmatched_target_names_the_action_and_points_at_its_target()
    {
        var (_, problems) = OverlayApplierTests.Apply("""{"components": {"schemas": {"Bar": {}}}}""", OverlayApplierTests.Overlay("1.0.0",
            """{"target": "$.components", "update": {}}""",
            """{"target": "$.components.schemas", "update": {}}""",
            """{"target": "$.components.schemas.Foo", "update": {"x-a": 1}}"""));
        var problem = Assert.Single(problems);
        AssertProblem(problem, OverlayProblemKind.TargetMatchesNothing, OverlaySeverity.Warning, "/actions/2/target");
        Assert.Equal("action 3 (target `$.components.schemas.Foo`) matches nothing in the document; the document may have moved or renamed it", problem.Message);
    }

    [Fact]
    public void Missing_actions_make_the_overlay_unusable()
    {
        var (overlay, problems) = Read("""{"overlay": "1.0.0", "info": {"title": "t", "version": "1"}}""");
        Assert.Null(overlay);
        AssertProblem(Assert.Single(problems), OverlayProblemKind.Malformed, OverlaySeverity.Error, "");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("\"actions\"")]
    public void Actions_that_are_empty_or_not_a_list_make_the_overlay_unusable(string actions)
    {
        var (overlay, problems) = Read("{\"overlay\": \"1.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"actions\": " + actions + "}");
        Assert.Null(overlay);
        AssertProblem(Assert.Single(problems), OverlayProblemKind.Malformed, OverlaySeverity.Error, "/actions");
    }

    [Theory]
    [InlineData("\"2.0.0\"")]
    [InlineData("\"1.2.0\"")]
    [InlineData("\"1.0\"")]
    [InlineData("\"1.0.0-rc1\"")]
    [InlineData("\"01.0.0\"")]
    [InlineData("\" 1.0.0\"")]
    public void An_unsupported_version_makes_the_overlay_unusable(string version)
    {
        var (overlay, problems) = Read("{\"overlay\": " + version + ", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"actions\": [{\"target\": \"$\", \"remove\": true}]}");
        Assert.Null(overlay);
        var problem = Assert.Single(problems);
        AssertProblem(problem, OverlayProblemKind.UnsupportedVersion, OverlaySeverity.Error, "/overlay");
        Assert.Contains("1.0.x and 1.1.x", problem.Message);
    }

    [Theory]
    [InlineData("1.0.0", 0)]
    [InlineData("1.0.7", 0)]
    [InlineData("1.1.0", 1)]
    [InlineData("1.1.12", 1)]
    public void Versions_1_0_x_and_1_1_x_are_read(string version, int minor)
    {
        var (overlay, problems) = Read(OverlayApplierTests.Overlay(version, """{"target": "$", "update": {}}"""));
        Assert.Empty(problems);
        Assert.Equal(version, overlay!.Version);
        Assert.Equal(minor, overlay.MinorVersion);
        Assert.Equal("t", overlay.Title);
        Assert.Equal("1", overlay.InfoVersion);
    }

    [Fact]
    public void A_missing_or_non_string_version_and_a_non_object_document_are_malformed()
    {
        var (noVersion, missing) = Read("""{"info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "remove": true}]}""");
        Assert.Null(noVersion);
        AssertProblem(Assert.Single(missing), OverlayProblemKind.Malformed, OverlaySeverity.Error, "");
        var (numeric, number) = Read("""{"overlay": 1.0, "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "remove": true}]}""");
        Assert.Null(numeric);
        AssertProblem(Assert.Single(number), OverlayProblemKind.Malformed, OverlaySeverity.Error, "/overlay");
        var problems = new List<OverlayProblem>();
        Assert.Null(OverlayDocument.Read(JsonNode.Parse("[1]"), problems));
        Assert.Null(OverlayDocument.Read(null, problems));
        Assert.All(problems, p => AssertProblem(p, OverlayProblemKind.Malformed, OverlaySeverity.Error, ""));
    }

    [Fact]
    public void An_invalid_target_points_at_the_target_with_the_position_and_the_other_actions_stay()
    {
        var (overlay, problems) = Read(OverlayApplierTests.Overlay("1.0.0",
            """{"target": "$.a", "update": {}}""",
            """{"target": "$.paths[?@.x = 1]", "update": {}}""",
            """{"target": "$.b", "remove": true}"""));
        var problem = Assert.Single(problems);
        AssertProblem(problem, OverlayProblemKind.InvalidTarget, OverlaySeverity.Error, "/actions/1/target");
        Assert.Contains("action 2 (target `$.paths[?@.x = 1]`)", problem.Message);
        Assert.Contains("(at position 13)", problem.Message);
        Assert.Equal(new[] { 0, 2 }, overlay!.Actions.Select(a => a.Index).ToArray());
        Assert.Equal("/actions/2", overlay.Actions[1].Pointer);
    }

    [Theory]
    [InlineData("""{"update": {}}""", "Malformed", "/actions/0")]
    [InlineData("""{"target": 1, "update": {}}""", "Malformed", "/actions/0/target")]
    [InlineData("""{"target": "paths", "update": {}}""", "InvalidTarget", "/actions/0/target")]
    [InlineData("""{"target": "$", "remove": "true"}""", "Malformed", "/actions/0/remove")]
    [InlineData("""{"target": "$", "copy": 1}""", "Malformed", "/actions/0/copy")]
    [InlineData("""{"target": "$", "copy": "$.a["}""", "InvalidTarget", "/actions/0/copy")]
    [InlineData("""{"target": "$", "update": {}, "copy": "$.a"}""", "InvalidAction", "/actions/0")]
    [InlineData("\"$.a\"", "Malformed", "/actions/0")]
    // The kind is passed by name: the enum is internal to the generator and cannot appear in a public test signature.
    public void Actions_that_cannot_be_carried_out_are_errors_and_left_out(string action, string kind, string pointer)
    {
        var (overlay, problems) = Read(OverlayApplierTests.Overlay("1.1.0", action, """{"target": "$", "update": {}}"""));
        AssertProblem(Assert.Single(problems), System.Enum.Parse<OverlayProblemKind>(kind), OverlaySeverity.Error, pointer);
        Assert.Equal(1, Assert.Single(overlay!.Actions).Index);
    }

    [Fact]
    public void An_action_that_does_nothing_is_a_warning_and_left_out()
    {
        var (overlay, problems) = Read(OverlayApplierTests.Overlay("1.0.0", """{"target": "$.a"}""", """{"target": "$.a", "remove": false}"""));
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(OverlayProblemKind.InvalidAction, p.Kind));
        Assert.Equal(new[] { "/actions/0", "/actions/1" }, problems.Select(p => p.Pointer).ToArray());
        Assert.Empty(overlay!.Actions);
    }

    [Fact]
    public void Unknown_fields_are_warnings_at_the_field_and_extensions_are_allowed()
    {
        var (overlay, problems) = Read("""
            {"overlay": "1.0.0", "x-root": 1, "foo": 2,
             "info": {"title": "t", "version": "1", "x-i": null, "bar": 3},
             "actions": [{"target": "$", "updat": {}, "a/b~c": 1, "x-a": [], "update": {}}]}
            """);
        Assert.Single(overlay!.Actions);
        Assert.All(problems, p => Assert.Equal(OverlaySeverity.Warning, p.Severity));
        Assert.All(problems, p => Assert.Equal(OverlayProblemKind.UnknownField, p.Kind));
        Assert.Equal(new[] { "/info/bar", "/foo", "/actions/0/updat", "/actions/0/a~1b~0c" }, problems.Select(p => p.Pointer).ToArray());
        Assert.Contains("unknown field 'updat' in action 1", problems[2].Message);
    }

    [Fact]
    public void Copy_in_a_1_0_overlay_is_reported_and_still_applied()
    {
        var (result, problems) = OverlayApplierTests.Apply("""{"a": {}, "b": {"x": 1}}""", OverlayApplierTests.Overlay("1.0.0", """{"target": "$.a", "copy": "$.b"}"""));
        OverlayApplierTests.AssertJson("""{"a": {"x": 1}, "b": {"x": 1}}""", result);
        var problem = Assert.Single(problems);
        AssertProblem(problem, OverlayProblemKind.UnknownField, OverlaySeverity.Warning, "/actions/0/copy");
        Assert.Contains("overlay: 1.1.0", problem.Message);
    }

    [Fact]
    public void Info_problems_are_warnings_and_the_overlay_stays_usable()
    {
        var (noInfo, missing) = Read("""{"overlay": "1.0.0", "actions": [{"target": "$", "update": {}}]}""");
        Assert.NotNull(noInfo);
        AssertProblem(Assert.Single(missing), OverlayProblemKind.Malformed, OverlaySeverity.Warning, "");
        var (noTitle, titleless) = Read("""{"overlay": "1.0.0", "info": {"version": "1"}, "actions": [{"target": "$", "update": {}}]}""");
        Assert.NotNull(noTitle);
        AssertProblem(Assert.Single(titleless), OverlayProblemKind.Malformed, OverlaySeverity.Warning, "/info");
        var (badTitle, typed) = Read("""{"overlay": "1.1.0", "info": {"title": 1, "version": "1", "description": "d"}, "extends": 3, "actions": [{"target": "$", "update": {}}]}""");
        Assert.NotNull(badTitle);
        Assert.Equal(new[] { "/info/title", "/extends" }, typed.Select(p => p.Pointer).ToArray());
    }

    [Fact]
    public void Extends_and_the_action_fields_are_kept()
    {
        var (overlay, problems) = Read("""
            {"overlay": "1.1.0", "info": {"title": "t", "version": "2"}, "extends": "./openapi.yaml",
             "actions": [{"target": "$.a", "description": "d", "update": null}, {"target": "$.b", "copy": "$.c"}, {"target": "$.d", "remove": true}]}
            """);
        Assert.Empty(problems);
        Assert.Equal("./openapi.yaml", overlay!.Extends);
        var update = overlay.Actions[0];
        Assert.True(update.HasUpdate);
        Assert.Null(update.Update);
        Assert.Equal("d", update.Description);
        Assert.Equal("$.c", overlay.Actions[1].Copy);
        Assert.NotNull(overlay.Actions[1].CopyQuery);
        Assert.True(overlay.Actions[2].Remove);
        Assert.Equal("action 3 (target `$.d`)", overlay.Actions[2].Label);
    }
}
