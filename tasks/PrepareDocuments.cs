using System;
using System.Collections.Generic;
using System.IO;
using CallsGen.Generator;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace CallsGen.Tasks;

/// <summary>
/// Runs before MSBuild writes the .editorconfig file that carries <c>AdditionalFiles</c> metadata to the compiler.
/// It returns the items unchanged but for CallsGen's metadata values, percent-encoded where the file format would
/// cut them (see <see cref="DocumentMetadata"/>), and warns (CG0009, at the line of the project file that sets it)
/// about metadata that looks like CallsGen's but is not one of its names, so a typo does not go unnoticed. The
/// overlays a document lists (<c>CallsGenOverlays</c>, relative to the project file that lists them) are given full
/// paths and added to the items, so a user writes the document's one line and nothing else.
/// </summary>
public sealed class PrepareDocuments : Task
{
    /// <summary>The project's AdditionalFiles items.</summary>
    [Required]
    public ITaskItem[] AdditionalFiles { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The same items, in the same order, with CallsGen's metadata encoded, then the overlays not already among them.</summary>
    [Output]
    public ITaskItem[] Prepared { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        var prepared = new List<ITaskItem>(AdditionalFiles.Length);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in AdditionalFiles) present.Add(item.GetMetadata("FullPath"));
        var overlays = new List<string>();
        foreach (var item in AdditionalFiles)
        {
            var copy = new TaskItem(item);
            var ours = false;
            foreach (string name in item.MetadataNames)
            {
                if (IsUserName(name))
                {
                    var value = item.GetMetadata(name);
                    if (string.Equals(name, DocumentMetadata.Overlays, StringComparison.OrdinalIgnoreCase)) value = FullPaths(item, value, overlays);
                    // SetMetadata would read the encoding's '%3B' as MSBuild's own escape for ';' and undo it.
                    ((ITaskItem2)copy).SetMetadataValueLiteral(name, DocumentMetadata.Encode(value));
                    ours = true;
                }
                else if (DocumentMetadata.Misspelled(name) is { } meant && !IsWellKnown(name))
                {
                    WarnUnknown(item, name, meant);
                }
            }
            if (ours) copy.SetMetadata(DocumentMetadata.Encoding, DocumentMetadata.PercentEncoded);
            prepared.Add(copy);
        }
        foreach (var overlay in overlays)
        {
            // A missing file is left to the generator, which names it (CG0024).
            if (present.Add(overlay) && File.Exists(overlay)) prepared.Add(new TaskItem(overlay));
        }
        Prepared = prepared.ToArray();
        return !Log.HasLoggedErrors;
    }

    /// <summary>The listed overlay paths made full against the directory of the project file that lists them.</summary>
    private static string FullPaths(ITaskItem item, string listed, List<string> overlays)
    {
        var directory = item.GetMetadata("DefiningProjectDirectory");
        var full = new List<string>();
        foreach (var entry in DocumentMetadata.SplitList(listed, out _))
        {
            string path;
            try
            {
                path = Path.GetFullPath(Path.Combine(directory, entry));
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
            {
                path = entry;
            }
            full.Add(path);
            if (!overlays.Contains(path)) overlays.Add(path);
        }
        return string.Join(DocumentMetadata.Separator.ToString(), full);
    }

    private static bool IsUserName(string name)
    {
        foreach (var known in DocumentMetadata.UserNames)
        {
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    // MSBuild's own metadata (FullPath, Filename, DefiningProjectName, ...) is never a misspelling of ours.
    private static bool IsWellKnown(string name) => name is "FullPath" or "RootDir" or "Filename" or "Extension" or "RelativeDir" or "Directory"
        or "RecursiveDir" or "Identity" or "ModifiedTime" or "CreatedTime" or "AccessedTime"
        || name.StartsWith("DefiningProject", StringComparison.Ordinal);

    private void WarnUnknown(ITaskItem item, string name, string meant)
    {
        var project = item.GetMetadata("DefiningProjectFullPath");
        var (line, column) = Find(project, name);
        var message = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "The AdditionalFiles item '{0}' has the metadata '{1}', which CallsGen does not read; did you mean '{2}'? (CallsGen reads {3}.)",
            item.ItemSpec, name, meant, string.Join(", ", DocumentMetadata.UserNames));
        Log.LogWarning(null, "CG0009", null, project, line, column, line, column + name.Length, message);
    }

    /// <summary>The one-based line and column where the project file first writes <paramref name="name"/>; zeros when not found.</summary>
    private static (int Line, int Column) Find(string path, string name)
    {
        try
        {
            if (path.Length == 0 || !File.Exists(path)) return (0, 0);
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var at = lines[i].IndexOf(name, StringComparison.OrdinalIgnoreCase);
                if (at >= 0) return (i + 1, at + 1);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return (0, 0);
    }
}
