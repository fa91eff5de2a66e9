// Checks that a pattern is an I-Regexp (RFC 9485, the interoperable regular expressions that
// RFC 9535's match() and search() take) and rewrites it for System.Text.RegularExpressions: '.'
// matches any character but CR and LF (a surrogate pair counting as one), literal characters are
// escaped so .NET reads none of them as syntax (I-Regexp has no anchors: '^' and '$' are plain
// characters), groups do not capture, and nothing outside I-Regexp (backreferences, lookaround,
// \d, lazy quantifiers) is accepted. Matching runs with a timeout set by the caller.

using System.Globalization;
using System.Text;

namespace CallsGen.Generator.Overlays;

internal enum IRegexpStatus
{
    Valid,

    /// <summary>Not an I-Regexp: match() and search() are then false (RFC 9535 §2.4.6).</summary>
    NotIRegexp,

    /// <summary>An I-Regexp this translation cannot express (a character above U+FFFF inside brackets).</summary>
    Unsupported,
}

internal static class IRegexp
{
    private const int MaxGroupNesting = 64;

    private const string AnyCharacter = @"(?:[^\n\r\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])";

    private static readonly string[] Categories =
    {
        "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No",
        "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "Z", "Zl", "Zp", "Zs",
        "S", "Sc", "Sk", "Sm", "So", "C", "Cc", "Cf", "Cn", "Co",
    };

    /// <summary>The .NET pattern for an I-Regexp, or null with the reason when there is none.</summary>
    public static string? Translate(string pattern, out IRegexpStatus status)
    {
        var builder = new StringBuilder(pattern.Length + 16);
        var pos = 0;
        var depth = 0;
        var canQuantify = false;
        status = IRegexpStatus.NotIRegexp;
        while (pos < pattern.Length)
        {
            var c = pattern[pos];
            if (IsOperator(c))
            {
                if (!TranslateOperator(pattern, ref pos, builder, ref depth, canQuantify)) return null;
                // Only a closed group can take a quantifier; an open group, '|' or a quantifier cannot.
                canQuantify = c == ')';
                continue;
            }
            var atomStatus = TranslateAtom(pattern, ref pos, builder);
            if (atomStatus != IRegexpStatus.Valid)
            {
                status = atomStatus;
                return null;
            }
            canQuantify = true;
        }
        if (depth != 0) return null;
        status = IRegexpStatus.Valid;
        return builder.ToString();
    }

    private static bool IsOperator(char c) => c == '(' || c == ')' || c == '|' || c == '*' || c == '+' || c == '?' || c == '{';

    /// <summary>A group bracket, '|' or a quantifier; false when it is unbalanced, too deep, misplaced or malformed.</summary>
    private static bool TranslateOperator(string pattern, ref int pos, StringBuilder builder, ref int depth, bool canQuantify)
    {
        var c = pattern[pos];
        switch (c)
        {
            case '(':
                if (++depth > MaxGroupNesting) return false;
                builder.Append("(?:");
                break;
            case ')':
                if (depth-- == 0) return false;
                builder.Append(')');
                break;
            case '|':
                builder.Append('|');
                break;
            case '{':
                return canQuantify && TranslateRange(pattern, ref pos, builder);
            default: // '*', '+' or '?'
                if (!canQuantify) return false;
                builder.Append(c);
                break;
        }
        pos++;
        return true;
    }

    /// <summary>One atom: '.', a character class, an escape or a literal character.</summary>
    private static IRegexpStatus TranslateAtom(string pattern, ref int pos, StringBuilder builder)
    {
        switch (pattern[pos])
        {
            case '.':
                builder.Append(AnyCharacter);
                pos++;
                return IRegexpStatus.Valid;
            case '[':
                return TranslateClass(pattern, ref pos, builder);
            case '\\':
                return TranslateEscape(pattern, ref pos, builder, out _) ? IRegexpStatus.Valid : IRegexpStatus.NotIRegexp;
            case ']':
            case '}':
                return IRegexpStatus.NotIRegexp;
            default:
                return TranslateLiteral(pattern, ref pos, builder) ? IRegexpStatus.Valid : IRegexpStatus.NotIRegexp;
        }
    }

    /// <summary>A character standing for itself (a surrogate pair kept together); false for a lone surrogate.</summary>
    private static bool TranslateLiteral(string pattern, ref int pos, StringBuilder builder)
    {
        var c = pattern[pos];
        if (char.IsHighSurrogate(c) && pos + 1 < pattern.Length && char.IsLowSurrogate(pattern[pos + 1]))
        {
            builder.Append("(?:").Append(c).Append(pattern[pos + 1]).Append(')');
            pos += 2;
            return true;
        }
        if (char.IsSurrogate(c)) return false;
        AppendLiteral(builder, c);
        pos++;
        return true;
    }

    // range-quantifier = "{" QuantExact [ "," [ QuantExact ] ] "}"
    private static bool TranslateRange(string pattern, ref int pos, StringBuilder builder)
    {
        var start = pos;
        pos++;
        if (!SkipDigits(pattern, ref pos)) return false;
        if (pos < pattern.Length && pattern[pos] == ',')
        {
            pos++;
            SkipDigits(pattern, ref pos);
        }
        if (pos >= pattern.Length || pattern[pos] != '}') return false;
        pos++;
        builder.Append(pattern, start, pos - start);
        return true;
    }

