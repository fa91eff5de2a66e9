using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Vapi;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>
/// Response bodies that are not valid UTF-8 (and strings that cannot be made even from valid UTF-8: escaped lone
/// surrogates), through the generated client's buffered and streaming calls over real HTTP: every outcome is an
/// <see cref="ApiException"/> naming the JSON path, never another exception type and never a value.
/// </summary>
public sealed class InvalidUtf8Tests
{
    private readonly ITestOutputHelper _output;

    public InvalidUtf8Tests(ITestOutputHelper output) => _output = output;

    /// <summary>Where in the document an invalid sequence goes.</summary>
    internal enum Place
    {
        StringValue,
        PropertyName,
        BetweenTokens,
    }

    /// <summary>A valid list-calls body and the places in it, each with the top-level item holding it (-1: between items, with the next item's index).</summary>
    private sealed record Body(byte[] Bytes, string[] Ids, Dictionary<Place, List<(int Offset, int Item, int NextItem)>> Places);

    private static readonly Lazy<Task<Body>> s_body = new(CreateBodyAsync);

    /// <summary>Invalid UTF-8: lone continuation bytes, sequences cut short, overlong forms, UTF-16 surrogates in UTF-8, F5..FF, beyond U+10FFFF.</summary>
    internal static readonly Gen<byte[]> InvalidSequence = Gen.OneOf(
        Gen.Byte[0x80, 0xBF].Select(b => new[] { b }),
        Gen.Select(Gen.Byte[0x80, 0xBF], Gen.Byte[0x80, 0xBF], (a, b) => new[] { a, b }),
        Gen.Byte[0xC2, 0xDF].Select(b => new[] { b }),
        Gen.Select(Gen.Byte[0xE1, 0xEC], Gen.Byte[0x80, 0xBF], (a, b) => new[] { a, b }),
        Gen.Select(Gen.Byte[0xF1, 0xF3], Gen.Byte[0x80, 0xBF], Gen.Byte[0x80, 0xBF], (a, b, c) => new[] { a, b, c }),
        Gen.OneOf(new byte[] { 0xC0, 0x80 }, new byte[] { 0xC1, 0xBF }, new byte[] { 0xE0, 0x80, 0xAF }, new byte[] { 0xE0, 0x9F, 0xBF }, new byte[] { 0xF0, 0x80, 0x80, 0xAF }, new byte[] { 0xF0, 0x8F, 0xBF, 0xBF }),
        Gen.Select(Gen.Byte[0xA0, 0xBF], Gen.Byte[0x80, 0xBF], (b, c) => new byte[] { 0xED, b, c }),
        Gen.Byte[0xF5, 0xFF].Select(b => new[] { b }),
        Gen.Select(Gen.Byte[0xF5, 0xFF], Gen.Byte[0x80, 0xBF], (a, b) => new[] { a, b }),
        Gen.Select(Gen.Byte[0x90, 0xBF], Gen.Byte[0x80, 0xBF], Gen.Byte[0x80, 0xBF], (b, c, d) => new byte[] { 0xF4, b, c, d }));

    internal sealed record Case(Place Place, int PositionSeed, byte[] Sequence)
    {
        public override string ToString() =>
            $"{Place} #{PositionSeed}: {string.Join(" ", Sequence.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}";
    }

    private static readonly Gen<Case> s_cases = Gen.Select(
        Gen.OneOf(Place.StringValue, Place.PropertyName, Place.BetweenTokens),
        Gen.Int[0, int.MaxValue],
        InvalidSequence,
        (place, position, sequence) => new Case(place, position, sequence));

    [Fact]
    public async Task InvalidUtf8AnywhereInAListCallsResponseIsAnApiExceptionWithTheJsonPathInBufferedAndStreamingCalls()
    {
        Body body = await s_body.Value;
        await using HostileServer server = await HostileServer.StartAsync();
        byte[] current = body.Bytes;
        server.Handler = context => WriteJsonAsync(server, context, current);
        using VapiClient client = server.CreateClient();

        await PropertyRun.CheckAsync(
            s_cases,
            async testCase =>
            {
                List<(int Offset, int Item, int NextItem)> places = body.Places[testCase.Place];
                (int offset, int item, int nextItem) = places[testCase.PositionSeed % places.Count];
                current = [.. body.Bytes.AsSpan(0, offset), .. testCase.Sequence, .. body.Bytes.AsSpan(offset)];

                ApiException buffered = await AssertDecodeFailureAsync(() => client.ListCallsAsync());
                AssertPath(buffered, item, nextItem, "buffered");

                var streamed = new List<Call>();
                ApiException streaming = await AssertDecodeFailureAsync(async () =>
                {
                    await foreach (Call call in client.ListCallsStreamAsync())
                    {
                        streamed.Add(call);
                    }
                });
                AssertPath(streaming, item, nextItem, "streaming");

                // The items before the broken one, exactly; never one made from the broken bytes.
                int before = item >= 0 ? item : nextItem;
                Assert.Equal(body.Ids.Take(before), streamed.Select(c => c.Id));
            },
            defaultSeed: "0Utf8Hostile1",
            defaultIterations: 250,
            describe: testCase => testCase.ToString(),
            _output);
    }

