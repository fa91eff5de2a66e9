using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Generator;

/// <summary>Constructs with no faithful C# shape: a located CG0010 warning and a JsonElement, never wrong code.</summary>
public sealed class ConstructDiagnosticTests
{
    private const string Document = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Odd", "version": "1" },
          "servers": [ { "url": "https://odd.example.com" } ],
          "paths": {
            "/odd": {
              "get": {
                "operationId": "getOdd",
                "responses": {
                  "200": {
                    "description": "ok",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Odd" } } }
                  }
                }
              }
            }
          },
          "components": {
            "schemas": {
              "Odd": {
                "type": "object",
                "properties": {
                  "either": { "type": ["string", "number"] },
                  "maybeEither": { "type": ["string", "integer", "null"] },
                  "anyValue": { "type": ["string", "number", "boolean", "object", "array", "null"] },
                  "nest": { "$ref": "#/components/schemas/Nest" }
                }
              },
              "Nest": {
                "type": "object",
                "additionalProperties": { "$ref": "#/components/schemas/Nest" }
              }
            }
          }
        }
        """;

    [Fact]
    public void Multi_type_arrays_and_a_map_of_itself_give_located_CG0010_and_JsonElement()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("specs/odd.json", Document, "OddApi", "OddClient"));
        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.CompileDiagnostics);
        var warnings = run.Diagnostics.Where(d => d.Id == "CG0010").ToList();
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        Assert.Equal(3, warnings.Count);

        int LineOf(string text) => Document.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i;
        var either = Assert.Single(warnings, w => w.GetMessage().Contains("/properties/either"));
        Assert.Contains("(number, string)", either.GetMessage());
        Assert.Equal(LineOf("\"either\""), either.Location.GetLineSpan().StartLinePosition.Line);
        var maybe = Assert.Single(warnings, w => w.GetMessage().Contains("/properties/maybeEither"));
        Assert.Equal(LineOf("\"maybeEither\""), maybe.Location.GetLineSpan().StartLinePosition.Line);
        var nest = Assert.Single(warnings, w => w.GetMessage().Contains("'Nest'"));
        Assert.Equal(LineOf("\"Nest\": {"), nest.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("specs/odd.json", nest.Location.GetLineSpan().Path);

        var source = run.Source("Models.Odd.g.cs");
        Assert.Contains("public global::System.Text.Json.JsonElement? Either { get; init; }", source);
        Assert.Contains("public global::System.Text.Json.JsonElement? MaybeEither { get; init; }", source);
        // The map of itself keeps its first level typed; below that each value is raw JSON.
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement>? Nest { get; init; }", source);
        // A type array that allows every JSON value is exactly a JsonElement: no warning for it.
        Assert.Contains("public global::System.Text.Json.JsonElement? AnyValue { get; init; }", source);
        Assert.DoesNotContain(warnings, w => w.GetMessage().Contains("anyValue"));
    }
}
