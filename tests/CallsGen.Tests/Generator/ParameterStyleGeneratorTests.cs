using System;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace CallsGen.Tests.Generator;

/// <summary>
/// specs/parameters.yaml (every parameter style, content-typed parameters, cookies, HEAD, OPTIONS and TRACE) against
/// reviewed snapshots and a clean build, and the located CG0004 for each parameter that still cannot be sent.
/// </summary>
public sealed class ParameterStyleGeneratorTests
{
    private static readonly Lazy<GeneratorRun> ParametersRunLazy = new(() => GeneratorHarness.Run(
        SpecFile.Create("specs/parameters.yaml", File.ReadAllText(Repo.Spec("parameters.yaml")), "Styles", "ParametersClient")));

    private readonly ITestOutputHelper _output;

    public ParameterStyleGeneratorTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Parameters()
    {
        var run = ParametersRunLazy.Value;
        Assert.Null(run.Result.Results[0].Exception);
        Snapshot.VerifyAll(nameof(Parameters), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Parameters_compiles_without_warnings_and_without_generator_diagnostics()
    {
        var run = ParametersRunLazy.Value;
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    private const string Template = """
        openapi: 3.1.0
        info:
          title: Odd
          version: '1'
        servers:
          - url: https://example.com
        paths:
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - name: id
                  in: path
                  required: true
                  schema:
                    type: string
        PARAMETER
              responses:
                '204':
                  description: Done.
        components:
          schemas:
            Nested:
              type: object
              properties:
                inner:
                  type: object
                  properties:
                    x:
                      type: string
        """;

    [Theory]
    [InlineData("- name: f\n  in: query\n  style: matrix\n  schema:\n    type: string",
        "parameter 'f' has style matrix, which OpenAPI does not define for query parameters")]
    [InlineData("- name: X-F\n  in: header\n  style: form\n  schema:\n    type: string",
        "parameter 'X-F' has style form, which OpenAPI does not define for header parameters")]
    [InlineData("- name: f\n  in: cookie\n  style: simple\n  schema:\n    type: string",
        "parameter 'f' has style simple, which OpenAPI does not define for cookie parameters")]
    [InlineData("- name: f\n  in: query\n  schema:\n    $ref: '#/components/schemas/Nested'",
        "parameter 'f' is an object whose property 'inner' is not a single value, which parameter styles cannot express; describe it with content: application/json to send it as JSON")]
    [InlineData("- name: f\n  in: query\n  schema:\n    type: array\n    items:\n      type: array\n      items:\n        type: string",
        "parameter 'f' holds an array of values that are not single values, which parameter styles cannot express; describe it with content: application/json to send it as JSON")]
    [InlineData("- name: f\n  in: query\n  schema:\n    type: object",
        "parameter 'f' is free-form JSON, which parameter styles cannot express; describe it with content: application/json to send it as JSON")]
    [InlineData("- name: f\n  in: query\n  content:\n    application/xml:\n      schema:\n        type: string",
        "parameter 'f' is described by content 'application/xml'; only JSON and text content parameters are generated")]
    public void A_parameter_no_style_can_send_skips_its_operation_with_a_located_reason(string parameter, string reason)
    {
        var indented = string.Join("\n", parameter.Split('\n').Select(line => "        " + line));
        var text = Template.Replace("PARAMETER", indented, StringComparison.Ordinal);
        var run = GeneratorHarness.Run(SpecFile.Create("specs/odd.yaml", text, "Odd", "OddClient"));
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Null(run.Result.Results[0].Exception);
        var skipped = Assert.Single(run.Diagnostics, d => d.Id == "CG0004");
        Assert.Equal("The operation GET /things/{id} was not generated: " + reason, skipped.GetMessage());
        var span = skipped.Location.GetLineSpan();
        Assert.Equal("specs/odd.yaml", span.Path);
        // The diagnostic points at the parameter, the second of the operation's list.
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.Contains("- name: " + parameter.Split('\n')[0]["- name: ".Length..], StringComparison.Ordinal)), span.StartLinePosition.Line);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void A_method_OpenAPI_has_but_HTTP_clients_do_not_call_is_skipped_with_a_located_reason()
    {
        var text = Template.Replace("PARAMETER", "", StringComparison.Ordinal).Replace("    get:", "    query:", StringComparison.Ordinal).Replace("openapi: 3.1.0", "openapi: 3.2.0", StringComparison.Ordinal);
        var run = GeneratorHarness.Run(SpecFile.Create("specs/odd.yaml", text, "Odd", "OddClient"));
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Null(run.Result.Results[0].Exception);
        var skipped = Assert.Single(run.Diagnostics, d => d.Id == "CG0004");
        Assert.Equal("The operation QUERY /things/{id} was not generated: only GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and TRACE are generated", skipped.GetMessage());
        Assert.Equal(text.Split('\n').ToList().FindIndex(l => l.TrimStart() == "query:"), skipped.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Swagger_2_collection_formats_become_the_styles_that_replace_them()
    {
        const string text = """
            swagger: '2.0'
            info:
              title: Kennel
              version: '1'
            host: example.com
            schemes: [https]
            produces: [application/json]
            paths:
              /pets/{ids}:
                get:
                  operationId: listPets
                  parameters:
                    - { name: ids, in: path, required: true, type: array, items: { type: integer }, collectionFormat: csv }
                    - { name: tags, in: query, type: array, items: { type: string }, collectionFormat: pipes }
                    - { name: kinds, in: query, type: array, items: { type: string }, collectionFormat: ssv }
                    - { name: many, in: query, type: array, items: { type: string }, collectionFormat: multi }
                    - { name: plain, in: query, type: array, items: { type: string } }
                    - { name: X-Ids, in: header, type: array, items: { type: integer } }
                  responses:
                    '204':
                      description: Listed.
            """;
        var run = GeneratorHarness.Run(SpecFile.Create("specs/kennel.yaml", text, "Kennel", "KennelClient"));
        foreach (var diagnostic in run.Diagnostics) _output.WriteLine(diagnostic.ToString());
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
        var source = run.Source("KennelClient.Client.g.cs");
        _output.WriteLine(source);
        Assert.Contains("ParameterWriter.Path(\"ids\", global::CallsGen.Runtime.ParameterStyle.Simple, false,", source, StringComparison.Ordinal);
        Assert.Contains("__query.AddList(\"tags\", request.Tags, global::CallsGen.Runtime.ParameterStyle.PipeDelimited, false, false);", source, StringComparison.Ordinal);
        Assert.Contains("__query.AddList(\"kinds\", request.Kinds, global::CallsGen.Runtime.ParameterStyle.SpaceDelimited, false, false);", source, StringComparison.Ordinal);
        Assert.Contains("__query.Add(\"many\", request.Many);", source, StringComparison.Ordinal);
        // Swagger 2.0 makes csv the default, but Microsoft.OpenApi reads a missing collectionFormat as an exploded form
        // (one pair per item, as multi), and the generator follows what the reader gives it.
        Assert.Contains("__query.Add(\"plain\", request.Plain);", source, StringComparison.Ordinal);
        Assert.Contains("global::CallsGen.Runtime.ParameterWriter.Header(global::CallsGen.Runtime.ParameterFields.Texts(request.XIds,", source, StringComparison.Ordinal);
    }
}
