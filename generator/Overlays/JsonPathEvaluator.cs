// Evaluates a parsed JSONPath query (RFC 9535 §2) over a System.Text.Json.Nodes document. Segments
// turn a nodelist into the next one (§2.1.2); descendant segments walk the tree with an explicit
// stack in document order, each node before its descendants (§2.5.2.2); filters test each child
// (§2.3.5) with comparisons that know "Nothing" (an absent value, unlike JSON null). Absolute
// queries inside filters do not depend on the current node, so each is evaluated once per selection.
// Every node visited and every node selected is charged to a JsonPathBudget.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CallsGen.Generator.Overlays;

internal sealed class JsonPathEvaluator
{
    /// <summary>No single regular expression match may run longer than this, whatever the budget left.</summary>
    private static readonly TimeSpan MaxMatchTime = TimeSpan.FromMilliseconds(250);

    private readonly JsonPathMatch _root;
    private readonly JsonPathBudget _budget;
    private Dictionary<PathQuery, List<JsonPathMatch>>? _absoluteResults;
    private Dictionary<string, Regex?>? _regexes;

    public JsonPathEvaluator(JsonNode? root, JsonPathBudget budget)
    {
        _root = new JsonPathMatch(root, null, null, -1, null);
        _budget = budget;
    }

    public List<JsonPathMatch> SelectFromRoot(PathQuery query) => Select(query, _root);

    private List<JsonPathMatch> Select(PathQuery query, JsonPathMatch start)
    {
        var current = new List<JsonPathMatch> { start };
        foreach (var segment in query.Segments)
        {
            var next = new List<JsonPathMatch>();
            foreach (var input in current)
            {
                if (segment.IsDescendant) Descend(segment, input, next);
                else ApplySelectors(segment, input, next);
            }
            current = next;
            if (current.Count == 0) break;
        }
        return current;
    }

    private void ApplySelectors(PathSegment segment, JsonPathMatch input, List<JsonPathMatch> output)
    {
        foreach (var selector in segment.Selectors) ApplySelector(selector, input, output);
    }

    // The input node, then each descendant, in document order with each node before its descendants;
    // the selectors are applied to each in turn and the results concatenated (RFC 9535 §2.5.2.2).
    // The matches made for the walk are the ones a wildcard selects, so `..*` allocates each once.
    private void Descend(PathSegment segment, JsonPathMatch input, List<JsonPathMatch> output)
    {
        var pending = new Stack<JsonPathMatch>();
        var children = new List<JsonPathMatch>();
        pending.Push(input);
        while (pending.Count > 0)
        {
            var visited = pending.Pop();
            Visit();
            children.Clear();
            if (visited.Node is JsonObject obj)
            {
                foreach (var member in obj) children.Add(new JsonPathMatch(member.Value, obj, member.Key, -1, visited));
            }
            else if (visited.Node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++) children.Add(new JsonPathMatch(array[i], array, null, i, visited));
            }
            foreach (var selector in segment.Selectors)
            {
                if (selector is WildcardSelector)
                {
                    foreach (var child in children) Add(output, child);
                }
                else
                {
                    ApplySelector(selector, visited, output);
                }
            }
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
    }

    private void ApplySelector(PathSelector selector, JsonPathMatch input, List<JsonPathMatch> output)
    {
        switch (selector)
        {
            case NameSelector name:
                if (input.Node is JsonObject named && named.TryGetPropertyValue(name.Name, out var value))
                {
                    Add(output, new JsonPathMatch(value, named, name.Name, -1, input));
                }
                break;
            case WildcardSelector:
                if (input.Node is JsonObject all)
                {
                    foreach (var member in all) Add(output, new JsonPathMatch(member.Value, all, member.Key, -1, input));
                }
                else if (input.Node is JsonArray items)
                {
                    for (var i = 0; i < items.Count; i++) Add(output, new JsonPathMatch(items[i], items, null, i, input));
                }
                break;
            case IndexSelector index:
                if (input.Node is JsonArray indexed)
                {
                    var at = index.Index >= 0 ? index.Index : indexed.Count + index.Index;
                    if (at >= 0 && at < indexed.Count) Add(output, new JsonPathMatch(indexed[(int)at], indexed, null, (int)at, input));
                }
                break;
            case SliceSelector slice:
                if (input.Node is JsonArray sliced) Slice(slice, sliced, input, output);
                break;
            case FilterSelector filter:
                Filter(filter.Expression, input, output);
                break;
            default:
                throw new InvalidOperationException("Unknown selector " + selector.GetType().Name);
        }
    }

