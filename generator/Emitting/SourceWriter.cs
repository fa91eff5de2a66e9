using System.Text;

namespace CallsGen.Generator.Emitting;

/// <summary>A minimal indented text writer for generated C#; lines end with '\n' on every platform.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>Writes a line at the current indentation; each line of a multi-line text is indented alike.</summary>
    public SourceWriter Line(string text = "")
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var length = (end < 0 ? text.Length : end) - start;
            if (length > 0) _builder.Append(' ', _indent * 4).Append(text, start, length);
            _builder.Append('\n');
            if (end < 0) return this;
            start = end + 1;
        }
    }

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
