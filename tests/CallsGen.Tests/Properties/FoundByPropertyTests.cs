using System.Linq;
using System.Threading.Tasks;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Properties;

/// <summary>
/// Minimal documents reduced from random documents (see <see cref="GeneratorPropertyTests"/>) on which
/// earlier versions crashed, hung or produced code that did not compile.
/// </summary>
public sealed class FoundByPropertyTests
{
    private static GeneratorRun Run(string yaml) => GeneratorHarness.Run(SpecFile.Create("repro.yaml", yaml, "Repro", "ReproClient"));

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        if (run.CompileDiagnostics.Count > 0) Assert.Fail(string.Join("\n", run.CompileDiagnostics.Take(10)));
    }

    private static string Document(string schemas, string operationSchema = "{$ref: '#/components/schemas/S'}") => $$"""
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /s:
            get:
              operationId: getS
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {{operationSchema}}
        components:
          schemas:
        {{schemas}}
        """;

    [Fact]
    public void A_property_whose_allOf_extends_its_own_object_is_that_type_and_does_not_overflow_the_stack()
    {
        var run = Run(Document("""
                S:
                  type: object
                  properties:
                    child:
                      allOf:
                        - {$ref: '#/components/schemas/S'}
                        - {type: object, properties: {extra: {type: string}}}
            """));
        AssertCompilesCleanly(run);
        // The inline type holds S's properties and its own: its "child" is the inline type again.
        Assert.Contains("public global::Repro.SChild? Child { get; init; }", run.Source(".Models.SChild.g.cs"));
    }

    [Fact(Timeout = 30000)]
    public async Task An_allOf_wrapper_of_itself_used_as_a_parameter_does_not_hang()
    {
        await Task.Run(() =>
        {
            var run = GeneratorHarness.Run(SpecFile.Create("repro.yaml", """
                openapi: 3.0.3
                info: {title: t, version: "1"}
                paths:
                  /s:
                    get:
                      operationId: getS
                      parameters:
                        - {name: q, in: query, schema: {$ref: '#/components/schemas/S'}}
                      responses:
                        "204": {description: ok}
                components:
                  schemas:
                    S:
                      allOf:
                        - {$ref: '#/components/schemas/S'}
                """, "Repro", "ReproClient"));
            Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
            Assert.Empty(run.CompileDiagnostics);
        });
    }

    [Fact]
    public void A_union_that_lists_itself_as_a_variant_gets_no_conversion_from_itself()
    {
        var run = Run(Document("""
                S:
                  oneOf:
                    - {$ref: '#/components/schemas/S'}
                    - {type: string}
                    - {type: integer}
            """));
        AssertCompilesCleanly(run);
        Assert.DoesNotContain("operator S(global::Repro.S value)", run.Source(".Models.S.g.cs"));
    }

    [Fact]
    public void A_subtype_that_adds_nothing_to_its_discriminated_base_is_not_a_variant_of_it()
    {
        var run = Run(Document("""
                S:
                  type: object
                  properties: {kind: {type: string}}
                  discriminator: {propertyName: kind}
                Same:
                  allOf:
                    - {$ref: '#/components/schemas/S'}
            """));
        AssertCompilesCleanly(run);
    }

    [Theory]
    [InlineData("ToString")]
    [InlineData("GetHashCode")]
    [InlineData("Equals")]
    [InlineData("Value")]
    [InlineData("EqualityContract")]
    public void A_schema_named_like_a_generated_member_gets_another_type_name(string name)
    {
        var run = Run(Document($$$"""
                {{{name}}}:
                  oneOf:
                    - {type: object, required: [a], properties: {a: {type: string} } }
                    - {type: object, required: [b], properties: {b: {type: integer} } }
                Plain:
                  type: object
                  properties:
                    x: {$ref: '#/components/schemas/{{{name}}}'}
                    e: {type: string, enum: [a, b]}
            """, "{$ref: '#/components/schemas/Plain'}"));
        AssertCompilesCleanly(run);
        Assert.DoesNotContain(run.Sources, s => s.HintName.EndsWith(".Models." + name + ".g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_parameter_named_nameof_does_not_break_nameof()
    {
        var run = Run("""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /s/{nameof}:
                get:
                  operationId: getS
                  parameters:
                    - {name: nameof, in: path, required: true, schema: {type: string}}
                    - {name: q, in: query, required: true, schema: {type: string}}
                  responses:
                    "204": {description: ok}
            """);
        AssertCompilesCleanly(run);
    }

    [Fact]
    public void Diagnostics_in_a_JSON_document_with_a_key_over_1024_characters_are_located()
    {
        var key = new string('k', 1100);
        var run = GeneratorHarness.Run(SpecFile.Create("repro.json",
            "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/s\":{\"get\":{\"operationId\":\"getS\",\"responses\":{\"200\":{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":{\"$ref\":\"#/components/schemas/Nowhere\"}}}}}}}},"
            + "\"components\":{\"schemas\":{\"" + key + "\":{\"type\":\"string\"}}}}", "Repro", "ReproClient"));
        var fallback = Assert.Single(run.Diagnostics, d => d.Id == "CG0010");
        Assert.True(fallback.Location.GetLineSpan().StartLinePosition.Character > 0, fallback.ToString());
    }
}
