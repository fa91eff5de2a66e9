using System;
using System.Linq;
using System.Text;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CallsGen.Tests.Generator;

/// <summary>
/// How large and deep a document may be: real documents well past the old limits (a description of
/// 100,000 characters, nesting 200 levels deep) generate; hostile ones (nesting past 256 levels, 10,000
/// levels, YAML alias bombs) give a CG0001 that names the limit, at the place it is passed; broken text
/// gives a CG0001 at the line and column where it breaks.
/// </summary>
public sealed class DocumentLimitsTests
{
    private readonly ITestOutputHelper _output;

    public DocumentLimitsTests(ITestOutputHelper output) => _output = output;

    private GeneratorRun Run(string path, string text)
    {
        var run = GeneratorHarness.Run(SpecFile.Create(path, text, "Limits", "LimitsClient"));
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Null(run.Result.Results[0].Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        return run;
    }

    private const string Head = "openapi: 3.0.3\ninfo:\n  title: Limits\n  version: '1'\nservers:\n  - url: https://example.test\n";

    private const string Operation = "paths:\n  /thing:\n    get:\n      operationId: getThing\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n";

    /// <summary>A schema whose property nests <paramref name="levels"/> inline objects, in YAML or JSON.</summary>
    private static string Nested(int levels, bool yaml)
    {
        if (yaml && levels > 200)
        {
            // Flow style: block style would indent each level further, growing the text with the square of the depth.
            var flow = new StringBuilder(Head + Operation + "components:\n  schemas:\n    Thing:\n      ");
            for (var i = 0; i < levels; i++) flow.Append("{type: object, properties: {p:\n");
            flow.Append("{type: string}");
            for (var i = 0; i < levels; i++) flow.Append("}}");
            return flow.Append('\n').ToString();
        }
        if (yaml)
        {
            var builder = new StringBuilder(Head + Operation + "components:\n  schemas:\n    Thing:\n");
            var indent = "      ";
            for (var i = 0; i < levels; i++)
            {
                builder.Append(indent).Append("type: object\n").Append(indent).Append("properties:\n");
                indent += "  ";
                builder.Append(indent).Append("p:\n");
                indent += "  ";
            }
            builder.Append(indent).Append("type: string\n");
            return builder.ToString();
        }
        var json = new StringBuilder("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Limits\",\"version\":\"1\"},\"servers\":[{\"url\":\"https://example.test\"}],");
        json.Append("\"paths\":{\"/thing\":{\"get\":{\"operationId\":\"getThing\",\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Thing\"}}}}}}}},");
        json.Append("\"components\":{\"schemas\":{\"Thing\":");
        for (var i = 0; i < levels; i++) json.Append("{\"type\":\"object\",\"properties\":{\"p\":\n");
        json.Append("{\"type\":\"string\"}");
        for (var i = 0; i < levels; i++) json.Append("}}");
        json.Append("}}}");
        return json.ToString();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_schema_nested_two_hundred_levels_deep_generates(bool yaml)
    {
        // 95 nested objects are 190 levels of JSON nesting (each object and its properties map), plus the document's own.
        var run = Run(yaml ? "deep.yaml" : "deep.json", Nested(95, yaml));
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.Sources, s => s.HintName.Contains("Models.Thing", StringComparison.Ordinal));
        Assert.Empty(run.CompileDiagnostics);
    }

    [Theory]
    [InlineData(true, 140)]
    [InlineData(false, 140)]
    [InlineData(true, 10_000)]
    [InlineData(false, 10_000)]
    public void Nesting_past_the_limit_gives_CG0001_naming_the_limit_where_it_is_passed(bool yaml, int levels)
    {
        var text = Nested(levels, yaml);
        var run = Run(yaml ? "deep.yaml" : "deep.json", text);
        Assert.Empty(run.Sources);
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Contains("nested more than 256 levels", error.GetMessage(), StringComparison.Ordinal);
        // The first container past the limit: not the start of the document, and within the nested part.
        var line = error.Location.GetLineSpan().StartLinePosition.Line;
        Assert.True(line > 5, "located at line " + line);
    }

    [Fact]
    public void A_description_of_a_hundred_thousand_characters_generates_in_YAML()
    {
        var description = string.Concat(Enumerable.Repeat("A long description. ", 5_000));
        var text = Head + Operation + "components:\n  schemas:\n    Thing:\n      type: object\n      description: '" + description + "'\n      properties:\n        id:\n          type: string\n";
        var run = Run("long.yaml", text);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains("A long description.", run.Source("Models.Thing.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_YAML_alias_bomb_is_rejected_with_CG0001_naming_the_limit()
    {
        var text = new StringBuilder(Head + Operation + "x-bomb:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            var previous = "*a" + (i - 1);
            text.Append("  a").Append(i).Append(": &a").Append(i).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat(previous, 10))).Append("]\n");
        }
        text.Append("components:\n  schemas:\n    Thing:\n      type: string\n");
        var run = Run("bomb.yaml", text.ToString());
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Contains("aliases", error.GetMessage(), StringComparison.Ordinal);
        Assert.True(error.Location.GetLineSpan().StartLinePosition.Line > 0);
    }

    [Theory]
    [InlineData("broken.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"x\" \"version\": \"1\" },\n  \"paths\": {}\n}", 2)]
    [InlineData("broken.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get: [unclosed\n  other: 1\n", 7)]
    [InlineData("broken.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n   version: '1'\npaths: {}\n", 3)]
    public void A_syntax_error_is_located_where_the_text_breaks(string path, string text, int line)
    {
        var run = Run(path, text);
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Equal(line, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.DoesNotContain("LineNumber", error.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dup.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"x\", \"version\": \"1\" },\n  \"paths\": {},\n  \"info\": {}\n}", 4)]
    [InlineData("dup.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\n  title: y\npaths: {}\n", 4)]
    public void A_key_given_twice_is_located_at_the_second(string path, string text, int line)
    {
        var run = Run(path, text);
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Contains("appears twice", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(line, error.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("empty.yaml", "")]
    [InlineData("blank.json", "  \n\t\n")]
    public void An_empty_file_says_so(string path, string text)
    {
        var run = Run(path, text);
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Contains("empty", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void YAML_scalars_are_typed_as_in_JSON()
    {
        // A YAML null in an enum makes the property nullable, as JSON null does; quoted numbers stay strings.
        const string text = Head + Operation + "components:\n  schemas:\n    Thing:\n      type: object\n      required: [kind]\n      properties:\n        kind:\n          type: string\n          enum: ['1', 'two', ~]\n";
        var run = Run("typed.yaml", text);
        Assert.Empty(run.CompileDiagnostics);
        var json = GeneratorHarness.Run(SpecFile.Create("typed.json", """
            {"openapi":"3.0.3","info":{"title":"Limits","version":"1"},"servers":[{"url":"https://example.test"}],
             "paths":{"/thing":{"get":{"operationId":"getThing","responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","required":["kind"],"properties":{"kind":{"type":"string","enum":["1","two",null]}}}}}}
            """, "Limits", "LimitsClient"));
        Assert.Equal(json.Source("Models.Thing.g.cs"), run.Source("Models.Thing.g.cs"));
        Assert.Equal(json.Source("Models.ThingKind.g.cs"), run.Source("Models.ThingKind.g.cs"));
    }
}

/// <summary>Setup mistakes get a CallsGen diagnostic of their own, in plain words.</summary>
public sealed class SetupDiagnosticTests
{
    [Fact]
    public void A_listed_document_that_does_not_exist_gives_CG0008_naming_it()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("specs/missing.yaml", "", "Missing", "MissingClient") with { Missing = true });
        Assert.Null(run.Result.Results[0].Exception);
        var error = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0008", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("'specs/missing.yaml'", error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("does not exist", error.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("specs/missing.yaml", error.Location.GetLineSpan().Path);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Two_documents_generating_the_same_client_give_CG0011_and_one_client()
    {
        var text = System.IO.File.ReadAllText(Repo.Spec("vapi-list-calls.yaml"));
        var run = GeneratorHarness.Run(new[]
        {
            SpecFile.Create("b/vapi.yaml", text, "Same", "SameClient"),
            SpecFile.Create("a/vapi.yaml", text, "Same", "SameClient"),
        });
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0011");
        Assert.Equal("b/vapi.yaml", error.Location.GetLineSpan().Path);
        Assert.Contains("'a/vapi.yaml'", error.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        Assert.Empty(run.CompileDiagnostics);
        Assert.Single(run.Sources, s => s.HintName == "Same.SameClient.Client.g.cs");
    }

    [Theory]
    [InlineData("ListCalls;GetCall")]
    [InlineData("ListCalls ; GET /call")]
    public void Operations_separated_by_semicolons_are_read_and_give_CG0007(string operations)
    {
        var text = System.IO.File.ReadAllText(Repo.Spec("vapi-list-calls.yaml"));
        var run = GeneratorHarness.Run(SpecFile.Create("vapi.yaml", text, "Semi", "SemiClient", operations));
        var warning = Assert.Single(run.Diagnostics, d => d.Id == "CG0007");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("','", warning.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(run.Sources, s => s.SourceText.ToString().Contains("ListCallsAsync(", StringComparison.Ordinal));
    }
}
