using System.Globalization;
using System.Text;
using CallsGen.Generator.Naming;
using CsCheck;

namespace CallsGen.Tests.Naming;

/// <summary>
/// StringLiteral and XmlDocLines return plain text without building it again; what they return must be what the
/// character-by-character escaping returns, for any text.
/// </summary>
public sealed class CSharpTextTests
{
    // Mostly plain text, with every character class the escaping treats specially now and then.
    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.String[Gen.Char["abc XYZ019.,;:!?()[]{}'-_/"], 0, 40],
        Gen.String[Gen.Char["ab \"\\&<>\t\r\n\u0000\u001f\u007f\u0085\u2028\u202a\u2066\u200e\u061c\ufeffé😀"], 0, 40]);

    [Fact]
    public void String_literals_are_the_escaped_text()
    {
        Texts.Sample(text => Assert.Equal(Reference.StringLiteral(text), CSharpText.StringLiteral(text)), iter: 5000, seed: "0CSharpText01");
    }

    [Fact]
    public void Doc_lines_are_the_escaped_text()
    {
        Texts.Sample(text => Assert.Equal(Reference.XmlDocLines(text), CSharpText.XmlDocLines(text)), iter: 5000, seed: "0CSharpText02");
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("é\n", "\"\\u00E9\\u000A\"")]
    public void Literal_examples(string text, string literal) => Assert.Equal(literal, CSharpText.StringLiteral(text));

    /// <summary>The escaping as it was written before the plain-text shortcuts.</summary>
    private static class Reference
    {
        public static string StringLiteral(string value)
        {
            var builder = new StringBuilder(value.Length + 2);
            builder.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    default:
                        if (c < 0x20 || c > 0x7E) builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        else builder.Append(c);
                        break;
                }
            }
            builder.Append('"');
            return builder.ToString();
        }

        public static string[] XmlDocLines(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return System.Array.Empty<string>();
            var builder = new StringBuilder(text!.Length);
            foreach (var c in text!.Replace("\r\n", "\n").Replace('\r', '\n'))
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
            var lines = builder.ToString().Split('\n');
            var start = 0;
            var end = lines.Length - 1;
            while (start <= end && lines[start].Trim().Length == 0) start++;
            while (end >= start && lines[end].Trim().Length == 0) end--;
            var result = new string[end - start + 1];
            for (var i = start; i <= end; i++) result[i - start] = lines[i].TrimEnd();
            return result;
        }

        private static bool IsInvisibleFormatting(char c) =>
            c == '\u2028' || c == '\u2029' || c == '\u0085' ||
            (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') ||
            c == '\u200E' || c == '\u200F' || c == '\u061C' || c == '\uFEFF';
    }
}
