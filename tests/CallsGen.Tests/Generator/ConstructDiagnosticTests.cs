using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Generator;

/// <summary>Constructs with no faithful C# shape get a located CG0010 warning and a JsonElement, never wrong code; several types become a union.</summary>
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
    public void A_map_of_itself_gives_a_located_CG0010_and_JsonElement_below_its_first_level()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("specs/odd.json", Document, "OddApi", "OddClient"));
        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.CompileDiagnostics);
        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0010", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("'Nest'", warning.GetMessage());
        Assert.Equal(LineOf("\"Nest\": {"), warning.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("specs/odd.json", warning.Location.GetLineSpan().Path);
        var source = run.Source("Models.Odd.g.cs");
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyDictionary<string, global::System.Text.Json.JsonElement>? Nest { get; init; }", source);
        // A type array that allows every JSON value is exactly a JsonElement.
        Assert.Contains("public global::System.Text.Json.JsonElement? AnyValue { get; init; }", source);
    }

    [Fact]
    public void A_type_array_of_several_kinds_is_a_union_told_apart_by_the_JSON_kind()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("specs/odd.json", Document, "OddApi", "OddClient"));
        var source = run.Source("Models.Odd.g.cs");
        Assert.Contains("public global::OddApi.OddEither? Either { get; init; }", source);
        Assert.Contains("public global::OddApi.OddMaybeEither? MaybeEither { get; init; }", source);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG0012");

        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var json = generated.Type("OddApi.OddClientJson");
        foreach (var (text, member) in new[] { ("\"text\"", "IsString"), ("2.5", "IsDouble") })
        {
            var odd = JsonCalls.Read(json, "ReadOdd", "{\"either\":" + text + ",\"maybeEither\":null}");
            var either = odd.GetType().GetProperty("Either")!.GetValue(odd)!;
            Assert.True((bool)either.GetType().GetProperty(member)!.GetValue(either)!, member + " for " + text);
            Assert.Null(odd.GetType().GetProperty("MaybeEither")!.GetValue(odd));
            Assert.Equal("{\"either\":" + text + "}", JsonCalls.Write(json, "WriteOdd", odd));
        }
        var integer = JsonCalls.Read(json, "ReadOdd", "{\"maybeEither\":7}");
        var maybe = integer.GetType().GetProperty("MaybeEither")!.GetValue(integer)!;
        Assert.True((bool)maybe.GetType().GetProperty("IsInt64")!.GetValue(maybe)!);
        // A boolean is neither a string nor a number: kept raw, written back as it came.
        var other = JsonCalls.Read(json, "ReadOdd", "{\"either\":true}");
        var raw = other.GetType().GetProperty("Either")!.GetValue(other)!;
        Assert.True((bool)raw.GetType().GetProperty("IsUnknown")!.GetValue(raw)!);
        Assert.Equal("{\"either\":true}", JsonCalls.Write(json, "WriteOdd", other));
    }

    private static int LineOf(string text) => Document.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains(text)).i;
}
