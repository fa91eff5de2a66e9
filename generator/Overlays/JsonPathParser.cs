// A recursive-descent parser for RFC 9535 JSONPath queries (the ABNF of §2.1 to §2.7), producing the
// tree in JsonPathSyntax.cs. It checks well-formedness and well-typedness (§2.4.3) so that every
// query it accepts can be evaluated without further errors; the first problem stops it with a
// message and the zero-based position in the expression. Nesting (filters, parentheses, function
// calls) is bounded so that a hostile expression cannot overflow the stack.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CallsGen.Generator.Overlays;

/// <summary>Why an expression is not a valid query, and where (zero-based index into the expression).</summary>
internal sealed class JsonPathSyntaxError
{
    public JsonPathSyntaxError(int position, string message)
    {
        Position = position;
        Message = message;
    }

    public int Position { get; }

    public string Message { get; }

    public override string ToString() => Message + " (at position " + Position.ToString(CultureInfo.InvariantCulture) + ")";
}

internal sealed class JsonPathParser
{
    /// <summary>Deepest nesting of filters, parentheses and function calls accepted; far beyond any real target.</summary>
    internal const int MaxNesting = 64;

    /// <summary>2^53 - 1: integers must be in the I-JSON exact range (RFC 9535 §2.1).</summary>
    private const long MaxExactInteger = 9007199254740991;

    private readonly string _text;
    private int _pos;
    private int _depth;

    private JsonPathParser(string text) => _text = text;

    public static PathQuery? Parse(string text, out JsonPathSyntaxError? error)
    {
        var parser = new JsonPathParser(text);
        try
        {
            var query = parser.ParseQuery();
            error = null;
            return query;
        }
        catch (SyntaxException exception)
        {
            error = new JsonPathSyntaxError(exception.Position, exception.Message);
            return null;
        }
    }

    private PathQuery ParseQuery()
    {
        if (_text.Length == 0) throw Fail(0, "the query is empty; a JSONPath query starts with '$'");
        if (_text[0] != '$')
        {
            throw Fail(0, IsBlank(_text[0]) ? "a query may not start with blank space; it must start with '$'" : "a query must start with '$', not " + Describe(0));
        }
        _pos = 1;
        var segments = ParseSegments();
        if (_pos < _text.Length)
        {
            var rest = _pos;
            while (rest < _text.Length && IsBlank(_text[rest])) rest++;
            throw Fail(_pos, rest == _text.Length ? "a query may not end with blank space" : "unexpected " + Describe(_pos) + " after the end of the query");
        }
        return new PathQuery(false, segments);
    }

    // segments = *(S segment): blank space before a segment belongs to it only when a segment follows.
    private List<PathSegment> ParseSegments()
    {
        var segments = new List<PathSegment>();
        while (true)
        {
            var save = _pos;
            SkipBlanks();
            if (At('['))
            {
                segments.Add(new PathSegment(false, ParseBracketed()));
            }
            else if (At('.') && At(1, '.'))
            {
                _pos += 2;
                segments.Add(new PathSegment(true, At('[') ? ParseBracketed() : ParseShorthand("'..'")));
            }
            else if (At('.'))
            {
                _pos++;
                segments.Add(new PathSegment(false, ParseShorthand("'.'")));
            }
            else
            {
                _pos = save;
                return segments;
            }
        }
    }

