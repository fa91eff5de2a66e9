using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CallsGen.Generator.Naming;

/// <summary>
/// Hands out the hint names of one document's generated files, which are also their file names when a
/// project sets <c>EmitCompilerGeneratedFiles</c>: <c>{prefix}.{part}.g.cs</c>, unique ignoring case
/// (Roslyn compares hint names so, and Windows and macOS file systems ignore case too) and at most
/// <see cref="MaxBytes"/> UTF-8 bytes (file systems allow 255 per name). A name that differs from an
/// earlier one only in case or punctuation gets "_2", "_3"...; a name too long keeps its start and ends
/// with a hash of the whole, so it stays unique and stable.
/// </summary>
internal sealed class HintNameScope
{
    /// <summary>The longest hint name handed out, in UTF-8 bytes, leaving room under 255 for a suffix a tool may add.</summary>
    public const int MaxBytes = 160;

    private const string Extension = ".g.cs";

    private readonly HashSet<string> _taken = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly string _prefix;

    public HintNameScope(string prefix) => _prefix = prefix;

    public string Claim(string part)
    {
        var name = Bounded(_prefix + "." + part);
        if (_taken.Add(name + Extension)) return name + Extension;
        for (var i = 2; ; i++)
        {
            var candidate = Bounded(_prefix + "." + part, "_" + i.ToString(CultureInfo.InvariantCulture));
            if (_taken.Add(candidate + Extension)) return candidate + Extension;
        }
    }

    private static string Bounded(string name, string suffix = "")
    {
        var budget = MaxBytes - Extension.Length - Encoding.UTF8.GetByteCount(suffix);
        if (Encoding.UTF8.GetByteCount(name) <= budget) return name + suffix;
        var hash = "_" + Fnv1a(name).ToString("x8", CultureInfo.InvariantCulture);
        budget -= hash.Length;
        var cut = name.Length;
        while (cut > 0 && Encoding.UTF8.GetByteCount(name.Substring(0, cut)) > budget) cut--;
        // Never split a surrogate pair.
        if (cut > 0 && char.IsHighSurrogate(name[cut - 1])) cut--;
        return name.Substring(0, cut) + hash + suffix;
    }

    // A stable hash (string.GetHashCode differs between processes).
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }
        return hash;
    }
}
