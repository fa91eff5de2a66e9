using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>
/// Minimal documents reduced from public API descriptions (GitHub, Bitbucket, DigitalOcean and
/// others) on which earlier versions produced code that did not compile.
/// </summary>
public sealed class RealWorldRegressionTests
{
    private static GeneratorRun Run(string yaml) => GeneratorHarness.Run(SpecFile.Create("repro.yaml", yaml, "Repro", "ReproClient"));

    private static void AssertCompilesCleanly(GeneratorRun run)
    {
        Assert.All(run.Result.Results, r => Assert.Null(r.Exception));
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG9999");
        if (run.CompileDiagnostics.Count > 0) Assert.Fail(string.Join("\n", run.CompileDiagnostics.Take(10)));
    }

    [Theory]
    [InlineData("{type: array, items: {type: string}}", "WriteString_List")]
    [InlineData("{type: object, additionalProperties: {type: string}}", "WriteString_Map")]
    [InlineData("{type: object, additionalProperties: {type: array, items: {type: integer}}}", "WriteInt64_List_Map")]
    public void A_list_or_map_request_body_gets_its_writer(string schema, string writerName)
    {
        var run = Run($$"""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /tags:
                post:
                  operationId: addTags
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema:
                          {{schema}}
                  responses:
                    "204": {description: ok}
            """);
        AssertCompilesCleanly(run);
        Assert.Contains("public static void " + writerName + "(", run.Source(".Json.g.cs"));
    }

    [Fact]
    public void A_property_named_clone_does_not_become_a_record_Clone_member()
    {
        var run = Run("""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /repo:
                get:
                  operationId: getRepo
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              clone: {type: string}
            """);
        AssertCompilesCleanly(run);
        var model = run.Sources.Single(s => s.HintName.Contains(".Models.")).SourceText.ToString();
        Assert.Contains("public string? Clone2 { get; init; }", model);
        Assert.Contains("\"clone\"u8", model);
    }

    [Fact]
    public void A_declared_discriminator_without_usable_values_falls_back_to_matching_by_shape()
    {
        var run = Run("""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /actions:
                post:
                  operationId: runAction
                  requestBody:
                    content:
                      application/json:
                        schema:
                          oneOf:
                            - {type: object, required: [a], properties: {type: {type: string}, a: {type: string}}}
                            - {type: object, required: [b], properties: {type: {type: string}, b: {type: integer}}}
                          discriminator: {propertyName: type}
                  responses:
                    "204": {description: ok}
            """);
        AssertCompilesCleanly(run);
        var union = run.Sources.Single(s => s.HintName.EndsWith(".Models.RunActionBody.g.cs")).SourceText.ToString();
        Assert.DoesNotContain("FindTag", union);
        Assert.Contains("candidates++", union);
    }
}
