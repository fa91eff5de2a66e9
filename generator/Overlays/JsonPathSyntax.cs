// The parsed form of an RFC 9535 JSONPath query: an identifier ($ or @) and segments of selectors;
// filter selectors hold logical expressions over comparisons, existence tests and function calls.
// Built only by JsonPathParser, which has already checked well-formedness and well-typedness
// (RFC 9535 §2.1, §2.4.3), so the evaluator never meets an ill-typed tree.

using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace CallsGen.Generator.Overlays;

/// <summary>A query: <c>$</c> or <c>@</c> followed by segments. Singular when every segment is a child segment with one name or index selector.</summary>
internal sealed class PathQuery
{
    public PathQuery(bool isRelative, IReadOnlyList<PathSegment> segments)
    {
        IsRelative = isRelative;
        Segments = segments;
        var singular = true;
        foreach (var segment in segments)
        {
            if (segment.IsDescendant || segment.Selectors.Count != 1 || segment.Selectors[0] is not (NameSelector or IndexSelector)) singular = false;
        }
        IsSingular = singular;
    }

    /// <summary>Starts at the current node <c>@</c> (only inside filters) rather than the root <c>$</c>.</summary>
    public bool IsRelative { get; }

    public IReadOnlyList<PathSegment> Segments { get; }

    /// <summary>Selects at most one node whatever the document (RFC 9535 §2.3.5.1 singular-query), so it can be compared.</summary>
    public bool IsSingular { get; }
}

/// <summary>A child segment (<c>[...]</c>, <c>.name</c>, <c>.*</c>) or a descendant segment (<c>..[...]</c>).</summary>
internal sealed class PathSegment
{
    public PathSegment(bool isDescendant, IReadOnlyList<PathSelector> selectors)
    {
        IsDescendant = isDescendant;
        Selectors = selectors;
    }

    public bool IsDescendant { get; }

    public IReadOnlyList<PathSelector> Selectors { get; }
}

internal abstract class PathSelector
{
}

internal sealed class NameSelector : PathSelector
{
    public NameSelector(string name) => Name = name;

    public string Name { get; }
}

internal sealed class WildcardSelector : PathSelector
{
    public static readonly WildcardSelector Instance = new();

    private WildcardSelector()
    {
    }
}

internal sealed class IndexSelector : PathSelector
{
    public IndexSelector(long index) => Index = index;

    public long Index { get; }
}

internal sealed class SliceSelector : PathSelector
{
    public SliceSelector(long? start, long? end, long? step)
    {
        Start = start;
        End = end;
        Step = step;
    }

    public long? Start { get; }
    public long? End { get; }
    public long? Step { get; }
}

internal sealed class FilterSelector : PathSelector
{
    public FilterSelector(LogicalExpression expression) => Expression = expression;

    public LogicalExpression Expression { get; }
}

/// <summary>An expression with a logical (true/false) result: what a filter tests.</summary>
internal abstract class LogicalExpression
{
}

internal sealed class OrExpression : LogicalExpression
{
    public OrExpression(IReadOnlyList<LogicalExpression> operands) => Operands = operands;

    public IReadOnlyList<LogicalExpression> Operands { get; }
}

internal sealed class AndExpression : LogicalExpression
{
    public AndExpression(IReadOnlyList<LogicalExpression> operands) => Operands = operands;

    public IReadOnlyList<LogicalExpression> Operands { get; }
}

internal sealed class NotExpression : LogicalExpression
{
    public NotExpression(LogicalExpression operand) => Operand = operand;

    public LogicalExpression Operand { get; }
}

/// <summary>A query used as a test: true when it selects at least one node (RFC 9535 §2.3.5.2.1).</summary>
internal sealed class ExistenceTest : LogicalExpression
{
    public ExistenceTest(PathQuery query) => Query = query;

    public PathQuery Query { get; }
}

/// <summary>A function whose result is logical (match, search) used as a test.</summary>
internal sealed class FunctionTest : LogicalExpression
{
    public FunctionTest(FunctionCall call) => Call = call;

    public FunctionCall Call { get; }
}

internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed class ComparisonExpression : LogicalExpression
{
    public ComparisonExpression(ValueOperand left, ComparisonOperator op, ValueOperand right)
    {
        Left = left;
        Operator = op;
        Right = right;
    }

    public ValueOperand Left { get; }
    public ComparisonOperator Operator { get; }
    public ValueOperand Right { get; }
}

/// <summary>Something with a value (or Nothing): a literal, a singular query or a value-typed function.</summary>
internal abstract class ValueOperand
{
}

internal sealed class LiteralOperand : ValueOperand
{
    public LiteralOperand(JsonNode? value) => Value = value;

    /// <summary>The literal; C# null is JSON null.</summary>
    public JsonNode? Value { get; }
}

internal sealed class QueryOperand : ValueOperand
{
    public QueryOperand(PathQuery query) => Query = query;

    public PathQuery Query { get; }
}

internal sealed class FunctionOperand : ValueOperand
{
    public FunctionOperand(FunctionCall call) => Call = call;

    public FunctionCall Call { get; }
}

/// <summary>The function extensions of RFC 9535 §2.4.4 to §2.4.8.</summary>
internal enum PathFunction
{
    Length,
    Count,
    Match,
    Search,
    Value,
}

/// <summary>A call; each argument is a <see cref="ValueOperand"/> (ValueType parameter) or a <see cref="PathQuery"/> (NodesType parameter).</summary>
internal sealed class FunctionCall
{
    public FunctionCall(PathFunction function, IReadOnlyList<object> arguments)
    {
        Function = function;
        Arguments = arguments;
    }

    public PathFunction Function { get; }

    public IReadOnlyList<object> Arguments { get; }
}
