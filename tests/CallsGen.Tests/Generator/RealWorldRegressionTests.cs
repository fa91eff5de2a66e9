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

    /// <summary>
    /// JSON Schema's boolean schemas (<c>true</c>: any value, <c>false</c>: no value) where a schema object is
    /// expected, as in a vendor document whose request body lists <c>additionalProperties: false</c> among its
    /// properties. They are read as any JSON value, which keeps whatever arrives.
    /// </summary>
    [Theory]
    [InlineData("{type: object, properties: {name: {type: string}, additionalProperties: false}}")]
    [InlineData("{type: object, properties: {name: {type: string}, anything: true}}")]
    [InlineData("{type: array, items: false}")]
    [InlineData("{type: array, items: true}")]
    [InlineData("{type: object, properties: {v: {oneOf: [{type: string}, false]}}}")]
    [InlineData("{type: object, properties: {v: {anyOf: [true, {type: integer}]}}}")]
    [InlineData("{type: object, properties: {v: {allOf: [false, {type: object, properties: {a: {type: string}}}]}}}")]
    [InlineData("{type: object, additionalProperties: true, properties: {m: {type: object, additionalProperties: false}}}")]
    public void A_boolean_schema_where_an_object_is_expected_is_any_value(string schema)
    {
        var run = Run($$"""
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /records/{id}:
                patch:
                  operationId: updateRecord
                  parameters:
                    - name: id
                      in: path
                      required: true
                      schema: {type: string}
                  requestBody:
                    required: true
                    content:
                      application/json:
                        schema: {{schema}}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {{schema}}
            """);
        AssertCompilesCleanly(run);
        Assert.Contains(run.Sources, s => s.SourceText.ToString().Contains("UpdateRecordAsync(", System.StringComparison.Ordinal));
    }

    /// <summary>
    /// Lists that appear only in an error body, a multipart part, a second success status or a second media type still
    /// get their readers and writers (found by the coverage corpus in SendGrid's, Zoom's and GitHub's documents).
    /// </summary>
    [Fact]
    public void A_list_used_only_by_an_error_a_part_a_status_or_another_media_type_gets_its_reader_and_writer()
    {
        var run = Run("""
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /plans:
                post:
                  operationId: subscribe
                  requestBody:
                    content:
                      multipart/form-data:
                        schema:
                          type: object
                          properties:
                            plans: {type: array, items: {$ref: "#/components/schemas/Plan"}}
                            file: {type: string, format: binary}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Plan"}
                    "202":
                      description: accepted
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: "#/components/schemas/Activity"}}
                    "400":
                      description: bad
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: "#/components/schemas/Problem"}}
              /notes:
                put:
                  operationId: putNotes
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/Plan"}
                      application/x-www-form-urlencoded:
                        schema: {$ref: "#/components/schemas/Plan"}
                      text/csv:
                        schema: {type: string}
                  responses:
                    "204": {description: done}
            components:
              schemas:
                Plan: {type: object, properties: {name: {type: string}, tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}}}
                Tag: {type: object, properties: {label: {type: string}}}
                Activity: {type: object, properties: {at: {type: string}}}
                Problem: {type: object, properties: {message: {type: string}}}
            """);
        AssertCompilesCleanly(run);
        var json = run.Source(".Json.g.cs");
        Assert.Contains("ReadProblem_List(", json);
        Assert.Contains("ReadActivity_List(", json);
        Assert.Contains("WritePlan_List(", json);
    }

    /// <summary>A form body that is an object without declared fields (as Stripe's DELETE operations have) is a JSON object the caller may pass.</summary>
    [Fact]
    public void A_form_body_object_without_properties_is_a_free_form_object()
    {
        var run = Run("""
            openapi: 3.0.0
            info: {title: t, version: "1"}
            paths:
              /v1/accounts/{account}:
                delete:
                  operationId: deleteAccount
                  parameters:
                    - name: account
                      in: path
                      required: true
                      schema: {type: string}
                  requestBody:
                    required: false
                    content:
                      application/x-www-form-urlencoded:
                        encoding: {}
                        schema: {type: object, properties: {}, additionalProperties: false}
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {type: object, properties: {id: {type: string}}}
            """);
        AssertCompilesCleanly(run);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id == "CG0004");
        Assert.Contains(run.Sources, s => s.SourceText.ToString().Contains("DeleteAccountAsync(string account, global::System.Text.Json.JsonElement? body", System.StringComparison.Ordinal));
    }
}
