using System.Text;

namespace CallsGen.Generator.Emitting;

/// <summary>A minimal indented text writer for generated C#; lines end with '\n' on every platform.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>
    /// Writes a line at the current indentation; each line of a multi-line text is indented alike. A '\r' before a
    /// line break is dropped, so templates in a source file checked out with CRLF endings emit the same bytes.
    /// </summary>
    public SourceWriter Line(string text = "")
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var length = (end < 0 ? text.Length : end) - start;
            if (end > 0 && text[end - 1] == '\r') length--;
            if (length > 0) _builder.Append(' ', _indent * 4).Append(text, start, length);
            _builder.Append('\n');
            if (end < 0) return this;
            start = end + 1;
        }
    }

    /// <summary>Writes a template (raw string) at the current indentation: its lines, then a line break.</summary>
    public SourceWriter Write(string template) => Line(template);

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    public SourceWriter Indent()
    {
        _indent++;
        return this;
    }

    public SourceWriter Outdent()
    {
        _indent--;
        return this;
    }

    public override string ToString() => _builder.ToString();
}
