using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Parameters;

namespace CallsGen.Tests.Client;

/// <summary>
/// The ParametersClient this project generates at build time from specs/parameters.yaml, called over real HTTP against
/// <see cref="ParameterServer"/>: every row of OpenAPI 3.1's style examples table, checked byte for byte on the wire,
/// then typed values, allowReserved, content-typed parameters, cookies and the HEAD, OPTIONS and TRACE methods.
/// </summary>
public sealed class ParameterStyleTests : IAsyncLifetime
{
    // The specification's example values: string -> "blue", array -> ["blue","black","brown"], object -> { R: 100, G: 200, B: 150 }.
    private const string Blue = "blue";
    private static readonly string[] Colors = ["blue", "black", "brown"];
    private static readonly Color Rgb = new() { R = 100, G = 200, B = 150 };

    private static readonly Dictionary<string, Func<ParametersClient, Task>> Calls = new(StringComparer.Ordinal)
    {
        ["path simple flat string"] = c => c.PathSimpleFlatStringAsync(Blue),
        ["path simple flat array"] = c => c.PathSimpleFlatArrayAsync(Colors),
        ["path simple flat object"] = c => c.PathSimpleFlatObjectAsync(Rgb),
        ["path simple explode string"] = c => c.PathSimpleExplodeStringAsync(Blue),
        ["path simple explode array"] = c => c.PathSimpleExplodeArrayAsync(Colors),
        ["path simple explode object"] = c => c.PathSimpleExplodeObjectAsync(Rgb),
        ["path label flat string"] = c => c.PathLabelFlatStringAsync(Blue),
        ["path label flat array"] = c => c.PathLabelFlatArrayAsync(Colors),
        ["path label flat object"] = c => c.PathLabelFlatObjectAsync(Rgb),
        ["path label explode string"] = c => c.PathLabelExplodeStringAsync(Blue),
        ["path label explode array"] = c => c.PathLabelExplodeArrayAsync(Colors),
        ["path label explode object"] = c => c.PathLabelExplodeObjectAsync(Rgb),
        ["path matrix flat string"] = c => c.PathMatrixFlatStringAsync(Blue),
        ["path matrix flat array"] = c => c.PathMatrixFlatArrayAsync(Colors),
        ["path matrix flat object"] = c => c.PathMatrixFlatObjectAsync(Rgb),
        ["path matrix explode string"] = c => c.PathMatrixExplodeStringAsync(Blue),
        ["path matrix explode array"] = c => c.PathMatrixExplodeArrayAsync(Colors),
        ["path matrix explode object"] = c => c.PathMatrixExplodeObjectAsync(Rgb),
        ["query form flat string"] = c => c.QueryFormFlatStringAsync(new QueryFormFlatStringRequest { Color = Blue }),
        ["query form flat array"] = c => c.QueryFormFlatArrayAsync(new QueryFormFlatArrayRequest { Color = Colors }),
        ["query form flat object"] = c => c.QueryFormFlatObjectAsync(new QueryFormFlatObjectRequest { Color = Rgb }),
        ["query form explode string"] = c => c.QueryFormExplodeStringAsync(new QueryFormExplodeStringRequest { Color = Blue }),
        ["query form explode array"] = c => c.QueryFormExplodeArrayAsync(new QueryFormExplodeArrayRequest { Color = Colors }),
        ["query form explode object"] = c => c.QueryFormExplodeObjectAsync(new QueryFormExplodeObjectRequest { Color = Rgb }),
        ["query spaceDelimited flat array"] = c => c.QuerySpaceDelimitedFlatArrayAsync(new QuerySpaceDelimitedFlatArrayRequest { Color = Colors }),
        ["query spaceDelimited flat object"] = c => c.QuerySpaceDelimitedFlatObjectAsync(new QuerySpaceDelimitedFlatObjectRequest { Color = Rgb }),
        ["query pipeDelimited flat array"] = c => c.QueryPipeDelimitedFlatArrayAsync(new QueryPipeDelimitedFlatArrayRequest { Color = Colors }),
        ["query pipeDelimited flat object"] = c => c.QueryPipeDelimitedFlatObjectAsync(new QueryPipeDelimitedFlatObjectRequest { Color = Rgb }),
        ["query deepObject explode object"] = c => c.QueryDeepObjectExplodeObjectAsync(new QueryDeepObjectExplodeObjectRequest { Color = Rgb }),
        ["header simple flat string"] = c => c.HeaderSimpleFlatStringAsync(new HeaderSimpleFlatStringRequest { Color = Blue }),
        ["header simple flat array"] = c => c.HeaderSimpleFlatArrayAsync(new HeaderSimpleFlatArrayRequest { Color = Colors }),
        ["header simple flat object"] = c => c.HeaderSimpleFlatObjectAsync(new HeaderSimpleFlatObjectRequest { Color = Rgb }),
        ["header simple explode string"] = c => c.HeaderSimpleExplodeStringAsync(new HeaderSimpleExplodeStringRequest { Color = Blue }),
        ["header simple explode array"] = c => c.HeaderSimpleExplodeArrayAsync(new HeaderSimpleExplodeArrayRequest { Color = Colors }),
        ["header simple explode object"] = c => c.HeaderSimpleExplodeObjectAsync(new HeaderSimpleExplodeObjectRequest { Color = Rgb }),
        ["cookie form flat string"] = c => c.CookieFormFlatStringAsync(new CookieFormFlatStringRequest { Color = Blue }),
        ["cookie form flat array"] = c => c.CookieFormFlatArrayAsync(new CookieFormFlatArrayRequest { Color = Colors }),
        ["cookie form flat object"] = c => c.CookieFormFlatObjectAsync(new CookieFormFlatObjectRequest { Color = Rgb }),
        ["cookie form explode string"] = c => c.CookieFormExplodeStringAsync(new CookieFormExplodeStringRequest { Color = Blue }),
        ["cookie form explode array"] = c => c.CookieFormExplodeArrayAsync(new CookieFormExplodeArrayRequest { Color = Colors }),
        ["cookie form explode object"] = c => c.CookieFormExplodeObjectAsync(new CookieFormExplodeObjectRequest { Color = Rgb }),
    };

