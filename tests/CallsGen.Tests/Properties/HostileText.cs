using System.Collections.Generic;
using System.Text;
using CsCheck;

namespace CallsGen.Tests.Properties;

/// <summary>
/// Strings meant to break generated C#: keywords and names the generated types already use,
/// punctuation-only and digit-first text, unicode (CJK, Devanagari, emoji, combining marks, bidi and
/// zero-width controls, line separators), quotes and backslashes, comment and XML terminators,
/// preprocessor lines, escape-looking text, newlines followed by code, and very long strings.
/// </summary>
internal static class HostileText
{
    /// <summary>
    /// Identifiers that appear in the code payloads below and nowhere else. Letters only, so a name
    /// made unique with a "2" suffix can never spell one; every payload puts another word before the
    /// marker, so no document name derives to a marker exactly. A generated symbol with a marker's
    /// name was injected by the document.
    /// </summary>
    public static readonly string[] Markers = { "PwnedA", "PwnedB", "PwnedC", "PwnedD", "PwnedE", "PwnedF", "PwnedG", "PwnedH" };

    private static readonly string[] Keywords =
    {
        "class", "int", "public", "namespace", "default", "event", "operator", "string", "object", "base", "this",
        "value", "get", "set", "init", "record", "required", "var", "async", "await", "global", "partial", "nameof",
        "dynamic", "null", "true", "false", "void", "new", "params", "ref", "out", "in", "is", "as", "static",
        "Equals", "GetHashCode", "ToString", "Value", "IsKnown", "KnownValues", "AdditionalProperties", "Clone",
        "EqualityContract", "Deconstruct", "PrintMembers", "RawJson", "Unknown", "IsUnknown", "Discriminator", "FromJson",
        "Dispose", "Options", "DefaultServer", "System", "Task", "CancellationToken", "cancellationToken", "body", "request",
        "JsonElement", "String", "Json", "Int64", "Double", "Boolean", "Named", "List", "Map", "Item", "Converter",
        "Read", "Write", "Async", "Stream", "Request", "Response", "Body", "Variant1", "_", "__", "@", "@class",
        "Empty", "U0041", "Eq", "Star",
    };

    private static readonly string[] Punctuation =
    {
        "", " ", "-", "--", "=", "!=", "<=", ">=", "*", "/", "\\", "\"", "'", "{}", "[]", "$", "#", "%", "...", "_-_", "~", "~1", "~0",
        "&", "&&", "|", "?", "??", "::", ";", ",", "+", "()", "<>", "%20", "\t",
    };

    private static readonly string[] Digits = { "1", "123abc", "9lives", "0x1F", "1e3", "-1", "3.14", "007", "٣", "１２" };

    private static readonly string[] Unicode =
    {
        "名前", "类型", "उदाहरण", "नाम", "😀", "👩‍💻", "e\u0301", "\u0301x", "\u202Eevil", "a\u200Db", "\u200B", "\uFEFF",
        "İstanbul", "ß", "Σίσυφος", "ǅemal", "Ⅻ", "\u2028", "\u2029", "\u0085", "ﬁ", "Ω", "\u00A0", "𝔘𝔫𝔦",
        "\u2066iso\u2069", "\u061C", "ـ", "a\u0000b", "\u0007bell", "\u001B[31m",
    };

    private static readonly string[] Quoting =
    {
        "\"\"\"", "\\\\", "\\u0041", "\\u0022", "\\n", "\\\"", "@\"verbatim\"", "$\"{x}\"", "\"\"\"raw\"\"\"", "'single'",
        "\\", "\"", "\\x41", "\\U0001F600", "{0}", "{{", "}}", "u8", "\"u8",
    };

    private static readonly string[] Code =
    {
        "*/", "/*", "</summary>", "<summary>", "<c>", "</c>", "<see cref=\"X\"/>", "&amp;", "&lt;", "<![CDATA[", "]]>", "<!--",
        "#if DEBUG", "#error boom", "#pragma warning restore", "#region", "#endregion", "#nullable disable", "// comment", "///",
        "\npublic int PwnedA;",
        "\r\n} public class PwnedB { ",
        "\u2028public int PwnedC;",
        "\";\npublic int PwnedD; //",
        "*/ public int PwnedE; /*",
        "</summary>\n[global::System.Obsolete] public int PwnedF;",
        "\n#error PwnedG",
        "\"u8; } public static int PwnedH => 0; //",
    };

    private static readonly string[] Plain = { "id", "name", "type", "kind", "created_at", "createdAt", "x", "Y", "items", "data", "status", "a b", "HTTP", "url" };

    private static readonly string[][] Groups = { Keywords, Punctuation, Digits, Unicode, Quoting, Code, Plain };

    /// <summary>One fragment: a plain word half of the time, else from a random group.</summary>
    public static string Fragment(Rng rng)
    {
        if (rng.Chance(1, 40)) return Long(rng);
        var group = rng.Chance(1, 3) ? Plain : Groups[rng.Int(Groups.Length)];
        return group[rng.Int(group.Length)];
    }

    /// <summary>A text of one to three fragments.</summary>
    public static string Text(Rng rng)
    {
        var count = 1 + rng.Int(3);
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // At most one long fragment and at most 620 characters, so keys (escapes included) stay under the
            // 1024-character limit YAML puts on implicit keys. Known gap: the generator locates diagnostics in
            // JSON documents with the YAML parser too, so a JSON key over 1024 characters leaves every
            // diagnostic of that document unlocated (see FoundByPropertyTests).
            var fragment = Fragment(rng);
            if (fragment.Length > 100 && builder.Length > 100 || builder.Length + fragment.Length > 620) continue;
            builder.Append(fragment);
        }
        return builder.ToString();
    }

    /// <summary>A name: hostile text most of the time, a plain word sometimes (so documents stay readable).</summary>
    public static string Name(Rng rng) => rng.Chance(1, 4) ? Plain[rng.Int(Plain.Length)] + rng.Int(10) : Text(rng);

    /// <summary>Longer than C#'s 512-character identifier limit, but well under YAML's 1024-character limit for implicit keys (escapes included).</summary>
    private static string Long(Rng rng)
    {
        var builder = new StringBuilder();
        var word = rng.Chance(1, 2) ? "abcdefghij" : "名前";
        var length = 515 + rng.Int(60);
        while (builder.Length < length) builder.Append(word);
        return builder.ToString();
    }

    public static IEnumerable<string> All()
    {
        foreach (var group in Groups) foreach (var item in group) yield return item;
    }
}

/// <summary>Random choices drawn from a CsCheck PCG, so a seed string reproduces a document.</summary>
internal sealed class Rng
{
    private readonly PCG _pcg;

    public Rng(PCG pcg) => _pcg = pcg;

    public int Int(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)_pcg.Next((uint)maxExclusive);

    public bool Chance(int numerator, int denominator) => Int(denominator) < numerator;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(items.Count)];
}
