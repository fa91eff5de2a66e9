using System;
using System.Collections.Generic;
using System.Net.Http;
using CallsGen.Runtime;

namespace CallsGen.Tests.Runtime;

/// <summary>The runtime's style writers on their own: edge cases the wire tests do not reach.</summary>
public sealed class ParameterWriterTests
{
    private static readonly KeyValuePair<string, string>[] NoFields = [];

    [Theory]
    [InlineData("a/b?c:d@e!$'()*,;", "a/b?c:d@e!$'()*,;")]
    [InlineData("=&+#[] ", "%3D%26%2B%23%5B%5D%20")]
    [InlineData("100%", "100%25")]
    [InlineData("%4", "%254")]
    [InlineData("%zz%2f%2F", "%25zz%2f%2F")]
    [InlineData("\u00e9\U0001F600", "%C3%A9%F0%9F%98%80")]
    [InlineData("", "")]
    public void AllowReserved_keeps_reserved_characters_and_whole_triples_only(string value, string expected)
    {
        Assert.Equal(expected, QueryBuilder.EscapeReserved(value));
    }

    [Fact]
    public void Empty_and_null_arrays_and_objects_add_nothing_to_a_query()
    {
        var query = new QueryBuilder();
        query.AddList("a", null, ParameterStyle.Form, false, false);
        query.AddList("b", [], ParameterStyle.PipeDelimited, false, false);
        query.AddObject("c", null, ParameterStyle.DeepObject, true, false);
        query.AddObject("d", NoFields, ParameterStyle.Form, true, false);
        query.AddReserved("e", null);
        Assert.True(query.IsEmpty);
    }

    [Fact]
    public void Space_and_pipe_delimited_arrays_exploded_repeat_the_name()
    {
        var query = new QueryBuilder();
        query.AddList("c", ["a b", "x|y"], ParameterStyle.PipeDelimited, true, false);
        query.AddList("s", ["1", "2"], ParameterStyle.SpaceDelimited, true, false);
        Assert.Equal("?c=a%20b&c=x%7Cy&s=1&s=2", query.ToString());
    }

    [Fact]
    public void A_null_item_or_property_fails_instead_of_being_sent_as_nothing()
    {
        var query = new QueryBuilder();
        Assert.Throws<ArgumentException>(() => query.AddList("a", ["x", null!], ParameterStyle.Form, false, false));
        Assert.Throws<ArgumentException>(() => query.AddObject("a", [new KeyValuePair<string, string>("k", null!)], ParameterStyle.Form, true, false));
        Assert.Throws<ArgumentException>(() => ParameterWriter.Path("a", ParameterStyle.Simple, false, ["x", null!]));
        Assert.True(query.IsEmpty);
    }

    [Fact]
    public void Styles_that_do_not_belong_where_they_are_used_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ParameterWriter.Path("a", ParameterStyle.Form, "x"));
        Assert.Throws<ArgumentException>(() => ParameterWriter.Path("a", ParameterStyle.DeepObject, false, ["x"]));
        Assert.Throws<ArgumentException>(() => new QueryBuilder().AddList("a", ["x"], ParameterStyle.Matrix, false, false));
    }

    [Fact]
    public void Path_styles_write_empty_values_as_RFC_6570_does()
    {
        Assert.Equal(";color", ParameterWriter.Path("color", ParameterStyle.Matrix, string.Empty));
        Assert.Equal(".", ParameterWriter.Path("color", ParameterStyle.Label, string.Empty));
        Assert.Equal(string.Empty, ParameterWriter.Path("color", ParameterStyle.Matrix, true, Array.Empty<string>()));
        Assert.Equal(string.Empty, ParameterWriter.Path("color", ParameterStyle.Label, true, NoFields));
        Assert.Equal(";a%20b=x%2Cy", ParameterWriter.Path("a b", ParameterStyle.Matrix, "x,y"));
    }

    [Fact]
    public void Headers_join_items_as_they_are_and_send_nothing_for_none()
    {
        Assert.Null(ParameterWriter.Header((string[]?)null));
        Assert.Null(ParameterWriter.Header(Array.Empty<string>()));
        Assert.Null(ParameterWriter.Header(true, NoFields));
        Assert.Equal("a b,\"c\"", ParameterWriter.Header(["a b", "\"c\""]));
    }

    [Fact]
    public void Cookies_escape_names_and_values_so_no_value_can_start_another_cookie()
    {
        var cookies = new CookieBuilder();
        Assert.True(cookies.IsEmpty);
        cookies.Add("a b", "x; admin=1");
        cookies.Add("skipped", null);
        cookies.AddList("l", [], explode: true);
        cookies.AddObject("o", [new KeyValuePair<string, string>("k;", "v,")], explode: true);
        Assert.Equal("a%20b=x%3B%20admin%3D1; k%3B=v%2C", cookies.ToString());
    }

    [Fact]
    public void Parameter_fields_skip_nulls_and_format_in_the_invariant_culture()
    {
        var fields = new ParameterFields().Add("a", (string?)null).Add("b", 1.5).Add("c", (long?)null).Add("d", true)
            .Add("e", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));
        Assert.Equal(
            [new KeyValuePair<string, string>("b", "1.5"), new KeyValuePair<string, string>("d", "true"), new KeyValuePair<string, string>("e", "2026-01-02T02:04:05.000Z")],
            fields);
        Assert.Null(ParameterFields.Of<long>(null, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(ParameterFields.Texts<long>(null, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("/a/.", true)]
    [InlineData("/a/..", true)]
    [InlineData("/a/../b", true)]
    [InlineData("/a/%2e", true)]
    [InlineData("/a/%2E%2e/b", true)]
    [InlineData("/a/..;x=1", true)]
    [InlineData("/./a", true)]
    [InlineData("/a/...", false)]
    [InlineData("/a/.b", false)]
    [InlineData("/a/.%3B", false)]
    [InlineData("/a/;x=..", false)]
    [InlineData("/a/%252E%252E", false)]
    [InlineData("/a/", false)]
    [InlineData("/", false)]
    public void A_path_with_a_dot_segment_is_refused(string path, bool refused)
    {
        if (refused)
        {
            Assert.Throws<ArgumentException>(() => new ApiRequest(HttpMethod.Get, path));
        }
        else
        {
            Assert.Equal(path, new ApiRequest(HttpMethod.Get, path).Path);
        }
    }

    [Theory]
    [InlineData("caf\u00e9")]
    [InlineData("\u65e5\u672c")]
    [InlineData("\U0001F600")]
    public void A_header_value_outside_ASCII_is_refused_before_sending(string value)
    {
        var request = new ApiRequest(HttpMethod.Get, "/x") { Headers = [new KeyValuePair<string, string>("X-Name", value)] };
        var error = Assert.Throws<ArgumentException>(() => request.ValidateHeaders());
        Assert.Contains("outside ASCII", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }
}
