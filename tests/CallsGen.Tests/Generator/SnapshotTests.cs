using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>Every file generated from the project's documents, against reviewed snapshots.</summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Vapi_list_calls()
    {
        var run = Specs.VapiRun;
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(nameof(Vapi_list_calls), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Constructs()
    {
        var run = Specs.ConstructsRun;
        Assert.Null(run.Result.Results[0].Exception);
        Assert.NotEmpty(run.Sources);
        Snapshot.VerifyAll(nameof(Constructs), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }
}
