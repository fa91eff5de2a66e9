using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace CallsGen.Tests.TestSupport;

/// <summary>
/// Snapshot checks in Verify's layout: <c>Snapshots/&lt;TestName&gt;#&lt;hintName&gt;.verified.cs</c>. A mismatch
/// or a missing file writes <c>.received.cs</c> beside it and fails with a unified diff. Setting the
/// environment variable <c>CALLSGEN_ACCEPT=1</c> accepts: verified files are overwritten, received ones deleted.
/// </summary>
internal static class Snapshot
{
    public static string Folder => Path.Combine(Repo.Root, "tests", "CallsGen.Tests", "Snapshots");

    public static bool Accepting => Environment.GetEnvironmentVariable("CALLSGEN_ACCEPT") == "1";

    public static string VerifiedPath(string testName, string hintName) => Path.Combine(Folder, testName + "#" + hintName + ".verified.cs");

    public static string ReceivedPath(string testName, string hintName) => Path.Combine(Folder, testName + "#" + hintName + ".received.cs");

    public static string Normalize(string text) => text.Replace("\r\n", "\n").Replace("\r", "\n");

    /// <summary>Checks every file of one test: each must match its verified file, and there must be no verified file without a generated one.</summary>
    public static void VerifyAll(string testName, IEnumerable<(string HintName, string Source)> files)
    {
        Directory.CreateDirectory(Folder);
        var list = files.ToList();
        var duplicates = list.GroupBy(f => f.HintName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidOperationException("Duplicate hint names: " + string.Join(", ", duplicates));

        var failures = new List<string>();
        var expectedVerified = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (hintName, source) in list.OrderBy(f => f.HintName, StringComparer.Ordinal))
        {
            var verified = VerifiedPath(testName, hintName);
            var received = ReceivedPath(testName, hintName);
            expectedVerified.Add(Path.GetFileName(verified));
            var actual = Normalize(source);
            if (Accepting)
            {
                File.WriteAllText(verified, actual, new UTF8Encoding(false));
                if (File.Exists(received)) File.Delete(received);
                continue;
            }
            if (!File.Exists(verified))
            {
                File.WriteAllText(received, actual, new UTF8Encoding(false));
                failures.Add("New generated file without a verified file: " + hintName + " (written to " + Path.GetFileName(received) + ")");
                continue;
            }
            var expected = Normalize(File.ReadAllText(verified));
            if (expected == actual)
            {
                if (File.Exists(received)) File.Delete(received);
                continue;
            }
            File.WriteAllText(received, actual, new UTF8Encoding(false));
            failures.Add("Mismatch in " + hintName + " (received written to " + Path.GetFileName(received) + "):\n" + UnifiedDiff(expected, actual, Path.GetFileName(verified), Path.GetFileName(received)));
        }

        var stale = Directory.GetFiles(Folder, testName + "#*.verified.cs")
            .Select(Path.GetFileName)
            .Where(name => !expectedVerified.Contains(name!))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        foreach (var name in stale)
        {
            if (Accepting) File.Delete(Path.Combine(Folder, name!));
            else failures.Add("Verified file with no generated counterpart (missing generated file): " + name);
        }

        if (failures.Count > 0)
        {
            Assert.Fail(failures.Count + " snapshot problem(s) for " + testName + "; set CALLSGEN_ACCEPT=1 to accept.\n\n" + string.Join("\n\n", failures));
        }
    }

    /// <summary>A unified diff of two texts with three lines of context.</summary>
    public static string UnifiedDiff(string expected, string actual, string expectedName = "verified", string actualName = "received", int context = 3)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var lines = diff.Lines;
        var builder = new StringBuilder();
        builder.Append("--- ").Append(expectedName).Append('\n');
        builder.Append("+++ ").Append(actualName).Append('\n');
        var changed = lines.Select((l, i) => (l, i)).Where(x => x.l.Type is ChangeType.Inserted or ChangeType.Deleted).Select(x => x.i).ToList();
        var shown = 0;
        var index = 0;
        while (index < changed.Count && shown < 400)
        {
            var start = Math.Max(0, changed[index] - context);
            var end = Math.Min(lines.Count - 1, changed[index] + context);
            while (index + 1 < changed.Count && changed[index + 1] - context <= end + 1)
            {
                index++;
                end = Math.Min(lines.Count - 1, changed[index] + context);
            }
            int oldStart = 1, newStart = 1;
            for (var i = 0; i < start; i++)
            {
                if (lines[i].Type != ChangeType.Inserted) oldStart++;
                if (lines[i].Type != ChangeType.Deleted) newStart++;
            }
            var oldCount = 0;
            var newCount = 0;
            var hunk = new StringBuilder();
            for (var i = start; i <= end; i++)
            {
                var line = lines[i];
                switch (line.Type)
                {
                    case ChangeType.Inserted: hunk.Append('+'); newCount++; break;
                    case ChangeType.Deleted: hunk.Append('-'); oldCount++; break;
                    default: hunk.Append(' '); oldCount++; newCount++; break;
                }
                hunk.Append(line.Text).Append('\n');
                shown++;
            }
            builder.Append("@@ -").Append(oldStart).Append(',').Append(oldCount).Append(" +").Append(newStart).Append(',').Append(newCount).Append(" @@\n");
            builder.Append(hunk);
            index++;
        }
        if (index < changed.Count) builder.Append("... (diff truncated)\n");
        return builder.ToString();
    }
}
