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
    public void Constructs31_compiles_without_warnings_and_without_generator_diagnostics()
    {
        var run = ConstructSpecs.Constructs31Run;
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
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
