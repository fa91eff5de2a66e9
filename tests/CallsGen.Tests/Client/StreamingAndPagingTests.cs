using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>The generated ListCallsStreamAsync and ListAllCallsAsync against the simulator over real HTTP.</summary>
public sealed class StreamingAndPagingTests
{
    private static VapiClient Client(Simulator simulator) => new(new ApiClientOptions
    {
        BaseAddress = simulator.BaseAddress,
        ApiKey = simulator.ApiKey,
        Timeout = TimeSpan.FromSeconds(30),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    private static async Task<List<Call>> ToListAsync(IAsyncEnumerable<Call> items)
    {
        var list = new List<Call>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    [Fact]
    public async Task Streaming_yields_the_same_calls_as_the_buffered_list()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 300 });
        using var client = Client(simulator);

        var buffered = await client.ListCallsAsync(new ListCallsRequest { Limit = 1000 });
        var streamed = await ToListAsync(client.ListCallsStreamAsync(new ListCallsRequest { Limit = 1000 }));

        // Records hold lists by reference, so compare what they serialize to.
        Assert.Equal(300, streamed.Count);
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(JsonHelpers.Serialize(buffered, VapiClientJson.WriteCall_List)),
            System.Text.Encoding.UTF8.GetString(JsonHelpers.Serialize<IReadOnlyList<Call>>(streamed, VapiClientJson.WriteCall_List)));
    }

    [Fact]
    public async Task Streaming_yields_calls_while_the_body_is_still_arriving()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 200 });
        using var client = Client(simulator);
        var body = System.Text.Encoding.UTF8.GetString(
            JsonHelpers.Serialize(await client.ListCallsAsync(new ListCallsRequest { Limit = 1000 }), VapiClientJson.WriteCall_List));

        // The simulator sends the first half of the body, waits, then sends the rest.
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = body, BodyDelay = TimeSpan.FromSeconds(2) });
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        var count = 0;
        await foreach (var call in client.ListCallsStreamAsync())
        {
            first ??= clock.Elapsed;
            count++;
        }
        var last = clock.Elapsed;

        Assert.Equal(200, count);
        Assert.True(last - first!.Value >= TimeSpan.FromSeconds(1.5), $"first call after {first}, last after {last}");
    }

    /// <summary>A body that arrives a few bytes at a time, so items straddle many reads.</summary>
    private sealed class TrickleStream(byte[] data, int maxChunk) : System.IO.MemoryStream(data)
    {
        private int _next;

        public override System.Threading.Tasks.ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, 1 + (_next++ % maxChunk))), cancellationToken);
    }

    private sealed class FixedResponseHandler(Func<HttpContent> content) : System.Net.Http.HttpMessageHandler
    {
        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content(), RequestMessage = request });
    }

    [Fact]
    public async Task Streaming_decodes_items_that_arrive_a_few_bytes_at_a_time()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 40 });
        using var source = Client(simulator);
        var body = JsonHelpers.Serialize(await source.ListCallsAsync(new ListCallsRequest { Limit = 1000 }), VapiClientJson.WriteCall_List);

        using var handler = new FixedResponseHandler(() =>
        {
            var content = new System.Net.Http.StreamContent(new TrickleStream(body, maxChunk: 7));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return content;
        });
        using var http = new System.Net.Http.HttpClient(handler);
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = new Uri("https://example.test"), ApiKey = "k" }, http);

        var streamed = await ToListAsync(client.ListCallsStreamAsync());

        Assert.Equal(40, streamed.Count);
        Assert.Equal(body, JsonHelpers.Serialize<IReadOnlyList<Call>>(streamed, VapiClientJson.WriteCall_List));
    }

    [Fact]
    public async Task A_truncated_streamed_body_fails_with_the_index_of_the_broken_item()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 20 });
        using var client = Client(simulator);
        var body = System.Text.Encoding.UTF8.GetString(
            JsonHelpers.Serialize(await client.ListCallsAsync(new ListCallsRequest { Limit = 3 }), VapiClientJson.WriteCall_List));
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = body.Substring(0, body.Length - 40) });

        var received = new List<Call>();
        var error = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (var call in client.ListCallsStreamAsync()) received.Add(call);
        });
        Assert.Equal(2, received.Count);
        Assert.Equal(200, error.StatusCode);
        Assert.Contains("$[2]", error.Message);
    }

    [Fact]
    public async Task Paging_yields_every_call_exactly_once_across_ties_at_page_boundaries()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 60 });
        // Twelve calls share one timestamp, more than a page of 5 holds, and three more share another.
        var tie = simulator.Now.AddHours(-3);
        for (var i = 0; i < 12; i++) simulator.AddCall("tie-" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture), tie);
        for (var i = 0; i < 3; i++) simulator.AddCall("pair-" + i, tie.AddMinutes(-7));
        using var client = Client(simulator);

        var all = await ToListAsync(client.ListAllCallsAsync(new ListCallsRequest { Limit = 5 }));

        var expected = simulator.GetCalls().Select(c => (string)c["id"]!).ToHashSet();
        Assert.Equal(expected.Count, all.Count);
        Assert.Equal(expected.OrderBy(x => x), all.Select(c => c.Id).OrderBy(x => x));
        Assert.Equal(all.OrderByDescending(c => c.CreatedAt).Select(c => c.CreatedAt), all.Select(c => c.CreatedAt));
        Assert.All(simulator.Requests, r => Assert.True(int.Parse(r.Query["limit"].Single(), System.Globalization.CultureInfo.InvariantCulture) <= 1000));
        Assert.Contains(simulator.Requests, r => r.Query.ContainsKey("createdAtLe"));
    }

    [Fact]
    public async Task Paging_ignores_calls_created_while_it_walks_and_honours_the_callers_filters()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 80 });
        using var client = Client(simulator);
        var since = simulator.Now.AddDays(-20);
        var expected = simulator.GetCalls()
            .Where(c => DateTimeOffset.Parse((string)c["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture) >= since)
            .Select(c => (string)c["id"]!)
            .ToHashSet();

        var seen = new List<string>();
        await foreach (var call in client.ListAllCallsAsync(new ListCallsRequest { Limit = 7, CreatedAtGe = since }))
        {
            if (seen.Count == 3) simulator.AddCall("created-while-paging", simulator.Now.AddMinutes(1));
            seen.Add(call.Id);
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.OrderBy(x => x), seen.OrderBy(x => x));
    }

    [Fact]
    public async Task More_ties_than_the_largest_page_stop_the_walk_instead_of_skipping_items()
    {
        var stamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var items = Enumerable.Range(0, 30).Select(i => (Id: "i" + i, At: stamp)).ToList();
        Task<IReadOnlyList<(string Id, DateTimeOffset At)>> Fetch(DateTimeOffset? bound, int limit, CancellationToken token) =>
            Task.FromResult<IReadOnlyList<(string, DateTimeOffset)>>(items.Where(x => bound is null || x.At <= bound).Take(limit).ToList());

        var yielded = new List<string>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var item in Paging.ByTimestampDescendingAsync(Fetch, x => x.At, x => x.Id, pageSize: 4, maxPageSize: 16))
            {
                yielded.Add(item.Id);
            }
        });
        Assert.Contains("16", error.Message);
        Assert.Equal(yielded.Count, yielded.Distinct().Count());

        // With room for all of them, the page grows and every item comes once.
        var all = new List<string>();
        await foreach (var item in Paging.ByTimestampDescendingAsync(Fetch, x => x.At, x => x.Id, pageSize: 4, maxPageSize: 64)) all.Add(item.Id);
        Assert.Equal(items.Select(x => x.Id).OrderBy(x => x), all.OrderBy(x => x));
    }
}
