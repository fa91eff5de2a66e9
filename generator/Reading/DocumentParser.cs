using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using SharpYaml;
using SharpYaml.Events;

namespace CallsGen.Generator.Reading;

/// <summary>The syntax a document is written in.</summary>
internal enum DocumentFormat
{
    Json,
    Yaml,
}

/// <summary>Where and why a text could not be parsed: a plain-words message and a zero-based line and column.</summary>
internal sealed record ParseFailure(string Message, int Line, int Column);

/// <summary>
/// Parses the text of a document (an OpenAPI document or an overlay, JSON or YAML) into a
/// <see cref="JsonNode"/> tree, the form Microsoft.OpenApi reads and overlays edit. The limits keep
/// hostile input cheap (deep nesting, YAML alias bombs, huge texts are rejected early, in bounded
/// memory) while leaving room for any real document; a text that breaks them or does not parse
/// gives a <see cref="ParseFailure"/> at the place it breaks, saying which limit it was.
/// </summary>
/// <remarks>
/// JSON is read as JSON (System.Text.Json, comments and trailing commas allowed), after a token scan
/// that checks nesting and duplicate keys with their positions. YAML is read from SharpYaml's parser
/// events with the scalar typing of Microsoft.OpenApi's own YAML reader (plain scalars that parse as a
/// number or boolean are one, <c>~</c>/<c>null</c> are null, everything else is a string), so a YAML
/// document reads the same as its JSON twin.
/// </remarks>
internal static partial class DocumentParser
{
    /// <summary>Containers (objects, arrays) nested inside each other, at most. Real documents stay far below it.</summary>
    public const int MaxDepth = 256;

    /// <summary>Characters in a document, at most (128 Mi: several times the largest public API documents).</summary>
    public const int MaxLength = 128 * 1024 * 1024;

    /// <summary>Values a YAML document may expand to through aliases (<c>*anchor</c>), at most: no real document comes near it.</summary>
    public const int MaxAliasExpansion = 100_000;