    private ParameterServer _server = null!;

    public async Task InitializeAsync() => _server = await ParameterServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ParametersClient CreateClient() => new(new ApiClientOptions
    {
        BaseAddress = _server.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        MaxRetries = 0,
    });

    /// <summary>What a request carried for the parameter: the path after the operation's fixed part, the query, the header or the Cookie header.</summary>
    private static string Sent(ParameterRequest request, string location) => location switch
    {
        "path" => request.RawPath[(request.RawPath.IndexOf('/', 1) + 1)..],
        "query" => request.RawQuery,
        "header" => request.Header("color") ?? "(no header)",
        "cookie" => request.Header("Cookie") ?? "(no cookie)",
        _ => throw new ArgumentOutOfRangeException(nameof(location), location, null),
    };

    [Theory]
    [InlineData("path simple flat string", "blue")]
    [InlineData("path simple flat array", "blue,black,brown")]
    [InlineData("path simple flat object", "R,100,G,200,B,150")]
    [InlineData("path simple explode string", "blue")]
    [InlineData("path simple explode array", "blue,black,brown")]
    [InlineData("path simple explode object", "R=100,G=200,B=150")]
    [InlineData("path label flat string", ".blue")]
    [InlineData("path label flat array", ".blue,black,brown")]
    [InlineData("path label flat object", ".R,100,G,200,B,150")]
    [InlineData("path label explode string", ".blue")]
    [InlineData("path label explode array", ".blue.black.brown")]
    [InlineData("path label explode object", ".R=100.G=200.B=150")]
    [InlineData("path matrix flat string", ";color=blue")]
    [InlineData("path matrix flat array", ";color=blue,black,brown")]
    [InlineData("path matrix flat object", ";color=R,100,G,200,B,150")]
    [InlineData("path matrix explode string", ";color=blue")]
    [InlineData("path matrix explode array", ";color=blue;color=black;color=brown")]
    [InlineData("path matrix explode object", ";R=100;G=200;B=150")]
    [InlineData("query form flat string", "color=blue")]
    [InlineData("query form flat array", "color=blue,black,brown")]
    [InlineData("query form flat object", "color=R,100,G,200,B,150")]
    [InlineData("query form explode string", "color=blue")]
    [InlineData("query form explode array", "color=blue&color=black&color=brown")]
    [InlineData("query form explode object", "R=100&G=200&B=150")]
    [InlineData("query spaceDelimited flat array", "color=blue%20black%20brown")]
    [InlineData("query spaceDelimited flat object", "color=R%20100%20G%20200%20B%20150")]
    [InlineData("query pipeDelimited flat array", "color=blue%7Cblack%7Cbrown")]
    [InlineData("query pipeDelimited flat object", "color=R%7C100%7CG%7C200%7CB%7C150")]
    [InlineData("query deepObject explode object", "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150")]
    [InlineData("header simple flat string", "blue")]
    [InlineData("header simple flat array", "blue,black,brown")]
    [InlineData("header simple flat object", "R,100,G,200,B,150")]
    [InlineData("header simple explode string", "blue")]
    [InlineData("header simple explode array", "blue,black,brown")]
    [InlineData("header simple explode object", "R=100,G=200,B=150")]
    [InlineData("cookie form flat string", "color=blue")]
    [InlineData("cookie form flat array", "color=blue,black,brown")]
    [InlineData("cookie form flat object", "color=R,100,G,200,B,150")]
    [InlineData("cookie form explode string", "color=blue")]
    [InlineData("cookie form explode array", "color=blue; color=black; color=brown")]
    [InlineData("cookie form explode object", "R=100; G=200; B=150")]
    public async Task Each_example_of_the_OpenAPI_style_table_arrives_exactly_as_the_specification_writes_it(string example, string expected)
    {
        using var client = CreateClient();
        await Calls[example](client);
        ParameterRequest request = _server.Single();
        Assert.Equal(expected, Sent(request, example.Split(' ')[0]));
    }

