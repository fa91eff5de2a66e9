using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>
/// An operation secured only by an API key in a header (specs/notes-api-key.json): the key is a property of the generated
/// credentials class named after the scheme, the operation carries that requirement, and nothing is reported.
/// </summary>
public sealed class ApiKeySecurityTests
{
    private const string Path = "specs/notes-api-key.json";

    private static GeneratorRun Run() =>
        GeneratorHarness.Run(SpecFile.Create(Path, File.ReadAllText(Repo.Spec("notes-api-key.json")), "NotesExport", "NotesExportClient"));

    [Fact]
    public void An_api_key_scheme_is_applied_without_CG0006()
    {
        var run = Run();
        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void The_operation_sends_the_key_from_the_credentials_class_and_compiles()
    {
        var run = Run();
        var client = run.Source("Client.g.cs");
        Assert.Contains("ExportNotesAsync(", client);
        Assert.Contains("public sealed class NotesExportClientCredentials : global::CallsGen.Runtime.ApiCredentials", client);
        Assert.Contains("public string? ExportKey { get; set; }", client);
        Assert.Contains("ApiSecurityScheme.ApiKey(\"exportKey\", \"X-Export-Key\", global::CallsGen.Runtime.ApiKeyLocation.Header", client);
        Assert.Contains("Security = __security0,", client);
        Assert.DoesNotContain("RequiresAuthentication = false,", client);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }
}