    private static bool SkipDigits(string pattern, ref int pos)
    {
        var start = pos;
        while (pos < pattern.Length && pattern[pos] >= '0' && pattern[pos] <= '9') pos++;
        return pos > start;
    }

    // charClassExpr = "[" [ "^" ] ( "-" / CCE1 ) *CCE1 [ "-" ] "]"
    private static IRegexpStatus TranslateClass(string pattern, ref int pos, StringBuilder builder)
    {
        pos++;
        builder.Append('[');
        if (pos < pattern.Length && pattern[pos] == '^')
        {
            builder.Append('^');
            pos++;
        }
        var empty = true;
        if (pos < pattern.Length && pattern[pos] == '-')
        {
            AppendLiteral(builder, '-');
            pos++;
            empty = false;
        }
        while (true)
        {
            if (pos >= pattern.Length) return IRegexpStatus.NotIRegexp;
            if (pattern[pos] == ']')
            {
                if (empty) return IRegexpStatus.NotIRegexp;
                builder.Append(']');
                pos++;
                return IRegexpStatus.Valid;
            }
            var entryStatus = TranslateClassEntry(pattern, ref pos, builder);
            if (entryStatus != IRegexpStatus.Valid) return entryStatus;
            empty = false;
        }
    }

    /// <summary>One entry of a class after its start: a '-' just before the ']', a category escape, a character or a range.</summary>
    private static IRegexpStatus TranslateClassEntry(string pattern, ref int pos, StringBuilder builder)
    {
        var c = pattern[pos];
        if (c == '-')
        {
            if (pos + 1 >= pattern.Length || pattern[pos + 1] != ']') return IRegexpStatus.NotIRegexp;
            AppendLiteral(builder, '-');
            pos++;
            return IRegexpStatus.Valid;
        }
        if (c == '\\' && pos + 1 < pattern.Length && (pattern[pos + 1] == 'p' || pattern[pos + 1] == 'P'))
        {
            return TranslateEscape(pattern, ref pos, builder, out _) ? IRegexpStatus.Valid : IRegexpStatus.NotIRegexp;
        }
        return TranslateClassRange(pattern, ref pos, builder);
    }

    // CCchar [ "-" CCchar ]: one character, or a range when a '-' that does not end the class follows it.
    private static IRegexpStatus TranslateClassRange(string pattern, ref int pos, StringBuilder builder)
    {
        var low = ReadClassCharacter(pattern, ref pos);
        if (low < 0) return IRegexpStatus.NotIRegexp;
        if (low > 0xFFFF) return IRegexpStatus.Unsupported;
        if (pos + 1 < pattern.Length && pattern[pos] == '-' && pattern[pos + 1] != ']')
        {
            pos++;
            var high = ReadClassCharacter(pattern, ref pos);
            if (high < 0 || high < low) return IRegexpStatus.NotIRegexp;
            if (high > 0xFFFF) return IRegexpStatus.Unsupported;
            AppendLiteral(builder, (char)low);
            builder.Append('-');
            AppendLiteral(builder, (char)high);
        }
        else
        {
            AppendLiteral(builder, (char)low);
        }
        return IRegexpStatus.Valid;
    }

    // CCchar = ( %x00-2C / %x2E-5A / %x5E-D7FF / %xE000-10FFFF ) / SingleCharEsc; -1 when it is none.
    private static int ReadClassCharacter(string pattern, ref int pos)
    {
        var c = pattern[pos];
        if (c == '\\')
        {
            var scratch = new StringBuilder();
            if (!TranslateEscape(pattern, ref pos, scratch, out var single) || single < 0) return -1;
            return single;
        }
        if (c == '-' || c == '[' || c == ']') return -1;
        if (char.IsHighSurrogate(c) && pos + 1 < pattern.Length && char.IsLowSurrogate(pattern[pos + 1]))
        {
            pos += 2;
            return char.ConvertToUtf32(c, pattern[pos - 1]);
        }
        if (char.IsSurrogate(c)) return -1;
        pos++;
        return c;
    }

    // SingleCharEsc / catEsc / complEsc; single is the escaped character, or -1 for a category.
    private static bool TranslateEscape(string pattern, ref int pos, StringBuilder builder, out int single)
    {
        single = -1;
        if (pos + 1 >= pattern.Length) return false;
        var c = pattern[pos + 1];
        pos += 2;
        switch (c)
        {
            case 'n': single = '\n'; break;
            case 'r': single = '\r'; break;
            case 't': single = '\t'; break;
            case '(':
            case ')':
            case '*':
            case '+':
            case '-':
            case '.':
            case '?':
            case '[':
            case '\\':
            case ']':
            case '^':
            case '{':
            case '|':
            case '}':
                single = c;
                break;
            case 'p':
            case 'P':
                if (pos >= pattern.Length || pattern[pos] != '{') return false;
                var close = pattern.IndexOf('}', pos);
                if (close < 0) return false;
                var category = pattern.Substring(pos + 1, close - pos - 1);
                if (System.Array.IndexOf(Categories, category) < 0) return false;
                builder.Append('\\').Append(c).Append('{').Append(category).Append('}');
                pos = close + 1;
                return true;
            default:
                return false;
        }
        AppendLiteral(builder, (char)single);
        return true;
    }

    private static void AppendLiteral(StringBuilder builder, char c)
    {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80 && !char.IsWhiteSpace(c)) builder.Append(c);
        else builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
    }
}