    [Fact]
    public void The_table_covers_every_operation_of_the_style_document()
    {
        var methods = typeof(ParametersClient).GetMethods()
            .Select(m => m.Name)
            .Where(n => n.StartsWith("Path", StringComparison.Ordinal) || n.StartsWith("Query", StringComparison.Ordinal) && !n.StartsWith("QueryTyped", StringComparison.Ordinal)
                || n.StartsWith("Header", StringComparison.Ordinal) || n.StartsWith("Cookie", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var rows = typeof(ParameterStyleTests).GetMethod(nameof(Each_example_of_the_OpenAPI_style_table_arrives_exactly_as_the_specification_writes_it))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length;
        Assert.Equal(methods.Count, Calls.Count);
        Assert.Equal(Calls.Count, rows);
    }

    [Fact]
    public async Task Arrays_of_numbers_enums_dates_and_booleans_and_a_map_are_written_in_the_invariant_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // decimal comma, other date order
        try
        {
            using var client = CreateClient();
            await client.TypedValuesAsync([1, -2, 30], new TypedValuesRequest
            {
                Scores = [1.5, -2, 1e16],
                Kinds = [Kind.Alpha, Kind.BetaGamma],
                Since = [new DateTimeOffset(2026, 3, 4, 7, 6, 7, 123, TimeSpan.FromHours(2)), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)],
                Limits = new Dictionary<string, double> { ["calls"] = 2.5, ["a b"] = 3 },
                Levels = [(Level)1, (Level)10, (Level)7],
                XFlags = [true, false],
                Expand = ["customer", "a b&c"],
            });
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        ParameterRequest request = _server.Single();
        Assert.Equal("/typed/.1.-2.30", request.RawPath);
        Assert.Equal(
            "scores=1.5,-2,10000000000000000&kinds=alpha%7Cbeta-gamma&since=2026-03-04T05%3A06%3A07.123Z%202026-01-02T03%3A04%3A05.000Z"
            + "&limits%5Bcalls%5D=2.5&limits%5Ba%20b%5D=3&levels=1,10,7&expand%5B0%5D=customer&expand%5B1%5D=a%20b%26c",
            request.RawQuery);
        Assert.Equal("true,false", request.Header("X-Flags"));
    }

    [Fact]
    public async Task Optional_arrays_maps_and_objects_left_out_send_nothing()
    {
        using var client = CreateClient();
        await client.TypedValuesAsync([7]);
        ParameterRequest request = _server.Single();
        Assert.Equal("/typed/.7", request.RawPath);
        Assert.Equal(string.Empty, request.RawQuery);
        Assert.Null(request.Header("X-Flags"));
    }

    [Fact]
    public async Task AllowReserved_keeps_reserved_characters_and_triples_while_the_plain_parameter_escapes_them()
    {
        const string value = "a/b?c:d@e!$'()*,;=&+#[] \u00e9%2F%";
        using var client = CreateClient();
        await client.ReservedValuesAsync(new ReservedValuesRequest { Next = value, Plain = value, Paths = ["x/y", "p,q"] });
        Assert.Equal(
            "next=a/b?c:d@e!$'()*,;%3D%26%2B%23%5B%5D%20%C3%A9%2F%25"
            + "&plain=a%2Fb%3Fc%3Ad%40e%21%24%27%28%29%2A%2C%3B%3D%26%2B%23%5B%5D%20%C3%A9%252F%25"
            + "&paths=x/y,p,q",
            _server.Single().RawQuery);
    }

    [Fact]
    public async Task Content_parameters_send_the_JSON_text_of_their_value_encoded_for_where_it_goes()
    {
        using var client = CreateClient();
        await client.ContentValuesAsync(Rgb, new ContentValuesRequest { Filter = Rgb, Count = 5, XFilter = ["a", "\u00e9"], Prefs = Rgb, Note = "x y" });
        ParameterRequest request = _server.Single();
        const string json = "%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D";
        Assert.Equal("/content/" + json, request.RawPath);
        Assert.Equal("filter=" + json + "&count=5&note=x%20y", request.RawQuery);
        Assert.Equal("[\"a\",\"\\u00E9\"]", request.Header("X-Filter"));
        Assert.Equal("prefs=" + json, request.Header("Cookie"));
        Assert.Equal("""{"R":100,"G":200,"B":150}""", Uri.UnescapeDataString(request.RawPath["/content/".Length..]));
    }

    [Fact]
    public async Task Cookie_parameters_go_together_in_one_Cookie_header_with_their_values_encoded()
    {
        using var client = CreateClient();
        await client.ReadSessionAsync(new ReadSessionRequest { Session = "a b;c=d,\u00e9", Theme = Kind.BetaGamma, Visits = 3, XTrace = "t-1" });
        await client.ReadSessionAsync(new ReadSessionRequest { Session = "s" });
        IReadOnlyList<ParameterRequest> requests = _server.Requests;
        Assert.Equal("session=a%20b%3Bc%3Dd%2C%C3%A9; theme=beta-gamma; visits=3", requests[0].Header("Cookie"));
        Assert.Equal("t-1", requests[0].Header("X-Trace"));
        Assert.Equal("session=s", requests[1].Header("Cookie"));
        Assert.Null(requests[1].Header("X-Trace"));
    }

    [Fact]
    public async Task A_required_cookie_that_is_null_fails_before_anything_is_sent()
    {
        using var client = CreateClient();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.ReadSessionAsync(new ReadSessionRequest { Session = null! }));
        Assert.Contains("'session'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task HEAD_OPTIONS_and_TRACE_are_sent_with_their_method_and_HEAD_reads_no_body()
    {
        using var client = CreateClient();
        await client.CheckSessionAsync(new CheckSessionRequest { Session = "s" });
        Allowed allowed = await client.SessionOptionsAsync();
        await client.TraceSessionAsync();
        Assert.Equal(["GET", "HEAD", "OPTIONS"], allowed.Methods);
        Assert.Equal(["HEAD /session", "OPTIONS /session", "TRACE /session"], _server.Requests.Select(r => r.Method + " " + r.RawPath));
        Assert.Equal("session=s", _server.Requests[0].Header("Cookie"));
        // HEAD returns the status only: its method is a Task, whatever body the document describes for GET-like reads.
        Assert.Equal(typeof(Task), typeof(ParametersClient).GetMethod(nameof(ParametersClient.CheckSessionAsync))!.ReturnType);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_path_value_that_would_resolve_to_another_path_is_refused_before_anything_is_sent(string value)
    {
        using var client = CreateClient();
        await Assert.ThrowsAsync<ArgumentException>(() => client.PathSimpleFlatStringAsync(value));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PathSimpleFlatArrayAsync([value]));
        // Label style puts a '.' before the value: an empty value, or ".", would make a dot segment too.
        await Assert.ThrowsAsync<ArgumentException>(() => client.PathLabelFlatStringAsync(value.Length == 1 ? string.Empty : "."));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Dots_inside_a_segment_and_escaped_percent_signs_still_go_through()
    {
        using var client = CreateClient();
        await client.PathSimpleFlatStringAsync("...");
        await client.PathSimpleFlatStringAsync("%2E%2E");
        await client.PathLabelFlatStringAsync("v1.2");
        Assert.Equal(
            ["/path-simple-flat-string/...", "/path-simple-flat-string/%252E%252E", "/path-label-flat-string/.v1.2"],
            _server.Requests.Select(r => r.RawPath));
    }
}
