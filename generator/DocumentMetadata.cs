using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CallsGen.Generator;

/// <summary>
/// The <c>AdditionalFiles</c> metadata CallsGen reads, and how its values reach the compiler. One copy,
/// compiled into the generator and into the build task (tasks/), so both agree on names and encoding.
/// </summary>
/// <remarks>
/// Item metadata reaches a generator through the .editorconfig file MSBuild writes for the compiler, where
/// <c>;</c> and <c>#</c> start a comment and a line break ends the value. CallsGen's build task therefore
/// percent-encodes those characters (and <c>%</c>) in every CallsGen value and marks the item with
/// <see cref="Encoding"/>; the generator decodes marked values, and reads unmarked ones (a host without the
/// build task) as they are.
/// </remarks>
internal static class DocumentMetadata
{
    /// <summary><c>true</c> opts a file in (the namespace or client name also do); <c>false</c> opts it out.</summary>
    public const string OptIn = "CallsGen";

    /// <summary>The namespace of the generated code.</summary>
    public const string Namespace = "CallsGenNamespace";

    /// <summary>The name of the client class.</summary>
    public const string ClientName = "CallsGenClientName";

    /// <summary>The operations to generate, separated by <see cref="Separator"/>.</summary>
    public const string Operations = "CallsGenOperations";

    /// <summary>
    /// The overlays applied to the document before it is read, in order, separated by <see cref="Separator"/>:
    /// paths relative to the project file. The build task adds each to the compiler's additional files.
    /// </summary>
    public const string Overlays = "CallsGenOverlays";

    /// <summary>Set by the build task: how the other values are encoded.</summary>
    public const string Encoding = "CallsGenMetadataEncoding";

    /// <summary>The value of <see cref="Encoding"/> for percent-encoded values.</summary>
    public const string PercentEncoded = "percent";

    /// <summary>Separates the entries of a list value.</summary>
    public const char Separator = ',';

    /// <summary>The separator the first README documented; <c>.editorconfig</c> reads it as a comment.</summary>
    public const char LegacySeparator = ';';

    /// <summary>Every name a user may write; the build task warns about others that look like them.</summary>
    public static readonly string[] UserNames = { OptIn, Namespace, ClientName, Operations, Overlays };

    /// <summary>Percent-encodes the characters .editorconfig would cut a value at, and '%' itself.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '%': builder.Append("%25"); break;
                case ';': builder.Append("%3B"); break;
                case '#': builder.Append("%23"); break;
                case '\r': builder.Append("%0D"); break;
                case '\n': builder.Append("%0A"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Reverses <see cref="Encode"/>; any other '%' sequence is kept as written.</summary>
    public static string Decode(string value)
    {
        if (value.IndexOf('%') < 0) return value;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && int.TryParse(value.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && code is '%' or ';' or '#' or '\r' or '\n')
            {
                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(value[i]);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// The user name <paramref name="name"/> was probably meant to be, when it is not one but looks like one
    /// (starts with "CallsGen", or is a couple of keystrokes away from a name); null otherwise.
    /// </summary>
    public static string? Misspelled(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var known in UserNames)
        {
            if (string.Equals(name, known, StringComparison.OrdinalIgnoreCase)) return null;
            var distance = Distance(name.ToLowerInvariant(), known.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }
        if (name.StartsWith(OptIn, StringComparison.OrdinalIgnoreCase) || bestDistance <= 3) return best;
        return null;
    }

    /// <summary>Splits a list value on ',' (and the legacy ';'), trimming entries and dropping empty ones.</summary>
    public static List<string> SplitList(string value, out bool usedLegacySeparator)
    {
        usedLegacySeparator = value.IndexOf(LegacySeparator) >= 0;
        var entries = new List<string>();
        foreach (var part in value.Split(Separator, LegacySeparator))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0) entries.Add(trimmed);
        }
        return entries;
    }

    // Levenshtein distance, for "did you mean".
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.Length];
    }
}
