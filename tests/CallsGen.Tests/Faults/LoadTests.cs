using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Runtime;
using CallsGen.Tests.Vapi;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>Runs alone, so its load neither slows nor is slowed by the timing-dependent fault tests.</summary>
[CollectionDefinition(nameof(LoadCollection), DisableParallelization = true)]
public sealed class LoadCollection
{
}

[Collection(nameof(LoadCollection))]
public sealed class LoadTests
{
    [Fact]
    public async Task FiveHundredConcurrentListCallsThroughOneClientAllGetTheirOwnCorrectResult()
    {
        await using Simulator simulator = await StartAsync(callCount: 300);
        List<CallSummary> all = RuntimeTestSupport.ExpectedOrder(simulator);
        IReadOnlyList<string> assistants = simulator.AssistantIds;
        using VapiClient client = CreateClient(simulator, o => o.Timeout = TimeSpan.FromSeconds(60));

        // Each task its own limit and filter, so a response delivered to the wrong caller is noticed.
        const int count = 500;
        var jobs = Enumerable.Range(0, count).Select(i =>
        {
            int limit = 1 + (i % 37);
            ListCallsRequest request;
            IEnumerable<CallSummary> expected;
            switch (i % 3)
            {
                case 0:
                    string assistant = assistants[i % assistants.Count];
                    request = new ListCallsRequest { AssistantId = assistant, Limit = limit };
                    expected = all.Where(c => c.AssistantId == assistant);
                    break;
                case 1:
                    DateTimeOffset before = all[i % all.Count].CreatedAt;
                    request = new ListCallsRequest { CreatedAtLt = before, Limit = limit };
                    expected = all.Where(c => c.CreatedAt < before);
                    break;
                default:
                    request = new ListCallsRequest { Limit = limit };
                    expected = all;
                    break;
            }

            return (Request: request, Expected: expected.Take(limit).Select(c => c.Id).ToArray());
        }).ToArray();

        Task<IReadOnlyList<Call>>[] tasks = jobs.Select(job => Task.Run(() => client.ListCallsAsync(job.Request))).ToArray();
        IReadOnlyList<Call>[] results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(3));

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(jobs[i].Expected, results[i].Select(c => c.Id).ToArray());
        }

        Assert.Contains(jobs, j => j.Expected.Length == 37);
        Assert.Equal(count, simulator.Requests.Count); // no retries were needed
        Assert.All(simulator.Requests, r => Assert.Equal("Bearer " + CanaryKey, r.Authorization));

        // The same client keeps working afterwards (no exhausted sockets, no poisoned pool).
        Assert.Equal(5, (await client.ListCallsAsync(new ListCallsRequest { Limit = 5 })).Count);
    }
}

/// <summary>Streaming a very long list keeps memory flat: only the item being read is held.</summary>
[Collection(nameof(LoadCollection))]
public sealed class StreamingMemoryTests
{
    /// <summary>A JSON array of <paramref name="count"/> copies of a call (each with its own id), made as it is read.</summary>
    private sealed class GeneratedListStream(byte[] call, int count) : System.IO.Stream
    {
        private int _index = -1;
        private byte[] _current = "["u8.ToArray();
        private int _offset;

        public override int Read(byte[] buffer, int offset, int length)
        {
            if (_offset == _current.Length)
            {
                _index++;
                if (_index > count) return 0;
                _current = _index == count
                    ? "]"u8.ToArray()
                    : System.Text.Encoding.UTF8.GetBytes((_index == 0 ? "" : ",") + System.Text.Encoding.UTF8.GetString(call).Replace("\"id\":\"", "\"id\":\"" + _index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-", StringComparison.Ordinal));
                _offset = 0;
            }

            var n = Math.Min(length, _current.Length - _offset);
            Array.Copy(_current, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class StreamHandler(Func<System.IO.Stream> body) : System.Net.Http.HttpMessageHandler
    {
        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            var content = new System.Net.Http.StreamContent(body());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new System.Net.Http.HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }

    [Fact]
    public async Task Ten_thousand_calls_stream_through_in_flat_memory()
    {
        // One realistic call (messages, costs, a transcript), repeated 10,000 times: a body of tens of MB.
        await using Simulator simulator = await StartAsync(callCount: 50);
        using (VapiClient source = CreateClient(simulator))
        {
            var calls = await source.ListCallsAsync(new ListCallsRequest { Limit = 50 });
            var richest = calls.OrderByDescending(c => c.Artifact?.Transcript?.Length ?? 0).First();
            _template = JsonHelpers.Serialize(richest, VapiClientJson.WriteCall);
        }

        const int Count = 10_000;
        using var handler = new StreamHandler(() => new GeneratedListStream(_template, Count));
        using var http = new System.Net.Http.HttpClient(handler);
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = new Uri("https://example.test"), ApiKey = "k" }, http);

        var samples = new List<long>();
        var seen = 0;
        await foreach (var call in client.ListCallsStreamAsync())
        {
            Assert.StartsWith(seen.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-", call.Id);
            if (++seen % 1000 == 0) samples.Add(GC.GetTotalMemory(forceFullCollection: true));
        }

        long bodyBytes = (long)_template.Length * Count;
        Assert.Equal(Count, seen);
        Assert.True(bodyBytes > 20_000_000, $"the body is only {bodyBytes} bytes");
        // Live memory after 10,000 calls is what it was after 1,000: nothing accumulates.
        Assert.True(samples.Max() - samples[0] < 4_000_000, $"live bytes grew from {samples[0]} to {samples.Max()} (body {bodyBytes} bytes)");
    }

    private byte[] _template = [];
}