    private PathSelector[] ParseShorthand(string after)
    {
        if (At('*'))
        {
            _pos++;
            return new PathSelector[] { WildcardSelector.Instance };
        }
        if (!IsNameFirstAt(_pos))
        {
            var found = _pos < _text.Length && IsBlank(_text[_pos]) ? "blank space (not allowed there)" : Describe(_pos);
            var hint = _pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '-') ? "; a name starting with a digit or '-' needs brackets and quotes, e.g. ['1a']" : "";
            throw Fail(_pos, "expected a member name or '*' after " + after + " but found " + found + hint);
        }
        var start = _pos;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c < 0x80)
            {
                if (!(IsAsciiLetter(c) || c == '_' || c >= '0' && c <= '9')) break;
                _pos++;
            }
            else if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
            {
                _pos += 2;
            }
            else if (char.IsSurrogate(c))
            {
                throw Fail(_pos, "unpaired surrogate in a member name");
            }
            else
            {
                _pos++;
            }
        }
        return new PathSelector[] { new NameSelector(_text.Substring(start, _pos - start)) };
    }

    private bool IsNameFirstAt(int at)
    {
        if (at >= _text.Length) return false;
        var c = _text[at];
        if (c < 0x80) return IsAsciiLetter(c) || c == '_';
        if (char.IsHighSurrogate(c)) return at + 1 < _text.Length && char.IsLowSurrogate(_text[at + 1]);
        return !char.IsLowSurrogate(c);
    }

    // bracketed-selection = "[" S selector *(S "," S selector) S "]"
    private List<PathSelector> ParseBracketed()
    {
        var open = _pos;
        _pos++;
        SkipBlanks();
        var selectors = new List<PathSelector> { ParseSelector() };
        while (true)
        {
            SkipBlanks();
            if (At(','))
            {
                _pos++;
                SkipBlanks();
                selectors.Add(ParseSelector());
            }
            else if (At(']'))
            {
                _pos++;
                return selectors;
            }
            else if (_pos >= _text.Length)
            {
                throw Fail(_pos, "expected ']' to close the '[' at position " + open.ToString(CultureInfo.InvariantCulture) + " but the expression ended");
            }
            else
            {
                throw Fail(_pos, "expected ',' or ']' but found " + Describe(_pos));
            }
        }
    }

    private PathSelector ParseSelector()
    {
        if (_pos >= _text.Length) throw Fail(_pos, "expected a selector but the expression ended");
        var c = _text[_pos];
        switch (c)
        {
            case '\'':
            case '"':
                return new NameSelector(ParseString());
            case '*':
                _pos++;
                return WildcardSelector.Instance;
            case '?':
                _pos++;
                SkipBlanks();
                return new FilterSelector(ParseOr());
            case ']':
                throw Fail(_pos, "expected a selector (a quoted name, '*', an index, a slice or a '?' filter) but found ']'");
        }
        if (c == '-' || c == ':' || c >= '0' && c <= '9') return ParseIndexOrSlice();
        if (IsNameFirstAt(_pos)) throw Fail(_pos, "a member name inside brackets must be quoted, e.g. ['name']");
        throw Fail(_pos, "expected a selector (a quoted name, '*', an index, a slice or a '?' filter) but found " + Describe(_pos));
    }

    // index-selector = int; slice-selector = [start S] ":" S [end S] [":" [S step]]
    private PathSelector ParseIndexOrSlice()
    {
        long? start = null;
        if (!At(':')) start = ParseInteger();
        var afterStart = _pos;
        SkipBlanks();
        if (!At(':'))
        {
            _pos = afterStart;
            return new IndexSelector(start!.Value);
        }
        _pos++;
        SkipBlanks();
        long? end = null;
        if (AtIntegerStart()) end = ParseInteger();
        var save = _pos;
        SkipBlanks();
        long? step = null;
        if (At(':'))
        {
            _pos++;
            SkipBlanks();
            if (AtIntegerStart()) step = ParseInteger();
        }
        else
        {
            _pos = save;
        }
        return new SliceSelector(start, end, step);
    }

    private bool AtIntegerStart() => _pos < _text.Length && (_text[_pos] == '-' || _text[_pos] >= '0' && _text[_pos] <= '9');

    // int = "0" / (["-"] DIGIT1 *DIGIT), within the I-JSON exact range
    private long ParseInteger()
    {
        var start = _pos;
        var negative = false;
        if (At('-'))
        {
            negative = true;
            _pos++;
        }
        if (!AtDigit()) throw Fail(_pos, "expected a digit but found " + Describe(_pos));
        if (_text[_pos] == '0')
        {
            _pos++;
            if (negative) throw Fail(start, "-0 is not a valid index; write 0");
            if (AtDigit()) throw Fail(start, "integers may not have leading zeros");
            return 0;
        }
        long value = 0;
        while (AtDigit())
        {
            value = value * 10 + (_text[_pos] - '0');
            if (value > MaxExactInteger) throw Fail(start, "integer out of range: indexes and steps must lie within ±(2^53-1)");
            _pos++;
        }
        return negative ? -value : value;
    }

    // string-literal with the escapes of RFC 9535 §2.3.1.1; a quote needs escaping only inside its own kind of quotes.
    private string ParseString()
    {
        var quote = _text[_pos];
        var open = _pos;
        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Fail(open, "unterminated string: no closing " + quote + " for the one at position " + open.ToString(CultureInfo.InvariantCulture));
            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return builder.ToString();
            }
            if (c == '\\')
            {
                ParseEscape(quote, builder);
                continue;
            }
            if (c < 0x20) throw Fail(_pos, "control character " + Describe(_pos) + " must be escaped in a string");
            if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
            {
                builder.Append(c).Append(_text[_pos + 1]);
                _pos += 2;
                continue;
            }
            if (char.IsSurrogate(c)) throw Fail(_pos, "unpaired surrogate in a string");
            builder.Append(c);
            _pos++;
        }
    }

    private void ParseEscape(char quote, StringBuilder builder)
    {
        var at = _pos;
        _pos++;
        if (_pos >= _text.Length) throw Fail(at, "unfinished escape sequence at the end of the expression");
        var c = _text[_pos];
        _pos++;
        switch (c)
        {
            case 'b': builder.Append('\b'); return;
            case 'f': builder.Append('\f'); return;
            case 'n': builder.Append('\n'); return;
            case 'r': builder.Append('\r'); return;
            case 't': builder.Append('\t'); return;
            case '/': builder.Append('/'); return;
            case '\\': builder.Append('\\'); return;
            case '\'':
            case '"':
                if (c != quote) throw Fail(at, "\\" + c + " is only allowed inside " + (c == '\'' ? "single" : "double") + "-quoted strings; write " + c + " unescaped here");
                builder.Append(c);
                return;
            case 'u':
                var unit = ReadHex4(at);
                if (unit >= 0xDC00 && unit <= 0xDFFF) throw Fail(at, "\\u escape of a low surrogate without a high surrogate before it");
                if (unit >= 0xD800 && unit <= 0xDBFF)
                {
                    if (!(At('\\') && At(1, 'u'))) throw Fail(at, "\\u escape of a high surrogate must be followed by a \\u escape of a low surrogate");
                    var second = _pos;
                    _pos += 2;
                    var low = ReadHex4(second);
                    if (low < 0xDC00 || low > 0xDFFF) throw Fail(second, "\\u escape of a high surrogate must be followed by a \\u escape of a low surrogate");
                    builder.Append((char)unit).Append((char)low);
                    return;
                }
                builder.Append((char)unit);
                return;
            default:
                throw Fail(at, "invalid escape sequence \\" + (c < 0x20 ? "" : c.ToString()) + "; allowed are \\b \\f \\n \\r \\t \\/ \\\\ \\uXXXX and the escaped quote");
        }
    }

    private int ReadHex4(int escapeStart)
    {
        if (_pos + 4 > _text.Length) throw Fail(escapeStart, "\\u must be followed by four hexadecimal digits");
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var c = _text[_pos + i];
            int digit;
            if (c >= '0' && c <= '9') digit = c - '0';
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            else throw Fail(escapeStart, "\\u must be followed by four hexadecimal digits");
            value = value * 16 + digit;
        }
        _pos += 4;
        return value;
    }

    // logical-or-expr = logical-and-expr *(S "||" S logical-and-expr)
    private LogicalExpression ParseOr() => ContinueOr(ParseAnd());

    private LogicalExpression ContinueOr(LogicalExpression first)
    {
        List<LogicalExpression>? operands = null;
        while (true)
        {
            var save = _pos;
            SkipBlanks();
            if (!(At('|') && At(1, '|')))
            {
                _pos = save;
                break;
            }
            _pos += 2;
            SkipBlanks();
            operands ??= new List<LogicalExpression> { first };
            operands.Add(ParseAnd());
        }
        return operands is null ? first : new OrExpression(operands);
    }

    // logical-and-expr = basic-expr *(S "&&" S basic-expr)
    private LogicalExpression ParseAnd() => ContinueAnd(ParseBasic());

    private LogicalExpression ContinueAnd(LogicalExpression first)
    {
        List<LogicalExpression>? operands = null;
        while (true)
        {
            var save = _pos;
            SkipBlanks();
            if (!(At('&') && At(1, '&')))
            {
                _pos = save;
                break;
            }
            _pos += 2;
            SkipBlanks();
            operands ??= new List<LogicalExpression> { first };
            operands.Add(ParseBasic());
        }
        return operands is null ? first : new AndExpression(operands);
    }

    // basic-expr = paren-expr / comparison-expr / test-expr; '!' applies to a paren-expr or a test-expr only.
    private LogicalExpression ParseBasic()
    {
        Enter();
        LogicalExpression result;
        if (At('!'))
        {
            _pos++;
            SkipBlanks();
            LogicalExpression operand;
            if (At('('))
            {
                operand = ParseParenthesized();
            }
            else
            {
                var start = _pos;
                if (At('!')) throw Fail(_pos, "'!' may not be repeated; write !(!...) with parentheses");
                operand = ToTest(ParsePrimary(), start);
            }
            RejectComparison("'!' applies to a test or a parenthesized expression, not to a comparison; to negate a comparison write !(a == b)");
            result = new NotExpression(operand);
        }
        else if (At('('))
        {
            result = ParseParenthesized();
            RejectComparison("a parenthesized expression is true or false, which cannot be compared");
        }
        else
        {
            var start = _pos;
            result = ContinueBasic(ParsePrimary(), start);
        }
        _depth--;
        return result;
    }

    private LogicalExpression ParseParenthesized()
    {
        var open = _pos;
        _pos++;
        SkipBlanks();
        var inner = ParseOr();
        SkipBlanks();
        if (!At(')'))
        {
            throw Fail(_pos, _pos >= _text.Length
                ? "expected ')' to close the '(' at position " + open.ToString(CultureInfo.InvariantCulture) + " but the expression ended"
                : "expected ')' to close the '(' at position " + open.ToString(CultureInfo.InvariantCulture) + " but found " + Describe(_pos));
        }
        _pos++;
        return inner;
    }

    /// <summary>After a literal, query or function call: a comparison if an operator follows, else a test.</summary>
    private LogicalExpression ContinueBasic(object primary, int start)
    {
        var save = _pos;
        SkipBlanks();
        if (!TryReadComparisonOperator(out var op))
        {
            _pos = save;
            return ToTest(primary, start);
        }
        var left = ToComparable(primary, start);
        SkipBlanks();
        var rightStart = _pos;
        var right = ToComparable(ParsePrimary(), rightStart);
        RejectComparison("comparisons cannot be chained; combine them with && or ||");
        return new ComparisonExpression(left, op, right);
    }

    private void RejectComparison(string message)
    {
        var save = _pos;
        SkipBlanks();
        var at = _pos;
        if (TryReadComparisonOperator(out _)) throw Fail(at, message);
        _pos = save;
    }

    private bool TryReadComparisonOperator(out ComparisonOperator op)
    {
        op = ComparisonOperator.Equal;
        if (_pos >= _text.Length) return false;
        var c = _text[_pos];
        var next = _pos + 1 < _text.Length ? _text[_pos + 1] : '\0';
        switch (c)
        {
            case '=':
                if (next != '=') throw Fail(_pos, "'=' is not an operator; compare with '=='");
                op = ComparisonOperator.Equal;
                _pos += 2;
                return true;
            case '!':
                if (next != '=') return false;
                op = ComparisonOperator.NotEqual;
                _pos += 2;
                return true;
            case '<':
                op = next == '=' ? ComparisonOperator.LessOrEqual : ComparisonOperator.Less;
                _pos += next == '=' ? 2 : 1;
                return true;
            case '>':
                op = next == '=' ? ComparisonOperator.GreaterOrEqual : ComparisonOperator.Greater;
                _pos += next == '=' ? 2 : 1;
                return true;
            default:
                return false;
        }
    }

    /// <summary>A literal (<see cref="LiteralOperand"/>), a query (<see cref="PathQuery"/>) or a function call (<see cref="FunctionCall"/>).</summary>
    private object ParsePrimary()
    {
        if (_pos >= _text.Length) throw Fail(_pos, "expected a query (@ or $), a literal or a function call but the expression ended");
        var c = _text[_pos];
        if (c == '@' || c == '$')
        {
            _pos++;
            return new PathQuery(c == '@', ParseSegments());
        }
        if (c == '\'' || c == '"') return new LiteralOperand(JsonValue.Create(ParseString()));
        if (c == '-' || c >= '0' && c <= '9') return new LiteralOperand(ParseNumber());
        if (c >= 'a' && c <= 'z')
        {
            var start = _pos;
            while (_pos < _text.Length && (_text[_pos] >= 'a' && _text[_pos] <= 'z' || _text[_pos] == '_' || _text[_pos] >= '0' && _text[_pos] <= '9')) _pos++;
            var name = _text.Substring(start, _pos - start);
            if (At('(')) return ParseFunctionCall(name, start);
            switch (name)
            {
                case "true": return new LiteralOperand(JsonValue.Create(true));
                case "false": return new LiteralOperand(JsonValue.Create(false));
                case "null": return new LiteralOperand(null);
            }
            var save = _pos;
            SkipBlanks();
            if (At('(')) throw Fail(save, "no blank space is allowed between a function name and '('");
            throw Fail(start, "unknown name '" + name + "': a member of the current node is written @." + name + " and a string literal needs quotes");
        }
        if (IsNameFirstAt(_pos)) throw Fail(_pos, "unexpected " + Describe(_pos) + ": a member of the current node is written @.name, a string literal needs quotes, and true, false and null are lower case");
        throw Fail(_pos, "expected a query (@ or $), a literal or a function call but found " + Describe(_pos));
    }

    // number = (int / "-0") [ frac ] [ exp ]
    private JsonNode ParseNumber()
    {
        var start = _pos;
        if (At('-')) _pos++;
        if (!AtDigit()) throw Fail(_pos, "expected a digit but found " + Describe(_pos));
        if (_text[_pos] == '0')
        {
            _pos++;
            if (AtDigit()) throw Fail(start, "numbers may not have leading zeros");
        }
        else
        {
            while (AtDigit()) _pos++;
        }
        if (At('.'))
        {
            _pos++;
            if (!AtDigit()) throw Fail(_pos, "expected a digit after the decimal point but found " + Describe(_pos));
            while (AtDigit()) _pos++;
        }
        if (At('e') || At('E'))
        {
            _pos++;
            if (At('+') || At('-')) _pos++;
            if (!AtDigit()) throw Fail(_pos, "expected a digit in the exponent but found " + Describe(_pos));
            while (AtDigit()) _pos++;
        }
        var text = _text.Substring(start, _pos - start);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
        {
            throw Fail(start, "number out of range: " + text);
        }
        return JsonValue.Create(value);
    }

    // function-expr = function-name "(" S [function-argument *(S "," S function-argument)] S ")"
    private FunctionCall ParseFunctionCall(string name, int start)
    {
        Enter();
        PathFunction function;
        bool[] nodesParameters; // true: NodesType, false: ValueType
        switch (name)
        {
            case "length": function = PathFunction.Length; nodesParameters = new[] { false }; break;
            case "count": function = PathFunction.Count; nodesParameters = new[] { true }; break;
            case "match": function = PathFunction.Match; nodesParameters = new[] { false, false }; break;
            case "search": function = PathFunction.Search; nodesParameters = new[] { false, false }; break;
            case "value": function = PathFunction.Value; nodesParameters = new[] { true }; break;
            default: throw Fail(start, "unknown function " + name + "(); RFC 9535 defines length, count, match, search and value");
        }
        var arity = nodesParameters.Length;
        var usage = name + "() takes " + arity.ToString(CultureInfo.InvariantCulture) + (arity == 1 ? " argument" : " arguments");
        _pos++;
        SkipBlanks();
        var arguments = new List<object>();
        if (!At(')'))
        {
            while (true)
            {
                var argumentStart = _pos;
                if (arguments.Count == arity) throw Fail(argumentStart, usage);
                var argument = ParseArgument();
                arguments.Add(ToArgument(argument, nodesParameters[arguments.Count], name, arguments.Count + 1, argumentStart));
                SkipBlanks();
                if (At(','))
                {
                    _pos++;
                    SkipBlanks();
                    continue;
                }
                if (At(')')) break;
                throw Fail(_pos, _pos >= _text.Length ? "expected ')' to close the arguments of " + name + "() but the expression ended" : "expected ',' or ')' in the arguments of " + name + "() but found " + Describe(_pos));
            }
        }
        if (arguments.Count != arity) throw Fail(_pos, usage + " but was given " + arguments.Count.ToString(CultureInfo.InvariantCulture));
        _pos++;
        _depth--;
        return new FunctionCall(function, arguments);
    }

    /// <summary>A bare literal, query or function call when one stands alone, else a logical expression.</summary>
    private object ParseArgument()
    {
        if (At('!') || At('(')) return ParseOr();
        var start = _pos;
        var primary = ParsePrimary();
        var save = _pos;
        SkipBlanks();
        var alone = At(',') || At(')');
        _pos = save;
        return alone ? primary : ContinueOr(ContinueAnd(ContinueBasic(primary, start)));
    }

    private static bool ReturnsLogical(FunctionCall call) => call.Function is PathFunction.Match or PathFunction.Search;

    private static string NameOf(FunctionCall call) => call.Function.ToString().ToLowerInvariant() + "()";

    private object ToArgument(object argument, bool nodesParameter, string function, int number, int start)
    {
        var which = "argument " + number.ToString(CultureInfo.InvariantCulture) + " of " + function + "()";
        if (nodesParameter)
        {
            if (argument is PathQuery query) return query;
            throw Fail(start, which + " must be a query (such as @.items[*]), whose selected nodes it uses");
        }
        return argument switch
        {
            LiteralOperand or PathQuery or FunctionCall => ToComparable(argument, start, which),
            _ => throw Fail(start, which + " must be a value (a literal, a singular query or a function giving a value), not a true/false expression"),
        };
    }

    private ValueOperand ToComparable(object primary, int start, string? role = null)
    {
        switch (primary)
        {
            case LiteralOperand literal:
                return literal;
            case PathQuery query:
                if (!query.IsSingular)
                {
                    throw Fail(start, (role ?? "a compared query") + " must be a singular query (names and indexes only, selecting at most one node); wildcards, slices, filters and '..' can select several");
                }
                return new QueryOperand(query);
            case FunctionCall call:
                if (ReturnsLogical(call)) throw Fail(start, NameOf(call) + " is true or false, which cannot be " + (role is null ? "compared" : "used as " + role));
                return new FunctionOperand(call);
            default:
                throw new InvalidOperationException("Unexpected primary " + primary.GetType().Name);
        }
    }

    private LogicalExpression ToTest(object primary, int start)
    {
        switch (primary)
        {
            case PathQuery query:
                return new ExistenceTest(query);
            case FunctionCall call:
                if (!ReturnsLogical(call)) throw Fail(start, NameOf(call) + " gives a value, which cannot be a test on its own; compare it, e.g. " + NameOf(call) + " > 0");
                return new FunctionTest(call);
            case LiteralOperand:
                throw Fail(start, "a literal cannot be a test on its own; compare it with something");
            default:
                throw new InvalidOperationException("Unexpected primary " + primary.GetType().Name);
        }
    }

    private void Enter()
    {
        if (++_depth > MaxNesting) throw Fail(_pos, "the expression nests filters, parentheses or function calls more than " + MaxNesting.ToString(CultureInfo.InvariantCulture) + " levels deep");
    }

    private bool At(char c) => _pos < _text.Length && _text[_pos] == c;

    private bool At(int offset, char c) => _pos + offset < _text.Length && _text[_pos + offset] == c;

    private bool AtDigit() => _pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9';

    private static bool IsAsciiLetter(char c) => c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';

    // B = %x20 / %x09 / %x0A / %x0D
    private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\r';

    private void SkipBlanks()
    {
        while (_pos < _text.Length && IsBlank(_text[_pos])) _pos++;
    }

    private string Describe(int at)
    {
        if (at >= _text.Length) return "the end of the expression";
        var c = _text[at];
        if (c < 0x20 || c == 0x7F || char.IsSurrogate(c)) return "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return "'" + c + "'";
    }

    private static SyntaxException Fail(int position, string message) => new(position, message);

    /// <summary>Unwinds the parser to <see cref="Parse"/> on the first error; never leaves this class.</summary>
    private sealed class SyntaxException : Exception
    {
        public SyntaxException(int position, string message)
            : base(message) => Position = position;

        public int Position { get; }
    }
}
