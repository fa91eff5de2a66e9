using System.Globalization;
using System.Text;

namespace CallsGen.Generator.Naming;

/// <summary>
/// Escaping of spec text for each context it can reach in generated code. Every spec string that
/// lands in a generated file goes through exactly one of these.
/// </summary>
internal static class CSharpText
{
    /// <summary>A C# string literal, quotes included. Everything outside printable ASCII becomes a \u escape.</summary>
    public static string StringLiteral(string value)
    {
        if (IsPlainAscii(value)) return "\"" + value + "\"";
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>
    /// Lines of XML documentation text: XML-escaped, control and bidirectional-override characters
    /// dropped, split on line breaks, blank edges trimmed. Each returned line is safe after "/// ".
    /// </summary>
    public static string[] XmlDocLines(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return System.Array.Empty<string>();
        var lines = (IsPlainDocText(text!) ? text! : EscapedDocText(text!)).Split('\n');
        var start = 0;
        var end = lines.Length - 1;
        while (start <= end && lines[start].Trim().Length == 0) start++;
        while (end >= start && lines[end].Trim().Length == 0) end--;
        var result = new string[end - start + 1];
        for (var i = start; i <= end; i++) result[i - start] = lines[i].TrimEnd();
        return result;
    }

    /// <summary>Text that <see cref="EscapedDocText"/> would return unchanged: no markup, tabs, carriage returns or invisible characters.</summary>
    private static bool IsPlainDocText(string text)
    {
        foreach (var c in text)
        {
            if (c == '\n') continue;
            if (c is '&' or '<' or '>' or '\t' or '\r' || char.IsControl(c) || IsInvisibleFormatting(c)) return false;
        }
        return true;
    }

    private static string EscapedDocText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n").Replace('\r', '\n'))
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '\n': builder.Append('\n'); break;
                case '\t': builder.Append(' '); break;
                default:
                    if (char.IsControl(c) || IsInvisibleFormatting(c)) break;
                    builder.Append(c);
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>Text a C# string literal holds as it is: printable ASCII without quotes or backslashes.</summary>
    private static bool IsPlainAscii(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7E || c is '"' or '\\') return false;
        }
        return true;
    }

    // Line and paragraph separators end a // comment in C#; bidi controls can make code read
    // differently from how it compiles. None of them belongs in generated documentation.
    private static bool IsInvisibleFormatting(char c) =>
        c == '\u2028' || c == '\u2029' || c == '\u0085' ||
        (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') ||
        c == '\u200E' || c == '\u200F' || c == '\u061C' || c == '\uFEFF';
}
