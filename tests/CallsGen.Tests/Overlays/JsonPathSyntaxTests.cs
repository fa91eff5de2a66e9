using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// What RFC 9535 accepts and refuses: each malformed or ill-typed expression gives an error naming
/// the zero-based position of the problem; the unusual-but-valid ones parse and select as the ABNF says.
/// </summary>
public sealed class JsonPathSyntaxTests
{
    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("a", 0, "must start with '$'")]
    [InlineData("@.a", 0, "must start with '$'")]
    [InlineData(" $", 0, "blank space")]
    [InlineData("$ ", 1, "end with blank space")]
    [InlineData("$x", 1, "unexpected 'x'")]
    [InlineData("$.", 2, "member name or '*'")]
    [InlineData("$..", 3, "member name or '*'")]
    [InlineData("$...a", 3, "member name or '*'")]
    [InlineData("$. a", 2, "blank space")]
    [InlineData("$.1a", 2, "digit")]
    [InlineData("$.-a", 2, "needs brackets")]
    [InlineData("$[", 2, "selector but the expression ended")]
    [InlineData("$[0", 3, "expected ']'")]
    [InlineData("$['a'", 5, "expected ']'")]
    [InlineData("$['a", 2, "unterminated string")]
    [InlineData("$[]", 2, "expected a selector")]
    [InlineData("$[0,]", 4, "expected a selector")]
    [InlineData("$[a]", 2, "must be quoted")]
    [InlineData("$[01]", 2, "leading zeros")]
    [InlineData("$[-0]", 2, "-0")]
    [InlineData("$[1.0]", 3, "expected ',' or ']'")]
    [InlineData("$[9007199254740992]", 2, "out of range")]
    [InlineData("$[-9007199254740992]", 2, "out of range")]
    [InlineData("$[1:2:3:4]", 7, "expected ',' or ']'")]
    [InlineData("$[::-0]", 4, "-0")]
    [InlineData("$['\\q']", 3, "invalid escape")]
    [InlineData("$[\"\\'\"]", 3, "only allowed inside single-quoted")]
    [InlineData("$['\\\"']", 3, "only allowed inside double-quoted")]
    [InlineData("$['\\uD800']", 3, "high surrogate")]
    [InlineData("$['\\uDC00']", 3, "low surrogate")]
    [InlineData("$['\\u12']", 3, "four hexadecimal digits")]
    [InlineData("$['\\U0041']", 3, "invalid escape")]
    [InlineData("$['a\tb']", 4, "control character")]
    [InlineData("$[?@.a = 1]", 7, "'=='")]
    [InlineData("$[?@.a == 1 == 2]", 12, "chained")]
    [InlineData("$[?1]", 3, "literal cannot be a test")]
    [InlineData("$[?'a']", 3, "literal cannot be a test")]
    [InlineData("$[?@.* == 1]", 3, "singular query")]
    [InlineData("$[?@..a == 1]", 3, "singular query")]
    [InlineData("$[?@[0:1] == 1]", 3, "singular query")]
    [InlineData("$[?1 == @.*]", 8, "singular query")]
    [InlineData("$[?length(@.*) < 3]", 10, "singular query")]
    [InlineData("$[?count(1) == 1]", 9, "must be a query")]
    [InlineData("$[?count(@.a)]", 3, "gives a value")]
    [InlineData("$[?length(@.a, @.b) == 1]", 15, "takes 1 argument")]
    [InlineData("$[?match(@.a) == 1]", 12, "takes 2 arguments")]
    [InlineData("$[?match(@.a, 'x') == true]", 3, "true or false")]
    [InlineData("$[?length(@.a == 1) > 0]", 10, "not a true/false expression")]
    [InlineData("$[?value(@..color)]", 3, "gives a value")]
    [InlineData("$[?foo(@)]", 3, "unknown function")]
    [InlineData("$[?length (@)]", 9, "no blank space")]
    [InlineData("$[?name == 1]", 3, "unknown name")]
    [InlineData("$[?True]", 3, "lower case")]
    [InlineData("$[?!!@.a]", 4, "repeated")]
    [InlineData("$[?!@.a == 1]", 8, "to negate a comparison")]
    [InlineData("$[?(@.a) == 1]", 9, "cannot be compared")]
    [InlineData("$[?(@.a]", 7, "expected ')'")]
    [InlineData("$[?(@.a", 7, "expected ')'")]
    [InlineData("$[?@.a && ]", 10, "expected a query")]
    [InlineData("$[?@.a || ]", 10, "expected a query")]
    [InlineData("$[?@.a & @.b]", 7, "expected ',' or ']'")]
    [InlineData("$[?@.a == 01]", 10, "leading zeros")]
    [InlineData("$[?@.a == 1.]", 12, "decimal point")]
    [InlineData("$[?@.a == 1e]", 12, "exponent")]
    [InlineData("$[?@.a == 1e999]", 10, "out of range")]
    [InlineData("$[?@.a == -]", 11, "digit")]
    [InlineData("$[?]", 3, "expected a query")]
    [InlineData("$[?@.a == 'x]", 10, "unterminated")]
    public void Malformed_expressions_give_an_error_with_the_position(string expression, int position, string fragment)
    {
        Assert.False(JsonPathQuery.TryParse(expression, out var query, out var error, out var errorPosition));
        Assert.Null(query);
        Assert.NotNull(error);
        Assert.Equal(position, errorPosition);
        Assert.Contains(fragment, error);
        Assert.EndsWith("(at position " + position + ")", error);
    }

    [Theory]
    [InlineData("$", 1)]
    [InlineData("$ .a", 1)]
    [InlineData("$.b ['a']", 1)]
    [InlineData("$[ 'a' , \"b\" ]", 2)]
    [InlineData("$[\n'a'\t]", 1)]
    [InlineData("$..a", 2)]
    [InlineData("$..['a','b']", 3)]
    [InlineData("$.*", 8)]
    [InlineData("$[*]", 8)]
    [InlineData("$._a1", 0)]
    [InlineData("$.ü", 1)]
    [InlineData("$.😀", 1)]
    [InlineData("$['\\u00fc']", 1)]
    [InlineData("$['\\uD83D\\uDE00']", 1)]
    [InlineData("$['\\b\\f\\n\\r\\t\\/\\\\\\'']", 1)]
    [InlineData("$[\"\\\"\"]", 1)]
    [InlineData("$.c[1 :2]", 1)]
    [InlineData("$.c[ : ]", 3)]
    [InlineData("$.c[::]", 3)]
    [InlineData("$[? @.a ]", 1)]
    [InlineData("$[?(@.a)]", 1)]
    [InlineData("$[?!(@.a == 2)]", 7)]
    [InlineData("$[?!@.a]", 7)]
    [InlineData("$[?@.a == -0]", 0)]
    [InlineData("$[?@.a == 1.5E+2]", 0)]
    [InlineData("$[?@.a==1&&@.b==2||@.a==2]", 1)]
    [InlineData("$[?(@.a==1||@.a==2)&&!@.c]", 1)]
    [InlineData("$[?@.b == 'x' || @.b == \"y\"]", 0)]
    [InlineData("$[?@.a == $.b.a]", 1)]
    [InlineData("$[?@ .a]", 1)]
    [InlineData("$[?@[\"a\"][0] == 1]", 0)]
    [InlineData("$[?length(@)>0 && count(@.*)>=1]", 2)]
    public void Unusual_but_valid_expressions_parse_and_select(string expression, int count)
    {
        var document = JsonNode.Parse("""{"a": 1, "b": {"a": 2}, "c": [0, 1, 2], "ü": 3, "😀": 4, "\b\f\n\r\t/\\'": 5, "\"": 6, "k": 1}""");
        Assert.True(JsonPathQuery.TryParse(expression, out var query, out var error), expression + ": " + error);
        Assert.Equal(count, query!.Select(document).Count);
    }

    [Fact]
    public void Nesting_is_bounded_so_a_hostile_expression_cannot_overflow_the_stack()
    {
        string Nested(int depth) => "$" + string.Concat(Enumerable.Repeat("[?@", depth)) + string.Concat(Enumerable.Repeat("]", depth));
        string Parenthesized(int depth) => "$[?" + new string('(', depth) + "@.a" + new string(')', depth) + "]";
        Assert.True(JsonPathQuery.TryParse(Nested(20), out _, out _));
        Assert.True(JsonPathQuery.TryParse(Parenthesized(20), out _, out _));
        Assert.False(JsonPathQuery.TryParse(Nested(100_000), out _, out var nested));
        Assert.Contains("nests", nested);
        Assert.False(JsonPathQuery.TryParse(Parenthesized(100_000), out _, out var parenthesized));
        Assert.Contains("nests", parenthesized);
        Assert.False(JsonPathQuery.TryParse("$[?" + string.Concat(Enumerable.Repeat("length(", 1000)) + "@" + new string(')', 1000) + "==1]", out _, out var calls));
        Assert.Contains("nests", calls);
    }

    [Fact]
    public void A_long_flat_expression_is_fine()
    {
        var builder = new StringBuilder("$");
        for (var i = 0; i < 10_000; i++) builder.Append(".a");
        Assert.True(JsonPathQuery.TryParse(builder.ToString(), out var query, out _));
        Assert.Empty(query!.Select(new JsonObject()));
        var filter = "$[?" + string.Join(" || ", Enumerable.Range(0, 5000).Select(i => "@.a == " + i)) + "]";
        Assert.True(JsonPathQuery.TryParse(filter, out var wide, out _));
        Assert.Single(wide!.Select(JsonNode.Parse("""[{"a": 4999}, {"a": 5000}]""")));
    }

    [Fact]
    public void Singular_queries_are_told_apart()
    {
        Assert.True(JsonPathRfcExampleTests.Parse("$.a['b'][0][-1]").IsSingular);
        Assert.False(JsonPathRfcExampleTests.Parse("$.a[0,1]").IsSingular);
        Assert.False(JsonPathRfcExampleTests.Parse("$..a").IsSingular);
        Assert.False(JsonPathRfcExampleTests.Parse("$.a[*]").IsSingular);
    }
}
