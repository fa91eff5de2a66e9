using System;
using System.Linq;
using System.Text.Json.Nodes;
using CallsGen.Generator.Overlays;

namespace CallsGen.Tests.Overlays;

/// <summary>
/// The examples of RFC 9535, written out from the RFC: the bookstore of §1.5 with Table 2, and the
/// example tables of §2.2 to §2.7. Each asserts the selected values and their normalized paths, in
/// order. Where the RFC lets object members come in any order, this implementation gives document
/// order, which is one of the orders the RFC allows.
/// </summary>
public sealed class JsonPathRfcExampleTests
{
    internal const string Bookstore = """
        { "store": {
            "book": [
              { "category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95 },
              { "category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99 },
              { "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 },
              { "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }
            ],
            "bicycle": { "color": "red", "price": 399 }
          }
        }
        """;

    /// <summary>Runs a query and asserts the values (a JSON array of them) and the normalized paths, in order.</summary>
    internal static void AssertSelects(string document, string query, string values, params string[] paths)
    {
        Assert.True(JsonPathQuery.TryParse(query, out var parsed, out var error), query + ": " + error);
        var matches = parsed!.Select(JsonNode.Parse(document));
        Assert.Equal(paths, matches.Select(m => m.NormalizedPath).ToArray());
        var expected = JsonNode.Parse(values)!.AsArray();
        Assert.Equal(expected.Count, matches.Count);
        for (var i = 0; i < matches.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i], matches[i].Node), $"{query}: result {i} is {matches[i].Node?.ToJsonString() ?? "null"}, expected {expected[i]?.ToJsonString() ?? "null"}");
        }
    }

    private static string Book(int i) => "$['store']['book'][" + i + "]";

    [Theory]
    [InlineData("$.store.book[*].author")]
    [InlineData("$..author")]
    public void Table2_the_authors(string query) =>
        AssertSelects(Bookstore, query, """["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"]""",
            Book(0) + "['author']", Book(1) + "['author']", Book(2) + "['author']", Book(3) + "['author']");

    [Fact]
    public void Table2_all_things_in_store() =>
        AssertSelects(Bookstore, "$.store.*", "[" + JsonNode.Parse(Bookstore)!["store"]!["book"]!.ToJsonString() + """, {"color": "red", "price": 399}]""",
            "$['store']['book']", "$['store']['bicycle']");

    [Fact]
    public void Table2_the_prices_of_everything_in_the_store() =>
        AssertSelects(Bookstore, "$.store..price", "[8.95, 12.99, 8.99, 22.99, 399]",
            Book(0) + "['price']", Book(1) + "['price']", Book(2) + "['price']", Book(3) + "['price']", "$['store']['bicycle']['price']");

    [Fact]
    public void Table2_the_third_book_its_author_and_its_missing_publisher()
    {
        AssertSelects(Bookstore, "$..book[2]", """[{ "category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99 }]""", Book(2));
        AssertSelects(Bookstore, "$..book[2].author", """["Herman Melville"]""", Book(2) + "['author']");
        AssertSelects(Bookstore, "$..book[2].publisher", "[]");
    }

    [Fact]
    public void Table2_the_last_book() =>
        AssertSelects(Bookstore, "$..book[-1]", """[{ "category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8", "price": 22.99 }]""", Book(3));

    [Theory]
    [InlineData("$..book[0,1]")]
    [InlineData("$..book[:2]")]
    public void Table2_the_first_two_books(string query)
    {
        var books = JsonNode.Parse(Bookstore)!["store"]!["book"]!.AsArray();
        AssertSelects(Bookstore, query, "[" + books[0]!.ToJsonString() + "," + books[1]!.ToJsonString() + "]", Book(0), Book(1));
    }

    [Fact]
    public void Table2_books_with_an_isbn_and_books_cheaper_than_10()
    {
        var books = JsonNode.Parse(Bookstore)!["store"]!["book"]!.AsArray();
        AssertSelects(Bookstore, "$..book[?@.isbn]", "[" + books[2]!.ToJsonString() + "," + books[3]!.ToJsonString() + "]", Book(2), Book(3));
        AssertSelects(Bookstore, "$..book[?@.price<10]", "[" + books[0]!.ToJsonString() + "," + books[2]!.ToJsonString() + "]", Book(0), Book(2));
    }

    [Fact]
    public void Table2_all_member_values_and_array_elements_in_document_order()
    {
        string[] Members(int i) => (i < 2 ? new[] { "category", "author", "title", "price" } : new[] { "category", "author", "title", "isbn", "price" })
            .Select(name => Book(i) + "['" + name + "']").ToArray();
        var expected = new[] { "$['store']", "$['store']['book']", "$['store']['bicycle']", Book(0), Book(1), Book(2), Book(3) }
            .Concat(Members(0)).Concat(Members(1)).Concat(Members(2)).Concat(Members(3))
            .Concat(new[] { "$['store']['bicycle']['color']", "$['store']['bicycle']['price']" })
            .ToArray();
        Assert.True(JsonPathQuery.TryParse("$..*", out var query, out _));
        var matches = query!.Select(JsonNode.Parse(Bookstore));
        Assert.Equal(27, matches.Count);
        Assert.Equal(expected, matches.Select(m => m.NormalizedPath).ToArray());
    }

    [Fact]
    public void Section_2_1_3_example() =>
        AssertSelects("""{"a":[{"b":0},{"b":1},{"c":2}]}""", "$.a[*].b", "[0, 1]", "$['a'][0]['b']", "$['a'][1]['b']");

    [Fact]
    public void Table3_root_identifier() => AssertSelects("""{"k": "v"}""", "$", """[{"k": "v"}]""", "$");

    private const string NameDocument = """{ "o": {"j j": {"k.k": 3}}, "'": {"@": 2} }""";

    [Theory]
    [InlineData("$.o['j j']", """[{"k.k": 3}]""", "$['o']['j j']")]
    [InlineData("$.o['j j']['k.k']", "[3]", "$['o']['j j']['k.k']")]
    [InlineData("$.o[\"j j\"][\"k.k\"]", "[3]", "$['o']['j j']['k.k']")]
    [InlineData("$[\"'\"][\"@\"]", "[2]", "$['\\'']['@']")]
    public void Table5_name_selector(string query, string values, string path) => AssertSelects(NameDocument, query, values, path);

    private const string WildcardDocument = """{ "o": {"j": 1, "k": 2}, "a": [5, 3] }""";

    [Fact]
    public void Table6_wildcard_selector()
    {
        AssertSelects(WildcardDocument, "$[*]", """[{"j": 1, "k": 2}, [5, 3]]""", "$['o']", "$['a']");
        AssertSelects(WildcardDocument, "$.o[*]", "[1, 2]", "$['o']['j']", "$['o']['k']");
        AssertSelects(WildcardDocument, "$.o[*, *]", "[1, 2, 1, 2]", "$['o']['j']", "$['o']['k']", "$['o']['j']", "$['o']['k']");
        AssertSelects(WildcardDocument, "$.a[*]", "[5, 3]", "$['a'][0]", "$['a'][1]");
    }

    [Theory]
    [InlineData("$[1]", "[\"b\"]", "$[1]")]
    [InlineData("$[-2]", "[\"a\"]", "$[0]")]
    public void Table7_index_selector(string query, string values, string path) => AssertSelects("""["a","b"]""", query, values, path);

    [Fact]
    public void Index_selector_outside_the_array_or_on_a_non_array_selects_nothing()
    {
        AssertSelects("""["a","b"]""", "$[2]", "[]");
        AssertSelects("""["a","b"]""", "$[-3]", "[]");
        AssertSelects("""{"0": "x"}""", "$[0]", "[]");
    }

    private const string Letters = """["a", "b", "c", "d", "e", "f", "g"]""";

    [Theory]
    [InlineData("$[1:3]", """["b", "c"]""", "$[1]", "$[2]")]
    [InlineData("$[5:]", """["f", "g"]""", "$[5]", "$[6]")]
    [InlineData("$[1:5:2]", """["b", "d"]""", "$[1]", "$[3]")]
    [InlineData("$[5:1:-2]", """["f", "d"]""", "$[5]", "$[3]")]
    [InlineData("$[::-1]", """["g", "f", "e", "d", "c", "b", "a"]""", "$[6]", "$[5]", "$[4]", "$[3]", "$[2]", "$[1]", "$[0]")]
    public void Table9_array_slice_selector(string query, string values, params string[] paths) => AssertSelects(Letters, query, values, paths);

    [Theory]
    [InlineData("$[::2]", """["a", "c", "e", "g"]""", "$[0]", "$[2]", "$[4]", "$[6]")]
    [InlineData("$[-2:]", """["f", "g"]""", "$[5]", "$[6]")]
    [InlineData("$[:-5]", """["a", "b"]""", "$[0]", "$[1]")]
    [InlineData("$[-100:2]", """["a", "b"]""", "$[0]", "$[1]")]
    [InlineData("$[5:100]", """["f", "g"]""", "$[5]", "$[6]")]
    [InlineData("$[0:7:0]", "[]")]
    [InlineData("$[3:1]", "[]")]
    [InlineData("$[-1:-3:-1]", """["g", "f"]""", "$[6]", "$[5]")]
    [InlineData("$[100:-100:-3]", """["g", "d", "a"]""", "$[6]", "$[3]", "$[0]")]
    [InlineData("$[1 : 3 : 1]", """["b", "c"]""", "$[1]", "$[2]")]
    public void Slices_normalize_negative_and_out_of_range_bounds(string query, string values, params string[] paths) => AssertSelects(Letters, query, values, paths);

    private const string ComparisonDocument = """{ "obj": {"x": "y"}, "arr": [2, 3] }""";

    // Table 11: each comparison is put in a filter over the root object: true selects both members, false neither.
    [Theory]
    [InlineData("$.absent1 == $.absent2", true)]
    [InlineData("$.absent1 <= $.absent2", true)]
    [InlineData("$.absent == 'g'", false)]
    [InlineData("$.absent1 != $.absent2", false)]
    [InlineData("$.absent != 'g'", true)]
    [InlineData("1 <= 2", true)]
    [InlineData("1 > 2", false)]
    [InlineData("13 == '13'", false)]
    [InlineData("'a' <= 'b'", true)]
    [InlineData("'a' > 'b'", false)]
    [InlineData("$.obj == $.arr", false)]
    [InlineData("$.obj != $.arr", true)]
    [InlineData("$.obj == $.obj", true)]
    [InlineData("$.obj != $.obj", false)]
    [InlineData("$.arr == $.arr", true)]
    [InlineData("$.arr != $.arr", false)]
    [InlineData("$.obj == 17", false)]
    [InlineData("$.obj != 17", true)]
    [InlineData("$.obj <= $.arr", false)]
    [InlineData("$.obj < $.arr", false)]
    [InlineData("$.obj <= $.obj", true)]
    [InlineData("$.arr <= $.arr", true)]
    [InlineData("1 <= $.arr", false)]
    [InlineData("1 >= $.arr", false)]
    [InlineData("1 > $.arr", false)]
    [InlineData("1 < $.arr", false)]
    [InlineData("true <= true", true)]
    [InlineData("true > true", false)]
    public void Table11_comparisons(string comparison, bool result)
    {
        if (result) AssertSelects(ComparisonDocument, "$[?" + comparison + "]", """[{"x": "y"}, [2, 3]]""", "$['obj']", "$['arr']");
        else AssertSelects(ComparisonDocument, "$[?" + comparison + "]", "[]");
    }

    [Theory]
    [InlineData("1 == 1.0", true)]
    [InlineData("1 == 1e0", true)]
    [InlineData("-0 == 0", true)]
    [InlineData("0.1 < 0.2", true)]
    [InlineData("'' < 'a'", true)]
    [InlineData("'ab' < 'b'", true)]
    [InlineData("'a' < 'ab'", true)]
    [InlineData("'\\uFFFF' < '\\uD83D\\uDE00'", true)]
    [InlineData("null == null", true)]
    [InlineData("null < null", false)]
    [InlineData("null == false", false)]
    [InlineData("$.arr[0] == 2", true)]
    [InlineData("$.arr[-1] >= 3", true)]
    [InlineData("$.obj.x == 'y'", true)]
    public void Comparisons_of_numbers_strings_and_null_follow_section_2_3_5_2_2(string comparison, bool result)
    {
        var matches = Query(ComparisonDocument, "$[?" + comparison + "]");
        Assert.Equal(result ? 2 : 0, matches.Length);
    }

    private const string FilterDocument = """
        { "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
          "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
          "e": "f" }
        """;

    [Theory]
    [InlineData("$.a[?@.b == 'kilo']", """[{"b": "kilo"}]""", "$['a'][9]")]
    [InlineData("$.a[?(@.b == 'kilo')]", """[{"b": "kilo"}]""", "$['a'][9]")]
    [InlineData("$.a[?@>3.5]", "[5, 4, 6]", "$['a'][1]", "$['a'][4]", "$['a'][5]")]
    [InlineData("$.a[?@.b]", """[{"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}]""", "$['a'][6]", "$['a'][7]", "$['a'][8]", "$['a'][9]")]
    [InlineData("$.o[?@<3, ?@<3]", "[1, 2, 1, 2]", "$['o']['p']", "$['o']['q']", "$['o']['p']", "$['o']['q']")]
    [InlineData("$.a[?@<2 || @.b == \"k\"]", """[1, {"b": "k"}]""", "$['a'][2]", "$['a'][7]")]
    [InlineData("$.a[?match(@.b, \"[jk]\")]", """[{"b": "j"}, {"b": "k"}]""", "$['a'][6]", "$['a'][7]")]
    [InlineData("$.a[?search(@.b, \"[jk]\")]", """[{"b": "j"}, {"b": "k"}, {"b": "kilo"}]""", "$['a'][6]", "$['a'][7]", "$['a'][9]")]
    [InlineData("$.o[?@>1 && @<4]", "[2, 3]", "$['o']['q']", "$['o']['r']")]
    [InlineData("$.o[?@.u || @.x]", """[{"u": 6}]""", "$['o']['t']")]
    [InlineData("$.a[?@.b == $.x]", "[3, 5, 1, 2, 4, 6]", "$['a'][0]", "$['a'][1]", "$['a'][2]", "$['a'][3]", "$['a'][4]", "$['a'][5]")]
    [InlineData("$.a[?@ == @]", """[3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}]""",
        "$['a'][0]", "$['a'][1]", "$['a'][2]", "$['a'][3]", "$['a'][4]", "$['a'][5]", "$['a'][6]", "$['a'][7]", "$['a'][8]", "$['a'][9]")]
    public void Table12_filter_selector(string query, string values, params string[] paths) => AssertSelects(FilterDocument, query, values, paths);

    [Fact]
    public void Table12_existence_of_non_singular_queries_and_nested_filters()
    {
        var document = JsonNode.Parse(FilterDocument)!;
        AssertSelects(FilterDocument, "$[?@.*]", "[" + document["a"]!.ToJsonString() + "," + document["o"]!.ToJsonString() + "]", "$['a']", "$['o']");
        AssertSelects(FilterDocument, "$[?@[?@.b]]", "[" + document["a"]!.ToJsonString() + "]", "$['a']");
    }

    [Theory]
    [InlineData("$[?length(@) < 3]", true)]
    [InlineData("$[?length(@.*) < 3]", false)]
    [InlineData("$[?count(@.*) == 1]", true)]
    [InlineData("$[?count(1) == 1]", false)]
    [InlineData("$[?count(foo(@.*)) == 1]", false)]
    [InlineData("$[?match(@.timezone, 'Europe/.*')]", true)]
    [InlineData("$[?match(@.timezone, 'Europe/.*') == true]", false)]
    [InlineData("$[?value(@..color) == \"red\"]", true)]
    [InlineData("$[?value(@..color)]", false)]
    [InlineData("$[?bar(@.a)]", false)]
    public void Table14_function_well_typedness(string query, bool wellTyped)
    {
        // foo() and bar() are not defined by RFC 9535, so here they are unknown functions: an error either way.
        Assert.Equal(wellTyped, JsonPathQuery.TryParse(query, out _, out var error));
        if (!wellTyped) Assert.Contains("position", error);
    }

    [Fact]
    public void Section_2_4_functions_length_count_and_value()
    {
        const string document = """[{"a": "äb😀"}, {"a": [1, 2, 3]}, {"a": {"x": 1}}, {"a": 3}, {"c": ["red", "blue"]}, {"c": {"d": "red"}}]""";
        AssertSelects(document, "$[?length(@.a) == 3]", """[{"a": "äb😀"}, {"a": [1, 2, 3]}]""", "$[0]", "$[1]");
        AssertSelects(document, "$[?length(@.a) == 1]", """[{"a": {"x": 1}}]""", "$[2]");
        AssertSelects(document, "$[?count(@.*) == 1]", """[{"a": "äb😀"}, {"a": [1, 2, 3]}, {"a": {"x": 1}}, {"a": 3}, {"c": ["red", "blue"]}, {"c": {"d": "red"}}]""",
            "$[0]", "$[1]", "$[2]", "$[3]", "$[4]", "$[5]");
        AssertSelects(document, "$[?count(@..*) > 2]", """[{"a": [1, 2, 3]}, {"c": ["red", "blue"]}]""", "$[1]", "$[4]");
        AssertSelects(document, "$[?value(@..d) == 'red']", """[{"c": {"d": "red"}}]""", "$[5]");
        // value() of several nodes is Nothing, which equals nothing but Nothing: [4] has two, [5] one.
        AssertSelects(document, "$[?value(@.c[*]) == 'red']", """[{"c": {"d": "red"}}]""", "$[5]");
        // length() of a number, or of an absent member, is Nothing, and Nothing == Nothing.
        AssertSelects(document, "$[?length(@.a) == length(@.b)]", """[{"a": 3}, {"c": ["red", "blue"]}, {"c": {"d": "red"}}]""", "$[3]", "$[4]", "$[5]");
    }

    [Theory]
    [InlineData("$[?match(@, 'a.c')]", """["abc", "a.c", "a😀c"]""", "$[0]", "$[2]", "$[3]")]
    [InlineData("$[?match(@, 'a\\\\.c')]", """["a.c"]""", "$[2]")]
    [InlineData("$[?search(@, '^')]", """["x^y"]""", "$[5]")]
    [InlineData("$[?match(@, '\\\\p{Lu}+')]", """["ABC"]""", "$[4]")]
    [InlineData("$[?match(@, '[a-c]{3}')]", """["abc"]""", "$[0]")]
    [InlineData("$[?match(@, 'a(?:b)c')]", "[]")]
    [InlineData("$[?match(@, '\\\\d')]", "[]")]
    [InlineData("$[?match(@, 'a\\\\nc')]", """["a\nc"]""", "$[1]")]
    [InlineData("$[?match(@, 'a\\nc')]", """["a\nc"]""", "$[1]")]
    [InlineData("$[?search(@, 'a.c')]", """["abc", "a.c", "a😀c"]""", "$[0]", "$[2]", "$[3]")]
    [InlineData("$[?search(@, 'b|y')]", """["abc", "x^y"]""", "$[0]", "$[5]")]
    public void Match_and_search_take_I_Regexp_only(string query, string values, params string[] paths) =>
        AssertSelects("""["abc", "a\nc", "a.c", "a😀c", "ABC", "x^y"]""", query, values, paths);

    [Fact]
    public void Table15_child_segment()
    {
        AssertSelects(Letters, "$[0, 3]", """["a", "d"]""", "$[0]", "$[3]");
        AssertSelects(Letters, "$[0:2, 5]", """["a", "b", "f"]""", "$[0]", "$[1]", "$[5]");
        AssertSelects(Letters, "$[0, 0]", """["a", "a"]""", "$[0]", "$[0]");
    }

    private const string DescendantDocument = """{ "o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]] }""";

    [Fact]
    public void Table16_descendant_segment()
    {
        AssertSelects(DescendantDocument, "$..j", "[1, 4]", "$['o']['j']", "$['a'][2][0]['j']");
        AssertSelects(DescendantDocument, "$..[0]", """[5, {"j": 4}]""", "$['a'][0]", "$['a'][2][0]");
        foreach (var query in new[] { "$..[*]", "$..*" })
        {
            AssertSelects(DescendantDocument, query, """[{"j": 1, "k": 2}, [5, 3, [{"j": 4}, {"k": 6}]], 1, 2, 5, 3, [{"j": 4}, {"k": 6}], {"j": 4}, {"k": 6}, 4, 6]""",
                "$['o']", "$['a']", "$['o']['j']", "$['o']['k']", "$['a'][0]", "$['a'][1]", "$['a'][2]", "$['a'][2][0]", "$['a'][2][1]", "$['a'][2][0]['j']", "$['a'][2][1]['k']");
        }
        AssertSelects(DescendantDocument, "$..o", """[{"j": 1, "k": 2}]""", "$['o']");
        AssertSelects(DescendantDocument, "$.o..[*, *]", "[1, 2, 1, 2]", "$['o']['j']", "$['o']['k']", "$['o']['j']", "$['o']['k']");
        AssertSelects(DescendantDocument, "$.a..[0, 1]", """[5, 3, {"j": 4}, {"k": 6}]""", "$['a'][0]", "$['a'][1]", "$['a'][2][0]", "$['a'][2][1]");
    }

    private const string NullDocument = """{"a": null, "b": [null], "c": [{}], "null": 1}""";

    [Theory]
    [InlineData("$.a", "[null]", "$['a']")]
    [InlineData("$.a[0]", "[]")]
    [InlineData("$.a.d", "[]")]
    [InlineData("$.b[0]", "[null]", "$['b'][0]")]
    [InlineData("$.b[*]", "[null]", "$['b'][0]")]
    [InlineData("$.b[?@]", "[null]", "$['b'][0]")]
    [InlineData("$.b[?@==null]", "[null]", "$['b'][0]")]
    [InlineData("$.c[?@.d==null]", "[]")]
    [InlineData("$.null", "[1]", "$['null']")]
    public void Table17_null_semantics(string query, string values, params string[] paths) => AssertSelects(NullDocument, query, values, paths);

    [Fact]
    public void A_null_member_is_a_match_with_its_container_and_name()
    {
        var match = Assert.Single(Query(NullDocument, "$.a"));
        Assert.Null(match.Node);
        Assert.IsType<JsonObject>(match.Parent);
        Assert.Equal("a", match.Name);
        Assert.Equal(-1, match.Index);
        var item = Assert.Single(Query(NullDocument, "$.b[0]"));
        Assert.Null(item.Node);
        Assert.IsType<JsonArray>(item.Parent);
        Assert.Equal(0, item.Index);
        Assert.Equal("/b/0", item.Pointer);
    }

    [Theory]
    [InlineData("""{"a": 1}""", "$.a", "$['a']")]
    [InlineData("[0, 1]", "$[1]", "$[1]")]
    [InlineData("[0, 1, 2, 3, 4]", "$[-3]", "$[2]")]
    [InlineData("""{"a": {"b": [0, 1]}}""", "$.a.b[1:2]", "$['a']['b'][1]")]
    [InlineData("{\"\\u000b\": 1}", "$[\"\\u000B\"]", "$['\\u000b']")]
    [InlineData("""{"a": 1}""", "$[\"\\u0061\"]", "$['a']")]
    public void Table18_normalized_paths(string document, string query, string normalized) =>
        Assert.Equal(normalized, Assert.Single(Query(document, query)).NormalizedPath);

    [Fact]
    public void Normalized_paths_escape_exactly_the_characters_section_2_7_names()
    {
        var document = new JsonObject { ["a'b\\c\b\f\n\r\t\u0001\u001f\"/~é😀"] = 1 };
        var match = Assert.Single(new JsonPathQuery[] { Parse("$.*") }.SelectMany(q => q.Select(document)));
        Assert.Equal("$['a\\'b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\"/~é😀']", match.NormalizedPath);
        Assert.Equal("/a'b\\c\b\f\n\r\t\u0001\u001f\"~1~0é😀", match.Pointer);
        // The normalized path is itself a query that selects the node again.
        Assert.Same(Parse(match.NormalizedPath).Select(document).Single().Node, match.Node);
    }

    [Fact]
    public void Pointers_escape_slash_and_tilde()
    {
        var match = Assert.Single(Query("""{"paths": {"/call": {"get": {}}, "a~b": 1}}""", "$.paths['/call'].get"));
        Assert.Equal("$['paths']['/call']['get']", match.NormalizedPath);
        Assert.Equal("/paths/~1call/get", match.Pointer);
        Assert.Equal("/paths/a~0b", Assert.Single(Query("""{"paths": {"a~b": 1}}""", "$.paths['a~b']")).Pointer);
        Assert.Equal("", Assert.Single(Query("{}", "$")).Pointer);
    }

    internal static JsonPathQuery Parse(string expression)
    {
        Assert.True(JsonPathQuery.TryParse(expression, out var query, out var error), expression + ": " + error);
        return query!;
    }

    internal static JsonPathMatch[] Query(string document, string expression) => Parse(expression).Select(JsonNode.Parse(document)).ToArray();
}
