using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>Every file generated from the construct documents, against reviewed snapshots, and a clean build of them.</summary>
public sealed class ConstructSnapshotTests
{
    [Fact]
    public void Constructs31()
    {
        var run = ConstructSpecs.Constructs31Run;
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(nameof(Constructs31), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Kennel_swagger2()
    {
        var run = ConstructSpecs.Swagger2Run;
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(nameof(Kennel_swagger2), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Number_enums()
    {
        var run = ConstructSpecs.NumberEnumsRun;
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(nameof(Number_enums), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Number_enums_compile_without_warnings_and_without_generator_diagnostics()
    {
        var run = ConstructSpecs.NumberEnumsRun;
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Constructs31_compiles_without_warnings_and_reports_only_its_indistinguishable_union()
    {
        var run = ConstructSpecs.Constructs31Run;
        // Shape's variants Circle and Disc have the same shape on purpose (see ConstructTests).
        var ambiguity = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0012", ambiguity.Id);
        Assert.Contains("some variants of Shape apart: a value shaped like Circle also fits Disc; a value shaped like Disc also fits Circle", ambiguity.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Kennel_swagger2_compiles_without_warnings_and_without_generator_diagnostics()
    {
        var run = ConstructSpecs.Swagger2Run;
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }
}
