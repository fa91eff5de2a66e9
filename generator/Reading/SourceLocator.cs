using System;
using System.Collections.Generic;
using System.IO;
using CallsGen.Generator.Naming;
using SharpYaml;
using SharpYaml.Events;

namespace CallsGen.Generator.Reading;

/// <summary>A zero-based line/column span in a document.</summary>
internal readonly struct SourceSpan
{
    public SourceSpan(int startLine, int startColumn, int endLine, int endColumn)
    {
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    public int StartLine { get; }
    public int StartColumn { get; }
    public int EndLine { get; }
    public int EndColumn { get; }
}

/// <summary>
/// Finds where JSON pointers ("#/components/schemas/Call/properties/id") sit in a document's text.
/// YAML is a superset of JSON, so one YAML event walk serves both formats. All pointers asked for
/// are resolved in a single walk; a pointer that does not resolve fully points at its deepest
/// resolvable prefix, and one that resolves not at all at the start of the document.
/// </summary>
internal sealed class SourceLocator
{
    private readonly string _text;

    public SourceLocator(string text) => _text = text;

    public Dictionary<string, SourceSpan> LocateAll(IReadOnlyCollection<string> pointers)
    {
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pointer in pointers) wanted[JsonPointer.Canonical(pointer)] = pointer;
        var found = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in wanted.Keys)
        {
            for (var i = key.IndexOf('/'); i >= 0; i = key.IndexOf('/', i + 1)) prefixes.Add(key.Substring(0, i));
            prefixes.Add(key);
        }

        var spansByPath = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        try
        {
            // JSON is walked as JSON: the YAML parser would also read it, but rejects keys over 1024 characters.
            if (DocumentParser.LooksLikeJson(_text)) WalkJson(prefixes, spansByPath);
            else Walk(prefixes, spansByPath);
        }
        catch (Exception)
        {
            // A document the parser cannot walk to the end keeps what was found before the break;
            // the rest is located at the start of the document.
        }

        foreach (var pair in wanted)
        {
            var path = pair.Key;
            while (true)
            {
                if (spansByPath.TryGetValue(path, out var span))
                {
                    found[pair.Value] = span;
                    break;
                }
                var cut = path.LastIndexOf('/');
                if (cut < 0)
                {
                    found[pair.Value] = default;
                    break;
                }
                path = path.Substring(0, cut);
            }
        }
        return found;
    }

    private void Walk(HashSet<string> prefixes, Dictionary<string, SourceSpan> spans)
    {
        var parser = Parser.CreateParser(new StringReader(_text), DocumentParser.MaxDepth + 64);
        var stack = new Stack<Frame>();
        var root = new Frame(string.Empty, isMapping: false, tracked: true) { IsRoot = true };
        stack.Push(root);
        while (parser.MoveNext())
        {
            var current = parser.Current;
            if (current is null) continue;
            var frame = stack.Peek();
            switch (current)
            {
                case MappingStart or SequenceStart:
                {
                    var path = frame.NextValuePath(out var keyStart);
                    var tracked = frame.Tracked && prefixes.Contains(path);
                    if (tracked && !spans.ContainsKey(path)) spans[path] = SpanOf(keyStart ?? current.Start, current.End);
                    stack.Push(new Frame(path, current is MappingStart, tracked));
                    break;
                }
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    break;
                case Scalar scalar:
                    if (frame.IsMapping && frame.ExpectingKey)
                    {
                        frame.SetKey(scalar.Value, scalar.Start);
                    }
                    else
                    {
                        var path = frame.NextValuePath(out var keyStart);
                        if (frame.Tracked && prefixes.Contains(path) && !spans.ContainsKey(path))
                        {
                            spans[path] = SpanOf(keyStart ?? scalar.Start, scalar.End);
                        }
                    }
                    break;
                case AnchorAlias:
                    if (!(frame.IsMapping && frame.ExpectingKey)) frame.NextValuePath(out _);
                    else frame.SetKey(string.Empty, current.Start);
                    break;
            }
        }
    }

    private void WalkJson(HashSet<string> prefixes, Dictionary<string, SourceSpan> spans)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(_text);
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        }

        SourceSpan At(long offset, int length)
        {
            var position = (int)offset;
            var line = lineStarts.BinarySearch(position);
            if (line < 0) line = ~line - 1;
            var column = System.Text.Encoding.UTF8.GetCharCount(bytes, lineStarts[line], position - lineStarts[line]);
            return new SourceSpan(line, column, line, column + Math.Max(1, length));
        }

        var reader = new System.Text.Json.Utf8JsonReader(bytes, new System.Text.Json.JsonReaderOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = DocumentParser.MaxDepth + 64,
        });
        // Each open container: its path and, for arrays, the next index; for objects, the last key and where it stood.
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? key = null;
        long keyOffset = 0;
        int keyLength = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case System.Text.Json.JsonTokenType.PropertyName:
                    key = reader.GetString();
                    keyOffset = reader.TokenStartIndex;
                    keyLength = reader.HasValueSequence ? 1 : reader.ValueSpan.Length + 2;
                    continue;
                case System.Text.Json.JsonTokenType.EndObject:
                case System.Text.Json.JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            string path;
            long offset;
            int length;
            if (stack.Count == 0)
            {
                path = string.Empty;
                offset = reader.TokenStartIndex;
                length = 1;
            }
            else
            {
                var parent = stack.Pop();
                if (parent.IsArray)
                {
                    path = parent.Path + "/" + parent.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    stack.Push((parent.Path, true, parent.Index + 1));
                    offset = reader.TokenStartIndex;
                    length = 1;
                }
                else
                {
                    path = parent.Path + "/" + JsonPointer.Escape(key ?? string.Empty);
                    stack.Push(parent);
                    offset = keyOffset;
                    length = keyLength;
                }
            }

            if (prefixes.Contains(path) && !spans.ContainsKey(path)) spans[path] = At(offset, length);
            if (reader.TokenType is System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray)
            {
                stack.Push((path, reader.TokenType == System.Text.Json.JsonTokenType.StartArray, 0));
            }
        }
    }

    private static SourceSpan SpanOf(Mark start, Mark end)
    {
        // Point at the first line only, so an error on a large object does not underline all of it.
        var endLine = start.Line;
        var endColumn = end.Line == start.Line ? end.Column : start.Column + 1;
        return new SourceSpan(ToZeroBased(start.Line), start.Column, ToZeroBased(endLine), endColumn);
    }

    // SharpYaml's marks are already zero-based, like Roslyn's line positions.
    private static int ToZeroBased(int line) => line > 0 ? line : 0;

    private sealed class Frame
    {
        private string? _key;
        private Mark? _keyStart;
        private int _index;

        public Frame(string path, bool isMapping, bool tracked)
        {
            Path = path;
            IsMapping = isMapping;
            Tracked = tracked;
        }

        public string Path { get; }
        public bool IsMapping { get; }
        public bool Tracked { get; }
        public bool IsRoot { get; init; }
        public bool ExpectingKey => IsMapping && _key is null;

        public void SetKey(string key, Mark start)
        {
            _key = key;
            _keyStart = start;
        }

        public string NextValuePath(out Mark? keyStart)
        {
            if (IsMapping)
            {
                var path = Path + "/" + JsonPointer.Escape(_key ?? string.Empty);
                keyStart = _keyStart;
                _key = null;
                _keyStart = null;
                return path;
            }
            keyStart = null;
            // The root frame holds the document itself, whose path is the empty pointer.
            if (IsRoot && _index++ == 0) return Path;
            return Path + "/" + (_index++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
