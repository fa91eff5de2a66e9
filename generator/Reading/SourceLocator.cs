using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
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

    /// <summary>Walks YAML (or JSON) parser events, building the path of a value only inside containers a wanted pointer goes into.</summary>
    private void Walk(HashSet<string> prefixes, Dictionary<string, SourceSpan> spans)
    {
        var parser = Parser.CreateParser(new StringReader(_text), DocumentParser.ParserMaxDepth);
        var stack = new Stack<Frame>();
        stack.Push(new Frame(string.Empty, isMapping: false, tracked: true) { IsRoot = true });
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
                    var tracked = path is not null && prefixes.Contains(path);
                    if (tracked && !spans.ContainsKey(path!)) spans[path!] = SpanOf(keyStart ?? current.Start, current.End);
                    stack.Push(new Frame(tracked ? path! : string.Empty, current is MappingStart, tracked));
                    break;
                }
                case MappingEnd or SequenceEnd:
                    stack.Pop();
                    break;
                case Scalar scalar when frame.IsMapping && frame.ExpectingKey:
                    frame.SetKey(scalar.Value, scalar.Start);
                    break;
                case Scalar scalar:
                {
                    var path = frame.NextValuePath(out var keyStart);
                    if (path is not null && prefixes.Contains(path) && !spans.ContainsKey(path)) spans[path] = SpanOf(keyStart ?? scalar.Start, scalar.End);
                    break;
                }
                case AnchorAlias:
                    if (!(frame.IsMapping && frame.ExpectingKey)) frame.NextValuePath(out _);
                    else frame.SetKey(string.Empty, current.Start);
                    break;
            }
        }
    }

    /// <summary>
    /// Walks JSON with System.Text.Json's reader. A value's path is built (and its key read) only inside containers a
    /// wanted pointer goes into, so a large document costs a few strings per wanted pointer, not one per value.
    /// </summary>
    private void WalkJson(HashSet<string> prefixes, Dictionary<string, SourceSpan> spans)
    {
        var bytes = Encoding.UTF8.GetBytes(_text);
        var positions = new LinePositions(bytes);
        var reader = new Utf8JsonReader(bytes, DocumentParser.ReaderOptions);
        // Each open container: its path (null when no wanted pointer goes into it) and, for arrays, the next index.
        var stack = new Stack<(string? Path, bool IsArray, int Index)>();
        var key = default(JsonKey);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    key = new JsonKey(stack.Peek().Path is null ? null : reader.GetString(), reader.TokenStartIndex, reader.HasValueSequence ? 1 : reader.ValueSpan.Length + 2);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
            }

            var (path, offset, length) = NextJsonValue(stack, key, reader.TokenStartIndex);
            if (path is not null && !prefixes.Contains(path)) path = null;
            if (path is not null && !spans.ContainsKey(path)) spans[path] = positions.SpanAt(offset, length);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
            }
        }
    }

    /// <summary>
    /// The path of the value starting at <paramref name="tokenStart"/> (null inside an untracked container) and where
    /// to point for it: at its key when it is a member, else at its first character.
    /// </summary>
    private static (string? Path, long Offset, int Length) NextJsonValue(Stack<(string? Path, bool IsArray, int Index)> stack, JsonKey key, long tokenStart)
    {
        if (stack.Count == 0) return (string.Empty, tokenStart, 1);
        var parent = stack.Pop();
        if (parent.IsArray)
        {
            stack.Push((parent.Path, true, parent.Index + 1));
            return (parent.Path is null ? null : JsonPointer.Append(parent.Path, parent.Index), tokenStart, 1);
        }
        stack.Push(parent);
        return (parent.Path is null ? null : JsonPointer.Append(parent.Path, key.Name ?? string.Empty), key.Offset, key.Length);
    }

    /// <summary>The last member name read (null when its object is untracked), where it starts and how long it is with its quotes.</summary>
    private readonly struct JsonKey
    {
        public JsonKey(string? name, long offset, int length)
        {
            Name = name;
            Offset = offset;
            Length = length;
        }

        public string? Name { get; }
        public long Offset { get; }
        public int Length { get; }
    }

    /// <summary>Turns byte offsets in UTF-8 text into zero-based line and character positions.</summary>
    private sealed class LinePositions
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = new() { 0 };

        public LinePositions(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n') _lineStarts.Add(i + 1);
            }
        }

        public SourceSpan SpanAt(long offset, int length)
        {
            var position = (int)offset;
            var line = _lineStarts.BinarySearch(position);
            if (line < 0) line = ~line - 1;
            var column = Encoding.UTF8.GetCharCount(_bytes, _lineStarts[line], position - _lineStarts[line]);
            return new SourceSpan(line, column, line, column + Math.Max(1, length));
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

        /// <summary>Moves to the next value and gives its path; null when this frame is not tracked.</summary>
        public string? NextValuePath(out Mark? keyStart)
        {
            if (IsMapping)
            {
                var path = Tracked ? JsonPointer.Append(Path, _key ?? string.Empty) : null;
                keyStart = _keyStart;
                _key = null;
                _keyStart = null;
                return path;
            }
            keyStart = null;
            // The root frame holds the document itself, whose path is the empty pointer.
            if (IsRoot && _index++ == 0) return Path;
            var index = _index++;
            return Tracked ? JsonPointer.Append(Path, index) : null;
        }
    }
}
