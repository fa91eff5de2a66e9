using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// Overlays through the generator: listed in a document's <c>CallsGenOverlays</c>, applied in order to JSON and YAML
/// documents alike before the document is read, with every problem located in the overlay file and the document's
/// own diagnostics still in the document.
/// </summary>
public sealed class OverlayGeneratorTests
{
    internal const string Directory = "/project";
    private const string DocumentPath = Directory + "/vapi.yaml";
    private const string OverlayPath = Directory + "/vapi.overlay.yaml";

    private readonly ITestOutputHelper _output;

    public OverlayGeneratorTests(ITestOutputHelper output) => _output = output;

    internal static string SampleOverlay => File.ReadAllText(Path.Combine(Repo.Root, "samples", "ListCalls", "vapi.overlay.yaml"));

    /// <summary>A document with its CallsGen metadata, listing <paramref name="overlays"/> (relative to its directory).</summary>
    internal static SpecFile Document(string path, string text, params string[] overlays)
    {
        var metadata = new Dictionary<string, string> { ["CallsGenNamespace"] = "Fixed", ["CallsGenClientName"] = "FixedClient" };
        if (overlays.Length > 0) metadata["CallsGenOverlays"] = string.Join(",", overlays);
        return new SpecFile(path, text, metadata);
    }

    /// <summary>A file the project lists without CallsGen metadata (an overlay).</summary>
    internal static SpecFile Plain(string path, string text) => new(path, text, new Dictionary<string, string>());