    [Theory]
    [InlineData("[{\"id\":\"\\uD800\",\"orgId\":\"o\"}]", "$[0].id")]
    [InlineData("[{\"id\":\"a\\uDC00b\",\"orgId\":\"o\"}]", "$[0].id")]
    [InlineData("[{\"id\":\"c1\",\"orgId\":\"o\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"},{\"\\uD800x\":1}]", "$[1]")]
    [InlineData("[{\"id\":\"c1\",\"orgId\":\"o\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"unknown\\uDFFF\":1}]", "$[0]")]
    public async Task AnEscapedLoneSurrogateInAValueOrANameIsAnApiExceptionWithThePath(string json, string pathPrefix)
    {
        await using HostileServer server = await HostileServer.StartAsync();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        server.Handler = context => WriteJsonAsync(server, context, bytes);
        using VapiClient client = server.CreateClient();

        ApiException buffered = await AssertDecodeFailureAsync(() => client.ListCallsAsync());
        ApiException streaming = await AssertDecodeFailureAsync(async () =>
        {
            await foreach (Call call in client.ListCallsStreamAsync())
            {
                Assert.Equal("c1", call.Id);
            }
        });

        foreach (ApiException error in new[] { buffered, streaming })
        {
            string path = Assert.IsAssignableFrom<JsonException>(error.InnerException).Path!;
            Assert.StartsWith(pathPrefix, path);
            Assert.Contains(pathPrefix, error.Message);
        }
    }

