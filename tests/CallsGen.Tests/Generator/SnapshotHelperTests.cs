using System;
using System.IO;
using CallsGen.Tests.TestSupport;
using Xunit.Sdk;

namespace CallsGen.Tests.Generator;

/// <summary>The snapshot helper itself: mismatches, new files and stale files all fail, with what to look at.</summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string _testName = "SnapshotHelperSelfTest_" + Guid.NewGuid().ToString("N");

    [Fact]
    public void Mismatch_fails_with_a_unified_diff_and_writes_received()
    {
        if (Snapshot.Accepting) return;
        File.WriteAllText(Snapshot.VerifiedPath(_testName, "A.g.cs"), "line1\nline2\nline3\n");
        var failure = Assert.Throws<FailException>(() => Snapshot.VerifyAll(_testName, new[] { ("A.g.cs", "line1\r\nchanged\r\nline3\r\n") }));
        Assert.Contains("--- " + _testName + "#A.g.cs.verified.cs", failure.Message, StringComparison.Ordinal);
        Assert.Contains("-line2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("+changed", failure.Message, StringComparison.Ordinal);
        Assert.Matches(@"@@ -1,\d+ \+1,\d+ @@", failure.Message);
        // Line endings are normalised before writing and comparing.
        Assert.Equal("line1\nchanged\nline3\n", File.ReadAllText(Snapshot.ReceivedPath(_testName, "A.g.cs")));
    }

    [Fact]
    public void Matching_files_pass_whatever_the_line_endings_and_remove_stale_received()
    {
        if (Snapshot.Accepting) return;
        File.WriteAllText(Snapshot.VerifiedPath(_testName, "A.g.cs"), "x\ny\n");
        File.WriteAllText(Snapshot.ReceivedPath(_testName, "A.g.cs"), "old");
        Snapshot.VerifyAll(_testName, new[] { ("A.g.cs", "x\r\ny\r\n") });
        Assert.False(File.Exists(Snapshot.ReceivedPath(_testName, "A.g.cs")));
    }

    [Fact]
    public void New_and_missing_generated_files_are_listed()
    {
        if (Snapshot.Accepting) return;
        File.WriteAllText(Snapshot.VerifiedPath(_testName, "Gone.g.cs"), "gone\n");
        var failure = Assert.Throws<FailException>(() => Snapshot.VerifyAll(_testName, new[] { ("New.g.cs", "new\n") }));
        Assert.Contains("New generated file without a verified file: New.g.cs", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_testName + "#Gone.g.cs.verified.cs", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Snapshot.ReceivedPath(_testName, "New.g.cs")));
    }

    public void Dispose()
    {
        if (!Directory.Exists(Snapshot.Folder)) return;
        foreach (var file in Directory.GetFiles(Snapshot.Folder, _testName + "#*")) File.Delete(file);
    }
}