    public static DocumentFormat FormatOf(string path, string text)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return DocumentFormat.Json;
        if (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)) return DocumentFormat.Yaml;
        return LooksLikeJson(text) ? DocumentFormat.Json : DocumentFormat.Yaml;
    }

    /// <summary>Whether the text starts (after whitespace and a byte order mark) like a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (c is '\uFEFF' || char.IsWhiteSpace(c)) continue;
            return c is '{' or '[';
        }
        return false;
    }

    /// <summary>The tree of <paramref name="text"/>, or null with <paramref name="failure"/> saying where and why it does not parse.</summary>
    public static JsonNode? Parse(string text, DocumentFormat format, out ParseFailure? failure, CancellationToken cancellationToken = default)
    {
        failure = null;
        if (text.Length > MaxLength)
        {
            failure = new ParseFailure(
                "the document has " + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters, more than CallsGen reads ("
                + MaxLength.ToString("N0", CultureInfo.InvariantCulture) + "); split it or drop what the client does not need", 0, 0);
            return null;
        }
        if (text.Trim().Length == 0)
        {
            failure = new ParseFailure("the file is empty", 0, 0);
            return null;
        }
        return format == DocumentFormat.Json ? ParseJson(text, out failure) : new YamlTreeBuilder(text, cancellationToken).Build(out failure);
    }

    /// <summary>
    /// The nesting limit given to the parsers themselves: above <see cref="MaxDepth"/>, so that CallsGen's own check,
    /// which says which limit was hit and where, comes first.
    /// </summary>
    internal const int ParserMaxDepth = MaxDepth + 64;

    /// <summary>How every JSON reader of a document reads it: comments skipped, trailing commas allowed.</summary>
    internal static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = ParserMaxDepth,
    };

    private static readonly JsonDocumentOptions TreeOptions = new()
    {
        CommentHandling = ReaderOptions.CommentHandling,
        AllowTrailingCommas = ReaderOptions.AllowTrailingCommas,
        MaxDepth = ReaderOptions.MaxDepth,
    };

    private static JsonNode? ParseJson(string text, out ParseFailure? failure)
    {
        // A byte order mark is not JSON; one that survived decoding is dropped (the line numbers stay the same).
        if (text[0] == '\uFEFF') text = text.Substring(1);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (!ScanJson(bytes, text, out failure)) return null;
        try
        {
            // The tree reads the bytes in place (JsonNode.Parse would copy them first); it is never disposed, so the
            // document under it stays valid as long as the tree does.
            var root = JsonDocument.Parse(bytes, TreeOptions).RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(root),
                JsonValueKind.Array => JsonArray.Create(root),
                _ => JsonValue.Create(root),
            };
        }
        catch (JsonException exception)
        {
            // The scan accepts everything the parser does; this is a safety net with the parser's own position.
            failure = new ParseFailure(PlainJsonMessage(exception.Message), (int)(exception.LineNumber ?? 0), ColumnOf(text, exception.LineNumber, exception.BytePositionInLine));
            return null;
        }
    }

    /// <summary>One pass over the tokens: syntax errors, nesting beyond <see cref="MaxDepth"/> and duplicate keys, each with its position.</summary>
    private static bool ScanJson(byte[] bytes, string text, out ParseFailure? failure)
    {
        failure = null;
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        var keys = new OpenObjectKeys(bytes);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        if (reader.CurrentDepth + 1 > MaxDepth)
                        {
                            failure = At(bytes, text, reader.TokenStartIndex, DepthMessage);
                            return false;
                        }
                        keys.Open(isObject: reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        keys.Close();
                        break;
                    case JsonTokenType.PropertyName:
                        if (!keys.Add(ref reader))
                        {
                            failure = At(bytes, text, reader.TokenStartIndex, DuplicateKeyMessage(reader.GetString()!));
                            return false;
                        }
                        break;
                }
            }
            return true;
        }
        catch (JsonException exception)
        {
            failure = new ParseFailure(PlainJsonMessage(exception.Message), (int)(exception.LineNumber ?? 0), ColumnOf(text, exception.LineNumber, exception.BytePositionInLine));
            return false;
        }
        catch (Exception exception) when (exception is InvalidOperationException or DecoderFallbackException)
        {
            // A key that is not valid UTF-8 cannot be made a string.
            failure = At(bytes, text, reader.TokenStartIndex, "a key is not valid text (invalid UTF-8)");
            return false;
        }
    }

    private static readonly string DepthMessage =
        "objects and arrays are nested more than " + MaxDepth.ToString(CultureInfo.InvariantCulture)
        + " levels deep, CallsGen's limit; a real API document needs far fewer, so this one is probably broken or hostile";

    private static string DuplicateKeyMessage(string name) =>
        "the key '" + Shorten(name) + "' appears twice in the same object; JSON and YAML leave it open which one counts, so say it once";

    // System.Text.Json ends its messages with the position, which the diagnostic already shows.
    private static string PlainJsonMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut > 0 ? message.Substring(0, cut) : message).Trim();
        return "the JSON does not parse: " + text;
    }

    private static ParseFailure At(byte[] bytes, string text, long byteOffset, string message)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < byteOffset && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new ParseFailure(message, line, Encoding.UTF8.GetCharCount(bytes, lineStart, (int)byteOffset - lineStart));
    }

    /// <summary>The character column of a zero-based byte position on a zero-based line.</summary>
    private static int ColumnOf(string text, long? line, long? bytePosition)
    {
        if (line is null || bytePosition is null) return 0;
        var start = 0;
        for (var current = 0L; current < line && start >= 0; current++)
        {
            start = text.IndexOf('\n', start);
            if (start >= 0) start++;
        }
        if (start < 0) return 0;
        var column = 0;
        var bytes = 0L;
        while (start + column < text.Length && bytes < bytePosition && text[start + column] != '\n')
        {
            var c = text[start + column];
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : char.IsSurrogate(c) ? 2 : 3;
            column++;
        }
        return column;
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";

    /// <summary>Builds the tree of a YAML document from parser events, iteratively, under the limits.</summary>
    private sealed class YamlTreeBuilder
    {
        private readonly string _text;
        private readonly CancellationToken _cancellationToken;
        private readonly Stack<Frame> _open = new();
        private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
        private JsonNode? _root;
        private bool _rootSet;
        private int _expanded;

        public YamlTreeBuilder(string text, CancellationToken cancellationToken)
        {
            _text = text;
            _cancellationToken = cancellationToken;
        }

        public JsonNode? Build(out ParseFailure? failure)
        {
            failure = null;
            // SharpYaml has a nesting limit of its own; it is set above ours so that ours, with its message, comes first.
            var parser = Parser.CreateParser(new StringReader(_text), ParserMaxDepth);
            try
            {
                while (parser.MoveNext())
                {
                    _cancellationToken.ThrowIfCancellationRequested();
                    switch (parser.Current)
                    {
                        case MappingStart start:
                            Open(new JsonObject(), start.Anchor, start.Start);
                            break;
                        case SequenceStart start:
                            Open(new JsonArray(), start.Anchor, start.Start);
                            break;
                        case MappingEnd:
                        case SequenceEnd:
                            Close();
                            break;
                        case Scalar scalar:
                            AddScalar(scalar);
                            break;
                        case AnchorAlias alias:
                            AddAlias(alias);
                            break;
                        case DocumentEnd when _rootSet:
                            return _root;
                    }
                }
                if (!_rootSet) throw new YamlException(Mark.Empty, Mark.Empty, "the file holds no YAML document");
                return _root;
            }
            catch (YamlException exception)
            {
                failure = new ParseFailure(PlainYamlMessage(exception), Math.Max(0, exception.Start.Line), Math.Max(0, exception.Start.Column));
                return null;
            }
        }

        private static string PlainYamlMessage(YamlException exception)
        {
            var message = exception.Message;
            // SharpYaml prefixes "(Lin: 3, Col: 7, Chr: 40) - (...): " to its messages; the diagnostic shows the position itself.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(", StringComparison.Ordinal) && cut > 0) message = message.Substring(cut + 3);
            return message.StartsWith("the ", StringComparison.Ordinal) || message.StartsWith("objects ", StringComparison.Ordinal) || message.StartsWith("a ", StringComparison.Ordinal)
                ? message
                : "the YAML does not parse: " + message;
        }

        private void Open(JsonNode container, string? anchor, Mark start)
        {
            if (_open.Count + 1 > MaxDepth) throw new YamlException(start, start, DepthMessage);
            _open.Push(new Frame(container, anchor, start));
        }

        private void Close()
        {
            var frame = _open.Pop();
            if (frame.PendingKey is not null) throw new YamlException(frame.Start, frame.Start, "a key has no value");
            Remember(frame.Anchor, frame.Node, frame.Count, frame.Start);
            Add(frame.Node, frame.Count, key: null, frame.Start);
        }

        private void AddScalar(Scalar scalar)
        {
            var value = ValueOf(scalar.Value, scalar.Style);
            Remember(scalar.Anchor, value, 1, scalar.Start);
            Add(value, 1, scalar.Value, scalar.Start);
        }

        private void AddAlias(AnchorAlias alias)
        {
            if (!_anchors.TryGetValue(alias.Value, out var anchored))
            {
                throw new YamlException(alias.Start, alias.End, "the alias '*" + Shorten(alias.Value) + "' names no anchor before it");
            }
            // Each use of an alias is charged its whole size, so a few lines that expand exponentially
            // ("billion laughs") stop here, long before they use memory.
            _expanded += anchored.Count;
            if (_expanded > MaxAliasExpansion)
            {
                throw new YamlException(alias.Start, alias.End,
                    "aliases (*name) expand to more than " + MaxAliasExpansion.ToString("N0", CultureInfo.InvariantCulture)
                    + " values, CallsGen's limit; a real API document needs far fewer, so this one is probably hostile");
            }
            Add(anchored.Node?.DeepClone(), anchored.Count, anchored.Key, alias.Start);
        }

        private void Remember(string? anchor, JsonNode? node, int count, Mark start)
        {
            if (string.IsNullOrEmpty(anchor)) return;
            _anchors[anchor!] = new Anchored(node, count, node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
        }

        private void Add(JsonNode? node, int count, string? key, Mark start)
        {
            if (_open.Count == 0)
            {
                if (_rootSet) throw new YamlException(start, start, "the file holds more than one YAML document; CallsGen reads one");
                _root = node;
                _rootSet = true;
                return;
            }
            var frame = _open.Peek();
            frame.Count += count;
            if (frame.Node is JsonArray array)
            {
                array.Add(node);
                return;
            }
            var map = (JsonObject)frame.Node;
            if (frame.PendingKey is null)
            {
                frame.PendingKey = key ?? throw new YamlException(start, start, "a key is an object or a list; keys must be plain text");
                frame.PendingKeyStart = start;
                return;
            }
            if (map.ContainsKey(frame.PendingKey))
            {
                throw new YamlException(frame.PendingKeyStart, frame.PendingKeyStart, DuplicateKeyMessage(frame.PendingKey));
            }
            map[frame.PendingKey] = node;
            frame.PendingKey = null;
        }

        /// <summary>The JSON value of a YAML scalar, typed as Microsoft.OpenApi's YAML reader types it.</summary>
        private static JsonNode? ValueOf(string? text, ScalarStyle style)
        {
            text ??= string.Empty;
            if (style != ScalarStyle.Plain) return JsonValue.Create(text);
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
            if (bool.TryParse(text, out var flag)) return JsonValue.Create(flag);
            if (text is "~" or "null" or "Null" or "NULL") return null;
            return JsonValue.Create(text);
        }

        private sealed class Frame
        {
            public Frame(JsonNode node, string? anchor, Mark start)
            {
                Node = node;
                Anchor = string.IsNullOrEmpty(anchor) ? null : anchor;
                Start = start;
            }

            public JsonNode Node { get; }
            public string? Anchor { get; }
            public Mark Start { get; }
            public int Count { get; set; } = 1;
            public string? PendingKey { get; set; }
            public Mark PendingKeyStart { get; set; }
        }

        private sealed class Anchored
        {
            public Anchored(JsonNode? node, int count, string? key)
            {
                Node = node;
                Count = count;
                Key = key;
            }

            public JsonNode? Node { get; }
            public int Count { get; }
            public string? Key { get; }
        }
    }
}
