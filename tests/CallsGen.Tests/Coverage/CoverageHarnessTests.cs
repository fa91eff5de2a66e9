using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallsGen.Coverage;
using CallsGen.Generator.Diagnostics;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Coverage;

/// <summary>
/// The coverage harness (tools/CallsGen.Coverage) on the repository's own documents, so its measuring and
/// classifying code runs in CI without the corpus (which is fetched from package registries and measured by hand).
/// </summary>
public sealed class CoverageHarnessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("constructs.json")]
    [InlineData("petstore-swagger2.yaml")]
    public void Every_operation_of_a_repository_document_is_counted_once_and_the_output_compiles(string name)
    {
        var path = Repo.Spec(name);
        var result = DocumentMeasurer.Measure(name, path, Timeout);
        var document = SpecModel.Read(path);
        var operations = document.Paths!.SelectMany(p => p.Value.Operations!.Keys.Select(m => m.Method.ToUpperInvariant() + " " + p.Key)).ToList();

        Assert.Null(result.NotMeasured);
        Assert.Null(result.GeneratorFailure);
        Assert.Empty(result.CompileProblems);
        Assert.Equal(operations.Count, result.Operations);
        Assert.Equal(result.Operations, result.Full + result.NotFull.Count);
        Assert.All(result.NotFull, o => Assert.Contains(o.Operation, operations));
        foreach (var method in operations.Select(o => o.Split(' ')[0]).Distinct())
        {
            var use = result.Constructs["method: " + method];
            Assert.Equal(operations.Count(o => o.StartsWith(method + " ", StringComparison.Ordinal)), use.Operations);
        }
    }

    [Fact]
    public void An_operation_whose_only_scheme_the_client_does_not_apply_is_counted_without_credentials_under_that_scheme()
    {
        var path = Repo.Spec("notes-api-key.json");
        var text = File.ReadAllText(path);
        var run = GeneratorHarness.Run(SpecFile.Create(path, text));
        var findings = run.Diagnostics.Select(d => new GeneratorFinding(d.Id, d.GetMessage())).ToList();
        var inventory = OperationInventory.Read(path, text, out _)!;
        var scheme = SpecModel.Read(path).Components!.SecuritySchemes!.Single();

        var result = Classifier.Classify("notes-api-key.json", inventory, findings, Array.Empty<CompileProblem>(), null);

        var operation = Assert.Single(inventory.Operations);
        var applied = !findings.Any(f => f.Id == "CG0006");
        if (applied)
        {
            Assert.Equal(1, result.Full);
        }
        else
        {
            var gap = Assert.Single(result.NotFull);
            Assert.Equal((operation.Key, Outcome.NoCredentials, "security: apiKey in " + scheme.Value.In.ToString()!.ToLowerInvariant(), scheme.Key), (gap.Operation, gap.Outcome, gap.Construct, gap.Detail));
        }
    }

    private const string Document = """
        {
          "openapi": "3.0.3",
          "info": { "title": "Constructs", "version": "1" },
          "components": { "securitySchemes": {
            "key": { "type": "apiKey", "in": "header", "name": "X-Key" },
            "basic": { "type": "http", "scheme": "basic" },
            "token": { "type": "http", "scheme": "bearer" } } },
          "security": [ { "key": [] } ],
          "paths": {
            "/ping": { "head": { "responses": { "200": { "description": "up" } } } },
            "/form": { "post": { "requestBody": { "content": { "application/x-www-form-urlencoded": { "schema": { "type": "object" } } } }, "responses": { "204": { "description": "ok" } } } },
            "/upload": { "post": { "requestBody": { "content": { "multipart/form-data": { "schema": { "type": "object" } } } }, "responses": { "204": { "description": "ok" } } } },
            "/audio": { "get": { "responses": { "200": { "description": "audio", "content": { "audio/mpeg": { "schema": { "type": "string", "format": "binary" } } } } } } },
            "/cookie": { "get": { "parameters": [ { "name": "session", "in": "cookie", "schema": { "type": "string" } } ], "responses": { "204": { "description": "ok" } } } },
            "/search": { "get": { "parameters": [ { "name": "filter", "in": "query", "style": "deepObject", "schema": { "type": "object" } } ], "responses": { "204": { "description": "ok" } } } },
            "/keyed": { "get": { "responses": { "204": { "description": "ok" } } } },
            "/either": { "get": { "security": [ { "basic": [] }, { "token": [] } ], "responses": { "204": { "description": "ok" } } } },
            "/open": { "get": { "security": [], "responses": { "204": { "description": "ok" } } } },
            "/items/{id}": { "get": { "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "oneOf": [ { "type": "integer" }, { "type": "string" } ] } } ], "responses": { "204": { "description": "ok" } } } }
          }
        }
        """;

    private static OperationInventory Inventory() => OperationInventory.Read("constructs.json", Document, out _)!;

    /// <summary>Findings worded with the generator's own message formats, so the test follows them if they change.</summary>
    private static GeneratorFinding Finding(DiagnosticDescriptor descriptor, params object[] args) =>
        new(descriptor.Id, string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(), args));

    private static readonly GeneratorFinding[] Findings =
    {
        Finding(Descriptors.OperationSkipped, "HEAD /ping", "only GET, POST, PUT, PATCH and DELETE are generated"),
        Finding(Descriptors.OperationSkipped, "POST /form", "its request body is application/x-www-form-urlencoded; only JSON bodies are generated"),
        Finding(Descriptors.OperationSkipped, "POST /upload", "its request body is multipart/form-data; only JSON bodies are generated"),
        Finding(Descriptors.OperationSkipped, "GET /audio", "its success response is not JSON"),
        Finding(Descriptors.OperationSkipped, "GET /cookie", "parameter 'session' is in a cookie, which is not supported"),
        Finding(Descriptors.OperationSkipped, "GET /search", "parameter 'filter' is not a single value or a list of them"),
        Finding(Descriptors.OperationSkipped, "GET /items/{id}", "parameter 'id' is not a single value or a list of them"),
        Finding(Descriptors.UnsupportedSecurity, "GET /keyed", "key", "no credential is sent for it"),
        Finding(Descriptors.UnsupportedSecurity, "GET /either", "basic", "no credential is sent for it"),
    };

    [Fact]
    public void Each_skip_is_classified_by_the_construct_the_document_uses_there()
    {
        var result = Classifier.Classify("constructs.json", Inventory(), Findings, Array.Empty<CompileProblem>(), null);

        var byOperation = result.NotFull.ToDictionary(o => o.Operation, o => (o.Outcome, o.Construct));
        Assert.Equal(new Dictionary<string, (Outcome, string)>
        {
            ["HEAD /ping"] = (Outcome.Skipped, "method: HEAD"),
            ["POST /form"] = (Outcome.Skipped, "request body: form (application/x-www-form-urlencoded)"),
            ["POST /upload"] = (Outcome.Skipped, "request body: multipart/form-data"),
            ["GET /audio"] = (Outcome.Skipped, "response: binary"),
            ["GET /cookie"] = (Outcome.Skipped, "parameter: cookie value (style form)"),
            ["GET /search"] = (Outcome.Skipped, "parameter: query object (style deepObject)"),
            ["GET /keyed"] = (Outcome.NoCredentials, "security: apiKey in header"),
            ["GET /items/{id}"] = (Outcome.Skipped, "parameter: path union (style simple)"),
        }, byOperation);
        // GET /either can use its bearer alternative, which the client applies; GET /open needs no credential at all.
        Assert.Equal(2, result.Full);
        Assert.Equal(10, result.Operations);
    }

    [Fact]
    public void Construct_use_counts_every_operation_under_each_construct_it_uses()
    {
        var result = Classifier.Classify("constructs.json", Inventory(), Findings, Array.Empty<CompileProblem>(), null);

        Assert.Equal(new ConstructUse(7, 2), result.Constructs["method: GET"]); // audio, cookie, search, keyed, either, open, items
        Assert.Equal(new ConstructUse(1, 0), result.Constructs["response: binary"]);
        Assert.Equal(new ConstructUse(1, 1), result.Constructs["security: alternatives (several requirements)"]);
        // The document-wide apiKey applies to every operation without its own security: all but /either and /open.
        Assert.Equal(new ConstructUse(8, 0), result.Constructs["security: apiKey in header"]);
    }

    [Fact]
    public void Output_that_does_not_compile_or_a_failed_generator_takes_every_operation_it_touches()
    {
        var problem = new CompileProblem("CS0102", "The type 'X' already contains a definition for 'Y'");
        var notCompiling = Classifier.Classify("constructs.json", Inventory(), Findings, new[] { problem }, null);
        var failed = Classifier.Classify("constructs.json", Inventory(),
            new[] { Finding(Descriptors.InternalError, "constructs.json", "NullReferenceException: boom") }, Array.Empty<CompileProblem>(), null);

        Assert.Equal(new[] { "GET /either", "GET /open" }, notCompiling.NotFull.Where(o => o.Outcome == Outcome.DoesNotCompile).Select(o => o.Operation).OrderBy(o => o, StringComparer.Ordinal));
        Assert.Equal(0, notCompiling.Full);
        Assert.Equal(10, failed.NotFull.Count(o => o.Outcome == Outcome.GeneratorFailed));
        Assert.StartsWith("CG9999", failed.GeneratorFailure);
    }

    [Fact]
    public void The_report_totals_the_outcomes_and_lists_what_stopped_each_operation()
    {
        var result = Classifier.Classify("constructs.json", Inventory(), Findings, Array.Empty<CompileProblem>(), null);

        var report = Report.Markdown(new[] { result });

        Assert.Contains("| generated with full fidelity | 2 | 20.0% |", report);
        Assert.Contains("| skipped (CG0004) | 7 | 70.0% |", report);
        Assert.Contains("| generated without a credential it needs (CG0006) | 1 | 10.0% |", report);
        Assert.Contains("| **all** | **10** | 100% |", report);
        Assert.Contains("| request body: multipart/form-data | Skipped | 1 | 1 |", report);
    }
}