    // RFC 9535 §2.3.4.2.2: defaults by the sign of step, normalization of negative bounds, then bounds clamped to the array.
    private void Slice(SliceSelector slice, JsonArray array, JsonPathMatch input, List<JsonPathMatch> output)
    {
        long length = array.Count;
        var step = slice.Step ?? 1;
        if (step == 0) return;
        var start = slice.Start ?? (step >= 0 ? 0 : length - 1);
        var end = slice.End ?? (step >= 0 ? length : -length - 1);
        var normalizedStart = start >= 0 ? start : length + start;
        var normalizedEnd = end >= 0 ? end : length + end;
        if (step > 0)
        {
            var lower = Math.Min(Math.Max(normalizedStart, 0), length);
            var upper = Math.Min(Math.Max(normalizedEnd, 0), length);
            for (var i = lower; i < upper; i += step) Add(output, new JsonPathMatch(array[(int)i], array, null, (int)i, input));
        }
        else
        {
            var upper = Math.Min(Math.Max(normalizedStart, -1), length - 1);
            var lower = Math.Min(Math.Max(normalizedEnd, -1), length - 1);
            for (var i = upper; lower < i; i += step) Add(output, new JsonPathMatch(array[(int)i], array, null, (int)i, input));
        }
    }

    private void Filter(LogicalExpression expression, JsonPathMatch input, List<JsonPathMatch> output)
    {
        if (input.Node is JsonObject obj)
        {
            foreach (var member in obj)
            {
                Visit();
                var candidate = new JsonPathMatch(member.Value, obj, member.Key, -1, input);
                if (Test(expression, candidate)) Add(output, candidate);
            }
        }
        else if (input.Node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Visit();
                var candidate = new JsonPathMatch(array[i], array, null, i, input);
                if (Test(expression, candidate)) Add(output, candidate);
            }
        }
    }

    private bool Test(LogicalExpression expression, JsonPathMatch current)
    {
        switch (expression)
        {
            case OrExpression or:
                foreach (var operand in or.Operands)
                {
                    if (Test(operand, current)) return true;
                }
                return false;
            case AndExpression and:
                foreach (var operand in and.Operands)
                {
                    if (!Test(operand, current)) return false;
                }
                return true;
            case NotExpression not:
                return !Test(not.Operand, current);
            case ExistenceTest exists:
                return Exists(exists.Query, current);
            case ComparisonExpression comparison:
                return Compare(ValueOf(comparison.Left, current), comparison.Operator, ValueOf(comparison.Right, current));
            case FunctionTest function:
                return MatchFunction(function.Call, current);
            default:
                throw new InvalidOperationException("Unknown expression " + expression.GetType().Name);
        }
    }

    private bool Exists(PathQuery query, JsonPathMatch current)
    {
        if (query.IsSingular) return Resolve(query, current, out _);
        return Nodes(query, current).Count > 0;
    }

    private List<JsonPathMatch> Nodes(PathQuery query, JsonPathMatch current)
    {
        if (query.IsRelative) return Select(query, current);
        _absoluteResults ??= new Dictionary<PathQuery, List<JsonPathMatch>>();
        if (!_absoluteResults.TryGetValue(query, out var results)) _absoluteResults[query] = results = Select(query, _root);
        return results;
    }

    /// <summary>Follows a singular query without allocating; false when it selects nothing.</summary>
    private bool Resolve(PathQuery query, JsonPathMatch current, out JsonNode? value)
    {
        value = query.IsRelative ? current.Node : _root.Node;
        foreach (var segment in query.Segments)
        {
            Visit();
            switch (segment.Selectors[0])
            {
                case NameSelector name:
                    if (value is not JsonObject obj || !obj.TryGetPropertyValue(name.Name, out value)) return false;
                    break;
                case IndexSelector index:
                    if (value is not JsonArray array) return false;
                    var at = index.Index >= 0 ? index.Index : array.Count + index.Index;
                    if (at < 0 || at >= array.Count) return false;
                    value = array[(int)at];
                    break;
                default:
                    throw new InvalidOperationException("A singular query has only name and index selectors.");
            }
        }
        return true;
    }

    /// <summary>A value, or Nothing (<see cref="Value.Exists"/> false) when a query selects no node.</summary>
    private readonly struct Value
    {
        public static readonly Value Nothing = default;

        public Value(JsonNode? node)
        {
            Exists = true;
            Node = node;
        }

        public bool Exists { get; }

        public JsonNode? Node { get; }
    }

    private Value ValueOf(ValueOperand operand, JsonPathMatch current)
    {
        switch (operand)
        {
            case LiteralOperand literal:
                return new Value(literal.Value);
            case QueryOperand query:
                return Resolve(query.Query, current, out var node) ? new Value(node) : Value.Nothing;
            case FunctionOperand function:
                return CallValueFunction(function.Call, current);
            default:
                throw new InvalidOperationException("Unknown operand " + operand.GetType().Name);
        }
    }

    private Value CallValueFunction(FunctionCall call, JsonPathMatch current)
    {
        switch (call.Function)
        {
            case PathFunction.Length:
                var argument = ValueOf((ValueOperand)call.Arguments[0], current);
                if (!argument.Exists) return Value.Nothing;
                return argument.Node switch
                {
                    JsonObject obj => new Value(JsonValue.Create(obj.Count)),
                    JsonArray array => new Value(JsonValue.Create(array.Count)),
                    _ when JsonValues.GetString(argument.Node) is { } text => new Value(JsonValue.Create(JsonValues.CountScalars(text))),
                    _ => Value.Nothing,
                };
            case PathFunction.Count:
                var counted = (PathQuery)call.Arguments[0];
                var count = counted.IsSingular ? (Resolve(counted, current, out _) ? 1 : 0) : Nodes(counted, current).Count;
                return new Value(JsonValue.Create(count));
            case PathFunction.Value:
                var query = (PathQuery)call.Arguments[0];
                if (query.IsSingular) return Resolve(query, current, out var single) ? new Value(single) : Value.Nothing;
                var nodes = Nodes(query, current);
                return nodes.Count == 1 ? new Value(nodes[0].Node) : Value.Nothing;
            default:
                throw new InvalidOperationException(call.Function + " does not give a value.");
        }
    }

    // RFC 9535 §2.4.6 and §2.4.7: false unless both arguments are strings and the second is an I-Regexp.
    private bool MatchFunction(FunctionCall call, JsonPathMatch current)
    {
        var text = JsonValues.GetString(ValueOf((ValueOperand)call.Arguments[0], current).Node);
        var pattern = JsonValues.GetString(ValueOf((ValueOperand)call.Arguments[1], current).Node);
        if (text is null || pattern is null) return false;
        var whole = call.Function == PathFunction.Match;
        var regex = RegexFor(pattern, whole);
        if (regex is null) return false;
        var clock = Stopwatch.StartNew();
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new LimitException("the regular expression \"" + pattern + "\" took too long to run");
        }
        finally
        {
            _budget.RegexTimeLeft -= clock.Elapsed;
            if (_budget.RegexTimeLeft <= TimeSpan.Zero) throw new LimitException("regular expressions in the query ran for longer than allowed");
        }
    }

    private Regex? RegexFor(string pattern, bool whole)
    {
        _regexes ??= new Dictionary<string, Regex?>(StringComparer.Ordinal);
        var key = (whole ? "m" : "s") + pattern;
        if (_regexes.TryGetValue(key, out var cached)) return cached;
        var translated = IRegexp.Translate(pattern, out var status);
        if (status == IRegexpStatus.Unsupported)
        {
            throw new LimitException("the regular expression \"" + pattern + "\" uses a character above U+FFFF inside brackets, which this implementation does not support");
        }
        Regex? regex = null;
        if (translated is not null)
        {
            var timeout = _budget.RegexTimeLeft < MaxMatchTime ? _budget.RegexTimeLeft : MaxMatchTime;
            if (timeout <= TimeSpan.Zero) timeout = TimeSpan.FromMilliseconds(1);
            try
            {
                regex = new Regex(whole ? @"\A(?:" + translated + @")\z" : translated, RegexOptions.CultureInvariant, timeout);
            }
            catch (ArgumentException)
            {
                // Well-formed for I-Regexp but refused by .NET (e.g. {3,1}): not a usable I-Regexp, so false.
            }
        }
        _regexes[key] = regex;
        return regex;
    }

    // RFC 9535 §2.3.5.2.2: == and < first; Nothing equals only Nothing and orders against nothing.
    private static bool Compare(Value left, ComparisonOperator op, Value right) => op switch
    {
        ComparisonOperator.Equal => AreEqual(left, right),
        ComparisonOperator.NotEqual => !AreEqual(left, right),
        ComparisonOperator.Less => IsLess(left, right),
        ComparisonOperator.LessOrEqual => IsLess(left, right) || AreEqual(left, right),
        ComparisonOperator.Greater => IsLess(right, left),
        ComparisonOperator.GreaterOrEqual => IsLess(right, left) || AreEqual(left, right),
        _ => throw new InvalidOperationException("Unknown operator " + op),
    };

    private static bool AreEqual(Value left, Value right)
    {
        if (!left.Exists || !right.Exists) return !left.Exists && !right.Exists;
        return JsonValues.DeepEquals(left.Node, right.Node);
    }

    private static bool IsLess(Value left, Value right)
    {
        if (!left.Exists || !right.Exists) return false;
        var kind = JsonValues.KindOf(left.Node);
        if (kind != JsonValues.KindOf(right.Node)) return false;
        if (kind == JsonValueKind.Number)
        {
            return JsonValues.TryGetNumber(left.Node, out var x) && JsonValues.TryGetNumber(right.Node, out var y) && x < y;
        }
        if (kind == JsonValueKind.String)
        {
            return JsonValues.CompareScalars(JsonValues.GetString(left.Node)!, JsonValues.GetString(right.Node)!) < 0;
        }
        return false;
    }

    private void Add(List<JsonPathMatch> output, JsonPathMatch match)
    {
        if (output.Count >= _budget.MaxNodes)
        {
            throw new LimitException("the query selects more than " + _budget.MaxNodes.ToString(CultureInfo.InvariantCulture) + " nodes");
        }
        Visit();
        output.Add(match);
    }

    private void Visit()
    {
        if (--_budget.VisitsLeft < 0) throw new LimitException("the query visits too many nodes (the allowance is spent); narrow it, e.g. avoid '..' after '..'");
    }

    /// <summary>Unwinds an evaluation that exceeds its budget; caught by <see cref="JsonPathQuery.TrySelect"/> only.</summary>
    internal sealed class LimitException : Exception
    {
        public LimitException(string message)
            : base(message)
        {
        }
    }
}