    private GeneratorRun Run(params SpecFile[] files)
    {
        var run = GeneratorHarness.Run(files);
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Null(run.Result.Results[0].Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        return run;
    }

    [Fact]
    public void The_sample_overlay_binds_every_message_to_its_kind_and_the_verdict_to_string_or_boolean()
    {
        var run = Run(Document(DocumentPath, File.ReadAllText(Repo.Spec("vapi-list-calls.yaml")), "vapi.overlay.yaml"), Plain(OverlayPath, SampleOverlay));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics);
        Assert.Contains("FindTag(reader, \"role\"u8", run.Source("Models.CallMessagesItem.g.cs"), StringComparison.Ordinal);

        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var json = generated.Type("Fixed.FixedClientJson");
        const string Call = """
            [{"id":"c1","orgId":"o1","createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:05:00.000Z",
              "messages":[
                {"role":"system","message":"You are helpful.","time":1,"secondsFromStart":0},
                {"role":"bot","message":"Hello!","time":2,"endTime":3,"secondsFromStart":0.5,"source":"","duration":900},
                {"role":"user","message":"Hi.","time":4,"endTime":5,"secondsFromStart":1.5,"duration":400},
                {"role":"tool_calls","toolCalls":[],"message":"","time":6,"secondsFromStart":2},
                {"role":"tool_call_result","toolCallId":"t1","name":"lookup","result":"ok","time":7,"secondsFromStart":2.5}],
              "analysis":{"successEvaluation":true}},
             {"id":"c2","orgId":"o1","createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:05:00.000Z",
              "analysis":{"successEvaluation":"Pass"}}]
            """;
        var list = JsonCalls.Read(json, "ReadCall_List", Call);
        var calls = ((System.Collections.IEnumerable)list).Cast<object>().ToList();
        var messages = ((System.Collections.IEnumerable)Get(calls[0], "Messages")!).Cast<object>().ToList();
        Assert.Equal(
            new[] { "SystemMessage", "BotMessage", "UserMessage", "ToolCallMessage", "ToolCallResultMessage" },
            messages.Select(m => Get(m, "Value")?.GetType().Name ?? "raw"));
        Assert.True((bool)Get(Get(Get(calls[0], "Analysis")!, "SuccessEvaluation")!, "IsBoolean")!);
        Assert.True((bool)Get(Get(Get(calls[1], "Analysis")!, "SuccessEvaluation")!, "IsString")!);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(Call), System.Text.Json.Nodes.JsonNode.Parse(JsonCalls.Write(json, "WriteCall_List", list))));
    }

    private static object? Get(object target, string property) => target.GetType().GetProperty(property)!.GetValue(target);

    private const string SmallYaml = """
        openapi: 3.0.3
        info:
          title: Small
          version: '1'
        servers:
          - url: https://example.test
        paths:
          /things:
            get:
              operationId: listThings
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          $ref: '#/components/schemas/Thing'
        components:
          schemas:
            Thing:
              type: object
              description: As the document has it.
              properties:
                id:
                  type: string
        """;

    private const string FirstOverlay = """
        {
          "overlay": "1.0.0",
          "info": { "title": "first", "version": "1" },
          "actions": [
            { "target": "$.components.schemas.Thing", "update": { "description": "From the first overlay." } },
            { "target": "$.components.schemas.Thing.properties", "update": { "name": { "type": "string" } } }
          ]
        }
        """;

    private const string SecondOverlay = """
        overlay: 1.1.0
        info: {title: second, version: '1'}
        actions:
          - target: $.components.schemas.Thing
            update:
              description: From the second overlay, applied after the first.
          - target: $..properties[?@.type == 'string' && @.format == 'never']
            remove: true
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Overlays_apply_in_order_to_YAML_and_JSON_documents(bool jsonDocument)
    {
        var text = jsonDocument ? YamlToJson(SmallYaml).ToJsonString() : SmallYaml;
        var path = Directory + (jsonDocument ? "/small.json" : "/small.yaml");
        var run = Run(
            Document(path, text, "overlays/first.json", "overlays/second.yaml"),
            Plain(Directory + "/overlays/first.json", FirstOverlay),
            Plain(Directory + "/overlays/second.yaml", SecondOverlay));

        var model = run.Source("Models.Thing.g.cs");
        Assert.Contains("From the second overlay, applied after the first.", model, StringComparison.Ordinal);
        Assert.DoesNotContain("From the first overlay.", model, StringComparison.Ordinal);
        Assert.Contains("public string? Name { get; init; }", model, StringComparison.Ordinal);
        // The second overlay's filter matches nothing: reported at its target, in that overlay's file.
        var unmatched = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0021", unmatched.Id);
        Assert.Equal(DiagnosticSeverity.Warning, unmatched.Severity);
        Assert.Equal(Directory + "/overlays/second.yaml", unmatched.Location.GetLineSpan().Path);
        Assert.Equal(LineOf(SecondOverlay, "- target: $..properties"), unmatched.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.CompileDiagnostics);
    }

    private static System.Text.Json.Nodes.JsonNode YamlToJson(string yaml)
    {
        // The test builds its JSON twin through the generator's own parser (the one both formats go through).
        var root = CallsGen.Generator.Reading.DocumentParser.Parse(yaml, CallsGen.Generator.Reading.DocumentFormat.Yaml, out var failure);
        Assert.Null(failure);
        return root!;
    }

    private static int LineOf(string text, string start) =>
        Array.FindIndex(text.Split('\n'), l => l.TrimStart().StartsWith(start, StringComparison.Ordinal));

    public static TheoryData<string, string, string, string, DiagnosticSeverity> Problems() => new()
    {
        // id, overlay text, the line (its start) the diagnostic points at, a part of the message
        { "CG0021", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components.schemas.Gone\n    update: {description: x}\n", "- target: $.components.schemas.Gone", "matches nothing", DiagnosticSeverity.Warning },
        { "CG0022", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.components[?(@.x ==]\n    update: {description: x}\n", "- target: $.components[?(@.x ==]", "target", DiagnosticSeverity.Error },
        { "CG0022", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $\n    remove: true\n", "- target: $", "root", DiagnosticSeverity.Error },
        { "CG0020", "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {description: x}\n", "overlay: 2.0.0", "2.0.0", DiagnosticSeverity.Error },
        { "CG0020", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [unclosed\n  - target: $.info\n", "- target: $.info", "YAML", DiagnosticSeverity.Error },
        { "CG0020", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n", "info:", "actions", DiagnosticSeverity.Error },
        { "CG0023", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    update: {description: x}\n    colour: blue\n", "colour: blue", "colour", DiagnosticSeverity.Warning },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Overlay_problems_are_located_in_the_overlay_file(string id, string overlay, string at, string says, DiagnosticSeverity severity)
    {
        var run = Run(Document(Directory + "/small.yaml", SmallYaml, "fix.yaml"), Plain(Directory + "/fix.yaml", overlay));
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(Directory + "/fix.yaml", diagnostic.Location.GetLineSpan().Path);
        var line = LineOf(overlay, at);
        // A missing field is reported at the object that lacks it; everything else at the offending line.
        Assert.True(diagnostic.Location.GetLineSpan().StartLinePosition.Line == line || at == "info:" && diagnostic.Location.GetLineSpan().StartLinePosition.Line == 0,
            diagnostic + " is not at line " + line);
        Assert.Contains(says, diagnostic.GetMessage(), StringComparison.OrdinalIgnoreCase);
        // The document is still generated (an overlay problem never silences the output).
        Assert.Contains(run.Sources, s => s.HintName.EndsWith("Models.Thing.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listed_overlay_that_is_not_there_gives_CG0024_naming_it()
    {
        var run = Run(Document(Directory + "/small.yaml", SmallYaml, "missing.overlay.yaml"));
        var error = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0024", error.Id);
        Assert.Contains("'/project/missing.overlay.yaml'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(Directory + "/small.yaml", error.Location.GetLineSpan().Path);
    }

    [Fact]
    public void The_documents_own_diagnostics_still_point_into_the_document()
    {
        // An unknown member in the document gives CG0002 at its line; an overlay that changes something else does not move it.
        var document = SmallYaml.Replace("      description: As the document has it.", "      description: As the document has it.\n      nonsense: true", StringComparison.Ordinal);
        var run = Run(Document(Directory + "/small.yaml", document, "first.json"), Plain(Directory + "/first.json", FirstOverlay));
        var finding = Assert.Single(run.Diagnostics, d => d.Id == "CG0002");
        Assert.Equal(Directory + "/small.yaml", finding.Location.GetLineSpan().Path);
        Assert.Equal(LineOf(document, "nonsense: true"), finding.Location.GetLineSpan().StartLinePosition.Line);
    }

    [SkippableFact]
    public void The_sample_overlay_applies_to_the_vendor_document_and_warns_when_a_newer_one_drops_a_target()
    {
        Skip.If(Repo.ReferenceSpec is null, "The Vapi reference document is not present (expected at ../shared/reference/vapi-openapi.json beside the checkout, or set CALLSGEN_REFERENCE_SPEC).");
        var vendor = File.ReadAllText(Repo.ReferenceSpec!);
        SpecFile Vendor(string text) => new(Directory + "/vapi-openapi.json", text, new Dictionary<string, string>
        {
            ["CallsGenNamespace"] = "Vendor",
            ["CallsGenClientName"] = "VendorClient",
            ["CallsGenOperations"] = "ListCalls",
            ["CallsGenOverlays"] = "vapi.overlay.yaml",
        });

        var run = Run(Vendor(vendor), Plain(OverlayPath, SampleOverlay));
        Assert.DoesNotContain(run.Diagnostics, d => d.Location.GetLineSpan().Path == OverlayPath);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG0012" && d.GetMessage().Contains("CallMessagesItem", StringComparison.Ordinal));
        Assert.Empty(run.CompileDiagnostics);

        // A newer version that no longer declares BotMessage's role: the action that fixed it says so, at its target.
        var newer = System.Text.Json.Nodes.JsonNode.Parse(vendor)!;
        newer["components"]!["schemas"]!["BotMessage"]!["properties"]!.AsObject().Remove("role");
        var upgraded = Run(Vendor(newer.ToJsonString()), Plain(OverlayPath, SampleOverlay));
        var unmatched = Assert.Single(upgraded.Diagnostics, d => d.Id == "CG0021");
        Assert.Equal(OverlayPath, unmatched.Location.GetLineSpan().Path);
        Assert.Equal(LineOf(SampleOverlay, "- target: $.components.schemas.BotMessage.properties.role"), unmatched.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("BotMessage", unmatched.GetMessage(), StringComparison.Ordinal);
    }
}
