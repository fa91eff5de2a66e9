using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CallsGen.Generator.Naming;

/// <summary>
/// The one place that turns spec strings (schema names, property names, enum values, summaries)
/// into valid, stable C# identifiers. The wire strings themselves are never changed; callers keep
/// them next to the identifier.
/// </summary>
internal static class Identifiers
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
        "const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
        "explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
        "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
        "object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
        "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
        "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
        "ushort", "using", "virtual", "void", "volatile", "while",
    };

    // Words for values made only of punctuation, so "=", "!=" and "<=" stay distinct and readable.
    private static readonly Dictionary<char, string> SymbolWords = new()
    {
        ['='] = "Eq",
        ['!'] = "Not",
        ['<'] = "Lt",
        ['>'] = "Gt",
        ['|'] = "Pipe",
        ['&'] = "Amp",
        ['#'] = "Hash",
        ['*'] = "Star",
        [';'] = "Semicolon",
        [','] = "Comma",
        ['\''] = "Quote",
        ['"'] = "DoubleQuote",
        ['+'] = "Plus",
        ['-'] = "Minus",
        ['.'] = "Dot",
        ['/'] = "Slash",
        ['\\'] = "Backslash",
        [':'] = "Colon",
        ['?'] = "Question",
        ['%'] = "Percent",
        ['^'] = "Caret",
        ['~'] = "Tilde",
        ['@'] = "At",
        ['$'] = "Dollar",
        ['('] = "OpenParen",
        [')'] = "CloseParen",
        ['['] = "OpenBracket",
        [']'] = "CloseBracket",
        ['{'] = "OpenBrace",
        ['}'] = "CloseBrace",
        ['_'] = "Underscore",
        [' '] = "Space",
    };

    /// <summary>
    /// PascalCase identifier for any string: words split on anything that is not a letter or digit,
    /// each word's first letter upper-cased, the rest kept. A leading digit gets a '_' prefix;
    /// a string with no letters or digits is spelled from its symbols; an empty string is "Empty".
    /// </summary>
    public static string ToPascalCase(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "Empty";
        var builder = new StringBuilder(text!.Length);
        var upperNext = true;
        foreach (var c in text)
        {
            if (IsIdentifierPart(c))
            {
                builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        if (builder.Length == 0) return FromSymbols(text);
        if (!IsIdentifierStart(builder[0])) builder.Insert(0, '_');
        return builder.ToString();
    }

    /// <summary>camelCase identifier (for parameters and locals), prefixed with '@' when it is a keyword.</summary>
    public static string ToCamelCase(string? text)
    {
        var pascal = ToPascalCase(text);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        // A parameter named nameof would turn every nameof(...) in its method into a call (CS0149), even as @nameof.
        if (camel == "nameof") return camel + "_";
        return Keywords.Contains(camel) ? "@" + camel : camel;
    }

    /// <summary>A method name from a short summary ("List Calls" gives "ListCalls"), or null when the summary is not short.</summary>
    public static string? FromSummary(string? summary)
    {
        if (summary is null) return null;
        var trimmed = summary.Trim();
        if (trimmed.Length == 0 || trimmed.Length > 60) return null;
        var words = 0;
        foreach (var part in trimmed.Split(' '))
        {
            if (part.Length > 0) words++;
        }
        if (words > 6 || trimmed.IndexOfAny(new[] { '.', '\n', '\r', ':', '(', ',' }) >= 0) return null;
        return ToPascalCase(trimmed);
    }

    private static string FromSymbols(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (SymbolWords.TryGetValue(c, out var word))
            {
                builder.Append(word);
            }
            else
            {
                builder.Append('U').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c)
    {
        switch (CharUnicodeInfo.GetUnicodeCategory(c))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.DecimalDigitNumber:
                return true;
            default:
                return false;
        }
    }
}

/// <summary>
/// Hands out unique identifiers within one scope (a namespace, a type's members): the first
/// request for a name gets it, later ones get "2", "3"... appended. Callers ask in a sorted,
/// stable order, so the result is deterministic.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    public NameScope(IEnumerable<string>? reserved = null)
    {
        _taken = new HashSet<string>(reserved ?? System.Array.Empty<string>(), System.StringComparer.Ordinal);
    }

    public string Claim(string desired)
    {
        if (_taken.Add(desired)) return desired;
        for (var i = 2; ; i++)
        {
            var candidate = desired + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate)) return candidate;
        }
    }

    public bool IsTaken(string name) => _taken.Contains(name);
}
