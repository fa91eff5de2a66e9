using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Faults;
using CallsGen.Tests.Parameters;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Client;

/// <summary>
/// Random strings (reserved characters, percent signs, quotes, spaces, non-ASCII letters, emoji) sent through the
/// generated ParametersClient in each style, parsed back on the server from the raw request the way a server that
/// knows the style would (split on the style's delimiters, then percent-decode), must come back exactly. Only the
/// characters a style cannot tell from its own delimiters are left out of its values: a space in spaceDelimited, a '|'
/// in pipeDelimited and a '.' in exploded label values (all three, as OpenAPI notes, the specification itself cannot
/// tell apart), and in headers, which are sent as given, anything but visible ASCII and the ',' and '=' that separate
/// items.
/// </summary>
public sealed class ParameterStylePropertyTests : IAsyncLifetime
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", "-", "_", ".", "~", ":", "/", "?", "#", "[", "]", "@", "!", "$", "&", "'", "(", ")", "*", "+",
        ",", ";", "=", "%", "%2F", "%41", " ", "\"", "<", ">", "\\", "^", "`", "{", "|", "}", "\u00e9", "\u65e5\u672c",
        "\U0001F600", "e\u0301", "\u00a0",
    ];

    private static readonly List<StyleCase> Cases =
    [
        Case("query form exploded", "", (c, v) => c.QueryFormExplodeArrayAsync(new QueryFormExplodeArrayRequest { Color = v }),
            r => Pairs(r.RawQuery, "&").Select(p => Named(p, "color")).ToArray()),
        Case("query form", "", (c, v) => c.QueryFormFlatArrayAsync(new QueryFormFlatArrayRequest { Color = v }),
            r => Split(Named(r.RawQuery, "color", decode: false), ",")),
        Case("query spaceDelimited", " ", (c, v) => c.QuerySpaceDelimitedFlatArrayAsync(new QuerySpaceDelimitedFlatArrayRequest { Color = v }),
            r => Split(Named(r.RawQuery, "color", decode: false), "%20")),
        Case("query pipeDelimited", "|", (c, v) => c.QueryPipeDelimitedFlatArrayAsync(new QueryPipeDelimitedFlatArrayRequest { Color = v }),
            r => Split(Named(r.RawQuery, "color", decode: false), "%7C")),
        Case("query string", "", (c, v) => c.QueryFormFlatStringAsync(new QueryFormFlatStringRequest { Color = v[0] }),
            r => [Named(r.RawQuery, "color")], single: true),
        Case("path simple", "", (c, v) => c.PathSimpleFlatArrayAsync(v), r => Split(PathValue(r), ","), path: true),
        Case("path simple string", "", (c, v) => c.PathSimpleFlatStringAsync(v[0]), r => [Uri.UnescapeDataString(PathValue(r))], single: true, path: true),
        Case("path label", "", (c, v) => c.PathLabelFlatArrayAsync(v), r => Split(After(PathValue(r), "."), ","), path: true),
        Case("path label exploded", ".", (c, v) => c.PathLabelExplodeArrayAsync(v), r => Split(After(PathValue(r), "."), "."), path: true),
        Case("path label string", "", (c, v) => c.PathLabelFlatStringAsync(v[0]), r => [Uri.UnescapeDataString(After(PathValue(r), "."))], single: true, path: true),
        Case("path matrix", "", (c, v) => c.PathMatrixFlatArrayAsync(v), r => Split(After(PathValue(r), ";color="), ","), path: true),
        Case("path matrix exploded", "", (c, v) => c.PathMatrixExplodeArrayAsync(v),
            r => Pairs(After(PathValue(r), ";"), ";").Select(p => Named(p, "color")).ToArray(), path: true),
        Case("path matrix string", "", (c, v) => c.PathMatrixFlatStringAsync(v[0]), r => [Named(After(PathValue(r), ";"), "color")], single: true, path: true),
        Case("cookie", "", (c, v) => c.CookieFormFlatArrayAsync(new CookieFormFlatArrayRequest { Color = v }),
            r => Split(Named(r.Header("Cookie")!, "color", decode: false), ",")),
        Case("cookie exploded", "", (c, v) => c.CookieFormExplodeArrayAsync(new CookieFormExplodeArrayRequest { Color = v }),
            r => Pairs(r.Header("Cookie")!, "; ").Select(p => Named(p, "color")).ToArray()),
        Case("cookie string", "", (c, v) => c.CookieFormFlatStringAsync(new CookieFormFlatStringRequest { Color = v[0] }),
            r => [Named(r.Header("Cookie")!, "color")], single: true),
        Case("header", HeaderExcluded, (c, v) => c.HeaderSimpleFlatArrayAsync(new HeaderSimpleFlatArrayRequest { Color = v }),
            r => r.Header("color")!.Split(','), header: true),
        Case("header string", HeaderExcluded, (c, v) => c.HeaderSimpleFlatStringAsync(new HeaderSimpleFlatStringRequest { Color = v[0] }),
            r => [r.Header("color")!], single: true, header: true),
        Case("maps", "", (c, v) => MapsAsync(c, v), MapsSent, map: true),
        Case("query form exploded map", "", (c, v) => c.FormMapValuesAsync(new FormMapValuesRequest { Attributes = Map(v) }),
            r => Pairs(r.RawQuery, "&").SelectMany(p => p.Split('=').Select(Uri.UnescapeDataString)).ToArray(), map: true),
    ];

    // Everything outside visible ASCII, and the item separators; a value that starts or ends with a space loses it (HTTP trims it).
    private const string HeaderExcluded = ",=\u00e9\u65e5\u672c\U0001F600\u0301\u00a0";

    private readonly ITestOutputHelper _output;
    private ParameterServer _server = null!;

    public ParameterStylePropertyTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync() => _server = await ParameterServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Random_values_in_every_style_are_parsed_back_by_the_server_exactly()
    {
        using var client = new ParametersClient(new ApiClientOptions { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(30), MaxRetries = 0 });
        var gen =
            from index in Gen.Int[0, Cases.Count - 1]
            from values in Values(Cases[index])
            select (Case: Cases[index], Values: values);
        await PropertyRun.CheckAsync(
            gen,
            async c =>
            {
                _server.Clear();
                await c.Case.Send(client, c.Values);
                var expected = c.Case.Map ? Flatten(Map(c.Values)) : c.Values;
                Assert.Equal(expected, c.Case.Parse(_server.Single()));
            },
            defaultSeed: "0ParamStyle1",
            defaultIterations: 1000,
            describe: c => c.Case.Name + ": [" + string.Join(", ", c.Values.Select(v => "\"" + v + "\"")) + "]",
            _output);
    }

    [Fact]
    public void Every_style_case_is_run()
    {
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());
        Assert.Equal(20, Cases.Count);
    }

    private static Gen<string[]> Values(StyleCase styleCase)
    {
        var pieces = Pieces.Where(p => !p.Any(ch => styleCase.Excluded.Contains(ch, StringComparison.Ordinal))).ToArray();
        var text = Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[1, 6].Select(parts => string.Concat(parts))
            // A header value is trimmed of spaces at its ends; a path value of only dots is refused (it would change the path).
            .Where(s => !styleCase.Header || s.Trim() == s)
            .Where(s => !styleCase.Path || s.Trim('.').Length > 0);
        return styleCase.Single ? text.Select(s => new[] { s }) : text.Array[1, 4];
    }

    private static Task MapsAsync(ParametersClient client, string[] values)
    {
        var map = Map(values);
        return client.MapValuesAsync(map, new MapValuesRequest { Filter = map, XMeta = Header(map), Prefs = map });
    }

    /// <summary>What the maps operation sent, in one list: the path's, the query's and the cookie's entries must all equal the map; the header's its visible-ASCII part.</summary>
    private static string[] MapsSent(ParameterRequest request)
    {
        var path = Pairs(PathValue(request), ",").SelectMany(p => p.Split('=').Select(Uri.UnescapeDataString)).ToArray();
        var query = Pairs(request.RawQuery, "&").SelectMany(p =>
        {
            var parts = p.Split('=');
            Assert.StartsWith("filter%5B", parts[0], StringComparison.Ordinal);
            Assert.EndsWith("%5D", parts[0], StringComparison.Ordinal);
            return new[] { Uri.UnescapeDataString(parts[0]["filter%5B".Length..^"%5D".Length]), Uri.UnescapeDataString(parts[1]) };
        }).ToArray();
        var cookie = Pairs(request.Header("Cookie")!, "; ").SelectMany(p => p.Split('=').Select(Uri.UnescapeDataString)).ToArray();
        Assert.Equal(path, query);
        Assert.Equal(path, cookie);
        if (request.Header("X-Meta") is { } header)
        {
            Assert.Equal(path, header.Split(',').SelectMany(p => p.Split('=')).ToArray());
        }

        return path;
    }

    /// <summary>A map of the generated strings taken as (key, value) pairs; a repeated key keeps its first value.</summary>
    private static Dictionary<string, string> Map(string[] values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < values.Length; i++)
        {
            map.TryAdd(values[i], values[(i + 1) % values.Length]);
        }

        return map;
    }

    private static Dictionary<string, string>? Header(Dictionary<string, string> map)
    {
        // Headers carry visible ASCII as given, so only such entries go there; their arrival is checked by the header cases.
        return map.All(e => IsHeaderText(e.Key) && IsHeaderText(e.Value)) ? map : null;
    }

    private static bool IsHeaderText(string text) => text.Trim() == text && text.All(c => c is >= '!' and <= '~' or ' ') && !text.Contains(',') && !text.Contains('=');

    private static string[] Flatten(Dictionary<string, string> map) => map.SelectMany(e => new[] { e.Key, e.Value }).ToArray();

    /// <summary>The parameter's text in a path, after the operation's fixed first segment.</summary>
    private static string PathValue(ParameterRequest request) => request.RawPath[(request.RawPath.IndexOf('/', 1) + 1)..];

    private static string After(string text, string prefix)
    {
        Assert.StartsWith(prefix, text, StringComparison.Ordinal);
        return text[prefix.Length..];
    }

    private static string[] Pairs(string text, string separator) => text.Split(separator);

    /// <summary>The value of <c>name=value</c>, checking the name.</summary>
    private static string Named(string pair, string name, bool decode = true)
    {
        int equals = pair.IndexOf('=');
        Assert.True(equals >= 0, "No '=' in " + pair);
        Assert.Equal(name, pair[..equals]);
        return decode ? Uri.UnescapeDataString(pair[(equals + 1)..]) : pair[(equals + 1)..];
    }

    private static string[] Split(string text, string delimiter) => text.Split(delimiter).Select(Uri.UnescapeDataString).ToArray();

    private static StyleCase Case(string name, string excluded, Func<ParametersClient, string[], Task> send, Func<ParameterRequest, string[]> parse, bool single = false, bool path = false, bool header = false, bool map = false) =>
        new(name, excluded, send, parse, single, path, header, map);

    /// <summary>One style under test: how to send values in it, how a server parses them back, and what its values leave out.</summary>
    private sealed record StyleCase(string Name, string Excluded, Func<ParametersClient, string[], Task> Send, Func<ParameterRequest, string[]> Parse, bool Single, bool Path, bool Header, bool Map)
    {
        public override string ToString() => Name;
    }
}