    [Fact]
    public async Task ValidMultiByteTextArrivingAByteAtATimeStreamsWithoutAFalseAlarm()
    {
        // Strings with 2-, 3- and 4-byte sequences, sent three bytes at a time so that reads split them.
        string text = "\"caf\u00e9 \u65e5\u672c \ud83d\ude00 \u00fc\"";
        byte[] bytes = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{\"id\":\"x\",\"orgId\":" + text + ",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"endedMessage\":" + text + "}", 40)) + "]");
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            for (int i = 0; i < bytes.Length; i += 3)
            {
                await server.WriteAsync(context, bytes.AsMemory(i, Math.Min(3, bytes.Length - i)));
            }
        };
        using VapiClient client = server.CreateClient();

        int count = 0;
        await foreach (Call call in client.ListCallsStreamAsync())
        {
            Assert.Equal("caf\u00e9 \u65e5\u672c \ud83d\ude00 \u00fc", call.EndedMessage);
            count++;
        }

        Assert.Equal(40, count);
    }

    [Theory]
    [InlineData(400, "application/json")]
    [InlineData(500, "text/plain; charset=utf-8")]
    [InlineData(403, "text/html; charset=iso-8859-1")]
    [InlineData(200, "text/html")]
    public async Task AnErrorOrNonJsonBodyWithInvalidBytesIsReadAsTextNotDecoded(int status, string contentType)
    {
        await using HostileServer server = await HostileServer.StartAsync();
        byte[] bytes = [.. "{\"message\":\"bad "u8, 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, .. " input\"}"u8];
        server.Handler = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await server.WriteAsync(context, bytes);
        };
        using VapiClient client = server.CreateClient();

        Exception? buffered = await Record.ExceptionAsync(() => client.ListCallsAsync());
        Exception? streaming = await Record.ExceptionAsync(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync())
            {
            }
        });

        foreach (Exception? error in new[] { buffered, streaming })
        {
            ApiException api = Assert.IsType<ApiException>(error);
            Assert.Equal(status, api.StatusCode);
            Assert.Contains("bad ", api.ResponseBody);
            Assert.Contains(" input", api.ResponseBody);
            Assert.Null(api.InnerException);
        }
    }

    [Fact]
    public async Task TheGeneratedConvertersThroughJsonSerializerFailWithJsonException()
    {
        Body body = await s_body.Value;
        var scan = new Utf8JsonReader(body.Bytes);
        scan.Read();
        scan.Read();
        scan.Skip();
        byte[] first = body.Bytes.AsSpan(1, (int)scan.BytesConsumed - 1).ToArray(); // the first call object
        Assert.Equal(body.Ids[0], JsonSerializer.Deserialize<Call>(first)!.Id);

        foreach (Place place in Enum.GetValues<Place>())
        {
            (int offset, _, _) = body.Places[place].First(p => p.Item == 0 && p.Offset > 1 && p.Offset < first.Length);
            byte[] broken = [.. first.AsSpan(0, offset - 1), 0xED, 0xA0, 0x80, .. first.AsSpan(offset - 1)];
            Exception? error = Record.Exception(() => JsonSerializer.Deserialize<Call>(broken));
            Assert.True(error is JsonException, $"{place}: {error?.GetType().Name ?? "no exception"}: {error?.Message}");
        }

        byte[] escaped = Encoding.UTF8.GetBytes("{\"id\":\"\\uD800\",\"orgId\":\"o\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}");
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Call>(escaped));
    }

    private static async Task<ApiException> AssertDecodeFailureAsync(Func<Task> call)
    {
        Exception? error = await Record.ExceptionAsync(call);
        Assert.True(error is not null, "The call succeeded on a body that is not valid.");
        Assert.True(error.GetType() == typeof(ApiException), $"Expected ApiException, got {error.GetType()}: {error}");
        var api = (ApiException)error;
        Assert.Equal(200, api.StatusCode);
        Assert.Contains("could not be decoded", api.Message);
        return api;
    }

    private static void AssertPath(ApiException error, int item, int nextItem, string mode)
    {
        JsonException json = Assert.IsAssignableFrom<JsonException>(error.InnerException);
        string path = json.Path ?? "";
        Assert.True(path.StartsWith('$'), $"{mode}: no JSON path in {error.Message}");
        Assert.Contains(path, error.Message);
        bool expected = item >= 0
            ? path == $"$[{item}]" || path.StartsWith($"$[{item}].", StringComparison.Ordinal) || path.StartsWith($"$[{item}][", StringComparison.Ordinal)
            : path == "$" || path == $"$[{nextItem}]" || path == $"$[{nextItem - 1}]";
        Assert.True(expected, $"{mode}: path {path} for a byte in item {item} (next item {nextItem}): {error.Message}");
    }

    private static async Task WriteJsonAsync(HostileServer server, HttpContext context, byte[] bytes)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await server.WriteAsync(context, bytes);
    }

    private static async Task<Body> CreateBodyAsync()
    {
        await using Simulator simulator = await StartAsync(callCount: 4);
        byte[] bytes = Encoding.UTF8.GetBytes(CallsJson(simulator, 4));
        var places = new Dictionary<Place, List<(int, int, int)>>
        {
            [Place.StringValue] = [],
            [Place.PropertyName] = [],
            [Place.BetweenTokens] = [],
        };
        var ids = new List<string>();
        var reader = new Utf8JsonReader(bytes);
        int item = -1, nextItem = 0;
        string? lastName = null;
        while (reader.Read())
        {
            int start = (int)reader.TokenStartIndex;
            bool itemStarts = reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.StartObject;
            if (reader.CurrentDepth >= 1)
            {
                // Right before a token inside the array: between two items before an item's '{', else inside the item.
                places[Place.BetweenTokens].Add(itemStarts ? (start, -1, nextItem) : (start, item, nextItem));
            }

            if (itemStarts)
            {
                item = nextItem;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
            {
                lastName = reader.GetString();
            }
            else if (reader.TokenType == JsonTokenType.String && reader.CurrentDepth == 2 && lastName == "id")
            {
                ids.Add(reader.GetString()!);
            }

            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                for (int offset = start + 1; offset <= start + 1 + reader.ValueSpan.Length; offset++)
                {
                    places[reader.TokenType == JsonTokenType.String ? Place.StringValue : Place.PropertyName].Add((offset, item, nextItem));
                }
            }

            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.EndObject)
            {
                nextItem++;
                places[Place.BetweenTokens].Add(((int)reader.BytesConsumed, -1, nextItem));
                item = -1;
            }
        }

        Assert.Equal(4, ids.Count);
        Assert.All(places.Values, list => Assert.NotEmpty(list));
        return new Body(bytes, ids.ToArray(), places);
    }
}
