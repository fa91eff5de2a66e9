// The public face of the RFC 9535 JSONPath engine: parse once (TryParse, which reports the first
// error with its position), select many times (TrySelect) over a System.Text.Json.Nodes document.
// Each match carries what a caller needs to change the document: the node, its container, its
// member name or array index, and (computed on demand) its normalized path (RFC 9535 §2.7) and
// JSON pointer. Evaluation is bounded by a JsonPathBudget: a hostile query or document ends with an
// error rather than a hang or an exhausted heap.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CallsGen.Generator.Overlays;

/// <summary>A parsed, valid JSONPath query.</summary>
internal sealed class JsonPathQuery
{
    private JsonPathQuery(string expression, PathQuery syntax)
    {
        Expression = expression;
        Syntax = syntax;
    }

    public string Expression { get; }

    /// <summary>True when the query can select at most one node whatever the document (names and indexes only).</summary>
    public bool IsSingular => Syntax.IsSingular;

    internal PathQuery Syntax { get; }

    /// <summary>Parses an expression; on failure the error says what is wrong and at which (zero-based) position.</summary>
    public static bool TryParse(string expression, out JsonPathQuery? query, out string? error) =>
        TryParse(expression, out query, out error, out _);

    /// <summary>As <see cref="TryParse(string, out JsonPathQuery?, out string?)"/>, also giving the error's zero-based position (-1 on success).</summary>
    public static bool TryParse(string expression, out JsonPathQuery? query, out string? error, out int errorPosition)
    {
        var syntax = JsonPathParser.Parse(expression, out var syntaxError);
        if (syntax is null)
        {
            query = null;
            error = syntaxError!.ToString();
            errorPosition = syntaxError.Position;
            return false;
        }
        query = new JsonPathQuery(expression, syntax);
        error = null;
        errorPosition = -1;
        return true;
    }

    /// <summary>
    /// The nodes the query selects in <paramref name="root"/>, in the order RFC 9535 gives (document
    /// order; duplicates kept). False, with no matches and a message, when the query would exceed
    /// the budget; pass one budget to several calls to bound them together.
    /// </summary>
    public bool TrySelect(JsonNode? root, out IReadOnlyList<JsonPathMatch> matches, out string? error, JsonPathBudget? budget = null)
    {
        var evaluator = new JsonPathEvaluator(root, budget ?? new JsonPathBudget());
        try
        {
            matches = evaluator.SelectFromRoot(Syntax);
            error = null;
            return true;
        }
        catch (JsonPathEvaluator.LimitException exception)
        {
            matches = Array.Empty<JsonPathMatch>();
            error = exception.Message;
            return false;
        }
    }

    /// <summary>For callers that know the document is small (tests): throws <see cref="InvalidOperationException"/> if the default budget is exceeded.</summary>
    public IReadOnlyList<JsonPathMatch> Select(JsonNode? root)
    {
        if (!TrySelect(root, out var matches, out var error)) throw new InvalidOperationException(error);
        return matches;
    }

    public override string ToString() => Expression;
}

/// <summary>
/// One selected node and where it sits. <see cref="Parent"/> is the JsonObject or JsonArray holding it
/// (null for the root), with <see cref="Name"/> or <see cref="Index"/> locating it there. A JSON null
/// member is a match whose <see cref="Node"/> is null: it exists, with the value null.
/// </summary>
internal sealed class JsonPathMatch
{
    private string? _normalizedPath;
    private string? _pointer;

    internal JsonPathMatch(JsonNode? node, JsonNode? parent, string? name, int index, JsonPathMatch? up)
    {
        Node = node;
        Parent = parent;
        Name = name;
        Index = index;
        Up = up;
    }

    /// <summary>The selected value; C# null for JSON null.</summary>
    public JsonNode? Node { get; }

    /// <summary>The object or array that holds the node; null when the node is the root.</summary>
    public JsonNode? Parent { get; }

    /// <summary>The member name when <see cref="Parent"/> is an object.</summary>
    public string? Name { get; }

    /// <summary>The index when <see cref="Parent"/> is an array; -1 otherwise.</summary>
    public int Index { get; }

    public bool IsRoot => Parent is null;

    /// <summary>The normalized path, e.g. <c>$['paths']['/call']['get']</c> (RFC 9535 §2.7).</summary>
    public string NormalizedPath => _normalizedPath ??= Build(pointer: false);

    /// <summary>The JSON pointer, e.g. <c>/paths/~1call/get</c> ("" for the root).</summary>
    public string Pointer => _pointer ??= Build(pointer: true);

    /// <summary>The match of the container, to build paths from.</summary>
    internal JsonPathMatch? Up { get; }

    private string Build(bool pointer)
    {
        var chain = new List<JsonPathMatch>();
        for (var current = this; current is not null && current.Parent is not null; current = current.Up) chain.Add(current);
        var builder = new StringBuilder(pointer ? "" : "$");
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var step = chain[i];
            if (step.Name is not null)
            {
                if (pointer) JsonValues.AppendPointerToken(builder, step.Name);
                else JsonValues.AppendNormalizedName(builder, step.Name);
            }
            else
            {
                var index = step.Index.ToString(CultureInfo.InvariantCulture);
                if (pointer) builder.Append('/').Append(index);
                else builder.Append('[').Append(index).Append(']');
            }
        }
        return builder.ToString();
    }

    public override string ToString() => NormalizedPath;
}

/// <summary>
/// How much work queries may do: nodes in one nodelist, node visits (descendant walks, filter
/// candidates, subqueries) and time in regular expressions. The visit and time allowances are spent
/// as queries run, so one budget shared by several queries bounds them together.
/// </summary>
internal sealed class JsonPathBudget
{
    /// <summary>Far above the ~50,000 nodes of a 1.7 MB OpenAPI document; about 80 MB of matches at most.</summary>
    public const int DefaultMaxNodes = 1_000_000;

    /// <summary>About a second of work (a million-node result of `$..*..*..*..*` on a 1.7 MB document takes about 5 million).</summary>
    public const long DefaultMaxVisits = 20_000_000;

    public static readonly TimeSpan DefaultRegexTime = TimeSpan.FromSeconds(1);

    public JsonPathBudget(int maxNodes = DefaultMaxNodes, long maxVisits = DefaultMaxVisits, TimeSpan? regexTime = null)
    {
        MaxNodes = maxNodes;
        VisitsLeft = maxVisits;
        RegexTimeLeft = regexTime ?? DefaultRegexTime;
    }

    public int MaxNodes { get; }

    public long VisitsLeft { get; internal set; }

    public TimeSpan RegexTimeLeft { get; internal set; }
}
