using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Generator;

/// <summary>
/// An operation secured only by an API key (specs/notes-api-key.json): the generator warns with CG0006 and still generates
/// the method, which sends no bearer token. The document is run in-process only, not by the test project's build, where
/// warnings are errors.
/// </summary>
public sealed class ApiKeySecurityTests
{
    private const string Path = "specs/notes-api-key.json";

    private static GeneratorRun Run() =>
        GeneratorHarness.Run(SpecFile.Create(Path, File.ReadAllText(Repo.Spec("notes-api-key.json")), "NotesExport", "NotesExportClient"));

    [Fact]
    public void An_api_key_scheme_gives_one_CG0006_warning_at_the_scheme()
    {
        var run = Run();
        Assert.Null(run.Result.Results[0].Exception);
        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0006", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("GET /notes/export", warning.GetMessage());
        Assert.Contains("'exportKey'", warning.GetMessage());
        Assert.Equal(Path, warning.Location.GetLineSpan().Path);
    }

    [Fact]
    public void The_operation_is_still_generated_without_the_bearer_token_and_compiles()
    {
        var run = Run();
        var client = run.Source("Client.g.cs");
        Assert.Contains("ExportNotesAsync(", client);
        Assert.Contains("RequiresAuthentication = false,", client);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }
}
