using System.Collections.Generic;

namespace CallsGen.Generator.Naming;

/// <summary>
/// Path text, without touching the file system (a generator may not): joining a relative path to a directory and
/// normalizing separators and "." / ".." segments, so the overlay paths a document lists compare equal to the paths
/// the compiler gives its additional files.
/// </summary>
internal static class FilePaths
{
    public static string DirectoryOf(string path)
    {
        var normalized = Normalize(path);
        var cut = normalized.LastIndexOf('/');
        return cut < 0 ? string.Empty : cut == 0 ? "/" : normalized.Substring(0, cut);
    }

    public static bool IsRooted(string path) =>
        path.StartsWith("/", System.StringComparison.Ordinal) || path.StartsWith("\\", System.StringComparison.Ordinal)
        || path.Length >= 2 && path[1] == ':' && char.IsLetter(path[0]);

    public static string Combine(string directory, string path) =>
        IsRooted(path) || directory.Length == 0 ? path : directory.TrimEnd('/', '\\') + "/" + path;

    /// <summary>Forward slashes, no "." segments, ".." applied, no doubled separators (a leading "//" for UNC paths is kept).</summary>
    public static string Normalize(string path)
    {
        var text = path.Replace('\\', '/');
        var unc = text.StartsWith("//", System.StringComparison.Ordinal);
        var rooted = text.StartsWith("/", System.StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in text.Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..") segments.RemoveAt(segments.Count - 1);
            else segments.Add(segment);
        }
        var joined = string.Join("/", segments);
        return unc ? "//" + joined : rooted ? "/" + joined : joined;
    }
}
