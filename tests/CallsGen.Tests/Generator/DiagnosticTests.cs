using System;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CallsGen.Tests.Generator;

/// <summary>Unreadable and flawed documents give located diagnostics, never an exception.</summary>
public sealed class DiagnosticTests
{
    private readonly ITestOutputHelper _output;

    public DiagnosticTests(ITestOutputHelper output) => _output = output;

    private GeneratorRun RunText(string path, string text)
    {
        var run = GeneratorHarness.Run(SpecFile.Create(path, text, "Broken", "BrokenClient"));
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Null(run.Result.Results[0].Exception);
        return run;
    }

    [Theory]
    [InlineData("specs/broken.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"x\", \"version\": \"1\" ,\n  \"paths\": {\n")]
    [InlineData("specs/broken.yaml", "openapi: 3.0.3\ninfo:\n  title: x\n  version: '1'\npaths:\n  /a:\n    get: [unclosed\n      responses: {\n")]
    public void Malformed_document_gives_CG0001_at_the_document_and_no_sources(string path, string text)
    {
        var run = RunText(path, text);
        Assert.Empty(run.Sources);
        var error = Assert.Single(run.Diagnostics, d => d.Id == "CG0001");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(path, error.Location.GetLineSpan().Path);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
    }

    [Fact]
    public void Json_that_is_not_OpenAPI_gives_a_located_diagnostic()
    {
        const string path = "specs/hello.json";
        var run = RunText(path, "{\"hello\":1}");
        Assert.Empty(run.Sources);
        var error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CG0001", error.Id);
        Assert.Equal(path, error.Location.GetLineSpan().Path);
        Assert.True(error.Location.GetLineSpan().IsValid);
    }

    private const string ExamplesInSchema30 = """
        openapi: 3.0.3
        info:
          title: Things
          version: '1'
        servers:
          - url: https://example.com
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
                        $ref: '#/components/schemas/Thing'
        components:
          schemas:
            Thing:
              type: object
              properties:
                name:
                  type: string
                  examples:
                    - a
        """;

    [Fact]
    public void Non_fatal_reader_errors_are_CG0002_warnings_on_the_right_line()
    {
        var run = RunText("specs/things.yaml", ExamplesInSchema30);
        Assert.NotEmpty(run.Sources);
        var findings = run.Diagnostics.Where(d => d.Id == "CG0002").ToList();
        var finding = Assert.Single(findings);
        Assert.Equal(DiagnosticSeverity.Warning, finding.Severity);
        var span = finding.Location.GetLineSpan();
        Assert.Equal("specs/things.yaml", span.Path);
        var lines = ExamplesInSchema30.Split('\n');
        var expectedLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith("examples:", StringComparison.Ordinal));
        // Zero-based in Roslyn; the user sees it one-based.
        Assert.True(span.StartLinePosition.Line + 1 > 0);
        Assert.Equal(expectedLine, span.StartLinePosition.Line);
        Assert.Empty(run.CompileDiagnostics);
    }
}

public sealed class JsonLocationTests
{
    [Fact]
    public void Reader_findings_in_a_JSON_document_point_at_the_offending_key()
    {
        var text = string.Join("\n",
            "{",
            "  \"openapi\": \"3.0.3\",",
            "  \"info\": { \"title\": \"Things\", \"version\": \"1\" },",
            "  \"paths\": {},",
            "  \"components\": {",
            "    \"schemas\": {",
            "      \"Thing\": {",
            "        \"type\": \"object\",",
            "        \"properties\": {",
            "          \"name\": {",
            "            \"type\": \"string\",",
            "            \"examples\": [\"a\"]",
            "          }",
            "        }",
            "      }",
            "    }",
            "  }",
            "}");
        var run = GeneratorHarness.Run(SpecFile.Create("specs/things.json", text, "Things", "ThingsClient"));
        Assert.Null(run.Result.Results[0].Exception);
        var finding = Assert.Single(run.Diagnostics, d => d.Id == "CG0002");
        var span = finding.Location.GetLineSpan();
        Assert.Equal("specs/things.json", span.Path);
        Assert.Equal(11, span.StartLinePosition.Line);
        Assert.Equal(12, span.StartLinePosition.Character);
    }
}
