using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>
/// The generated Vapi client against a misbehaving server: every fault ends in a result (after retries) or a typed error
/// (<see cref="ApiException"/>, <see cref="ApiTimeoutException"/>, <see cref="ApiConfigurationException"/>, or
/// <see cref="HttpRequestException"/> for a broken transport), never a raw JSON or I/O exception and never a hang.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A429WithRetryAfterInSecondsWaitsThatLongThenSucceeds()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = "7" });
        ApiClientOptions options = Options(simulator);
        List<TimeSpan> delays = RecordDelays(options);
        using var client = new VapiClient(options);

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 5 });

        Assert.Equal(5, calls.Count);
        Assert.Equal(2, simulator.Requests.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(delays)); // Retry-After beats the tiny backoff
    }

    [Fact]
    public async Task A429WithRetryAfterAsAnHttpDateWaitsUntilThenThenSucceeds()
    {
        await using Simulator simulator = await StartAsync();
        string date = DateTimeOffset.UtcNow.AddSeconds(10).ToString("r", CultureInfo.InvariantCulture);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = date });
        ApiClientOptions options = Options(simulator);
        List<TimeSpan> delays = RecordDelays(options);
        using var client = new VapiClient(options);

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 2 });

        Assert.Equal(2, calls.Count);
        TimeSpan delay = Assert.Single(delays);
        // The date has whole seconds and the clock moved on: somewhat less than 10 s, certainly more than 5 s.
        Assert.InRange(delay, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A429RetryAfterLongerThanMaxRetryDelayIsCapped()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = "86400" });
        ApiClientOptions options = Options(simulator, o => o.MaxRetryDelay = TimeSpan.FromSeconds(3));
        List<TimeSpan> delays = RecordDelays(options);
        using var client = new VapiClient(options);

        await client.ListCallsAsync();

        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(delays));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task ServerErrorsThenSuccessSucceedsAfterRetries(int status)
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = status, Times = 2 });
        using VapiClient client = CreateClient(simulator);

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 4 });

        Assert.Equal(4, calls.Count);
        Assert.Equal(3, simulator.Requests.Count);
        Assert.All(simulator.Requests, r => Assert.Equal("Bearer " + CanaryKey, r.Authorization));
    }

    [Fact]
    public async Task ServerErrorsBeyondTheRetriesGiveTheLastStatus()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 502, Times = 3 });
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 504 });
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(504, error.StatusCode);
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task AConnectionResetMidBodyIsRetriedThenSucceeds()
    {
        await using Simulator simulator = await StartAsync();
        string body = CallsJson(simulator, 10);
        var fault = new SimulatedFault { StatusCode = 200, Body = body, AbortAfterBodyBytes = body.Length / 3 };
        simulator.EnqueueFault(fault);
        using VapiClient client = CreateClient(simulator);

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 6 });

        Assert.Equal(6, calls.Count);
        Assert.Equal(2, simulator.Requests.Count);
        Assert.Equal(body.Length / 3, fault.BodyBytesWritten);
    }

    [Fact]
    public async Task AConnectionResetMidBodyWithoutRetriesIsAnHttpRequestExceptionNamingTheOperation()
    {
        await using Simulator simulator = await StartAsync();
        string body = CallsJson(simulator, 10);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = body, AbortAfterBodyBytes = 100 });
        using VapiClient client = CreateClient(simulator, o => o.MaxRetries = 0);

        HttpRequestException error = await Assert.ThrowsAsync<HttpRequestException>(() => client.ListCallsAsync());

        Assert.StartsWith("GET /call failed before a complete response arrived (1 attempt, no retry left)", error.Message);
        Assert.NotNull(error.InnerException);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task ATruncatedJsonBodyIsAnApiExceptionWithTheJsonError()
    {
        await using Simulator simulator = await StartAsync();
        string body = CallsJson(simulator, 5);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = body[..(body.Length / 2)] }); // valid HTTP, cut JSON
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("could not be decoded", error.Message);
        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Single(simulator.Requests); // a decoding failure is not retried
    }

    [Fact]
    public async Task SlowHeadersBeyondTheTimeoutGiveApiTimeoutException()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(30), Times = 2 });
        // Long enough that each attempt reaches the server even on a loaded machine, far shorter than the delay.
        using VapiClient client = CreateClient(simulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetries = 1;
        });

        var stopwatch = Stopwatch.StartNew();
        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), "The timeout did not end the wait for the headers.");
        Assert.Equal(TimeSpan.FromSeconds(2), error.Timeout);
        Assert.Contains("attempt 2", error.Message);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task ASlowBodyBeyondTheTimeoutGivesApiTimeoutException()
    {
        await using Simulator simulator = await StartAsync();
        var fault = new SimulatedFault { StatusCode = 200, Body = CallsJson(simulator, 10), BodyDelay = TimeSpan.FromSeconds(30) };
        simulator.EnqueueFault(fault);
        // Long enough for the headers and the first half of the body to arrive even on a loaded machine.
        using VapiClient client = CreateClient(simulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(3);
            o.MaxRetries = 0;
        });

        var stopwatch = Stopwatch.StartNew();
        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), "The timeout did not bound the body read.");
        Assert.True(fault.BodyBytesWritten > 0, "The headers and the start of the body had arrived: the timeout hit the body read.");
        Assert.Equal(TimeSpan.FromSeconds(3), error.Timeout);
    }

    [Fact]
    public async Task ASlowBodyIsRetriedThenSucceeds()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = CallsJson(simulator, 10), BodyDelay = TimeSpan.FromSeconds(30) });
        using VapiClient client = CreateClient(simulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetries = 1;
        });

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 3 });

        Assert.Equal(3, calls.Count);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task AnHtmlErrorPageOn500IsAnApiExceptionWithThePage()
    {
        await using Simulator simulator = await StartAsync();
        const string page = "<!DOCTYPE html><html><head><title>500</title></head><body><h1>Internal Server Error</h1></body></html>";
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 500, Body = page, ContentType = "text/html; charset=utf-8", Times = 4 });
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(page, error.ResponseBody);
        Assert.StartsWith("text/html", error.Headers["Content-Type"][0]);
        Assert.Contains("Internal Server Error", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task AnHtmlPageOn200IsAnApiExceptionNamingTheContentTypeNotAJsonException()
    {
        await using Simulator simulator = await StartAsync();
        const string page = "<html><body>Please log in to the Wi-Fi</body></html>";
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = page, ContentType = "text/html" });
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(200, error.StatusCode);
        Assert.StartsWith("GET /call returned 200 OK with Content-Type 'text/html', not JSON; the body was not decoded: <html>", error.Message);
        Assert.Equal(page, error.ResponseBody);
        Assert.Null(error.InnerException);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task JsonLabelledTextPlainIsStillDecoded()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = CallsJson(simulator, 3), ContentType = "text/plain" });
        using VapiClient client = CreateClient(simulator);

        Assert.Equal(3, (await client.ListCallsAsync()).Count);
    }

    [Theory]
    [InlineData(401, "{\"message\":\"Invalid API key.\",\"error\":\"Unauthorized\",\"statusCode\":401}")]
    [InlineData(403, "{\"message\":\"Forbidden resource\",\"error\":\"Forbidden\",\"statusCode\":403}")]
    [InlineData(404, "{\"message\":\"Cannot GET /call\",\"error\":\"Not Found\",\"statusCode\":404}")]
    public async Task ClientErrorsWithBodiesAreApiExceptionsWithTheStatusAndBody(int status, string body)
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = status, Body = body });
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(body, error.ResponseBody);
        Assert.StartsWith(string.Create(CultureInfo.InvariantCulture, $"GET /call failed with {status} "), error.Message);
        Assert.Single(simulator.Requests); // not retried
    }

    private const long Huge = 512L * 1024 * 1024; // reading it all would take seconds and buffering it hundreds of MB

    [Fact]
    public async Task AHugeErrorBodyIsCappedAndNotReadToTheEnd()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 500, StreamedBodyLength = Huge });
        (HttpClient http, ReadCounter counter) = CountingHttpClient();
        using (http)
        using (VapiClient client = CreateClient(simulator, o => { o.MaxRetries = 0; o.MaxErrorBodyLength = 4096; }, http))
        {
            ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

            Assert.Equal(500, error.StatusCode);
            Assert.Equal(4096, error.ResponseBody!.Length);
            Assert.True(error.ResponseBodyTruncated);
            Assert.True(error.Message.Length < 400);
        }

        Assert.InRange(counter.Bytes, 4096, 1024 * 1024); // a few buffers' worth, not the body
    }

    [Fact]
    public async Task AHugeHtmlPageOn200IsCappedToo()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, StreamedBodyLength = Huge, ContentType = "text/html" });
        (HttpClient http, ReadCounter counter) = CountingHttpClient();
        using (http)
        using (VapiClient client = CreateClient(simulator, o => o.MaxErrorBodyLength = 1000, http))
        {
            ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

            Assert.Equal(200, error.StatusCode);
            Assert.Equal(1000, error.ResponseBody!.Length);
        }

        Assert.InRange(counter.Bytes, 1000, 1024 * 1024);
    }

    [Fact]
    public async Task AHugeBodyOnARetriedStatusIsNotReadAtAll()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, StreamedBodyLength = Huge });
        (HttpClient http, ReadCounter counter) = CountingHttpClient();
        using (http)
        using (VapiClient client = CreateClient(simulator, httpClient: http))
        {
            Assert.Equal(3, (await client.ListCallsAsync(new ListCallsRequest { Limit = 3 })).Count);
        }

        Assert.InRange(counter.Bytes, 1, 1024 * 1024); // only the successful retry's few KB
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task ARedirectIsNeverFollowedAndNamesTheLocation(int status)
    {
        await using Simulator simulator = await StartAsync();
        await using Simulator other = await StartAsync();
        string location = new Uri(other.BaseAddress, "call?limit=3").ToString();
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = status,
            Body = "",
            Headers = new Dictionary<string, string> { ["Location"] = location },
        });
        using VapiClient client = CreateClient(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(status, error.StatusCode);
        Assert.Contains("redirects are not followed; Location: " + location, error.Message);
        Assert.Equal([location], error.Headers["Location"]);
        Assert.Single(simulator.Requests);
        Assert.Empty(other.Requests);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task ACallersHttpClientThatFollowsRedirectsNeverTakesTheKeyToTheOtherHost(int status)
    {
        await using Simulator simulator = await StartAsync();
        await using Simulator other = await StartAsync(); // another origin (other port), recording what it receives
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = status,
            Body = "",
            Headers = new Dictionary<string, string> { ["Location"] = new Uri(other.BaseAddress, "call?limit=3").ToString() },
        });
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = true };
        using var http = new HttpClient(handler);
        using VapiClient client = CreateClient(simulator, httpClient: http);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        RecordedRequest followed = Assert.Single(other.Requests);
        Assert.False(followed.HasAuthorization, "The bearer token followed the redirect to another host.");
        Assert.DoesNotContain(followed.Headers, h => h.Value.Contains(CanaryKey, StringComparison.Ordinal));
        Assert.Equal("Bearer " + CanaryKey, Assert.Single(simulator.Requests).Authorization);
        Assert.Contains("redirected by the HttpClient to another origin", error.Message);
        Assert.Equal(401, error.StatusCode); // what the other host answered; not decoded, not used
    }

    [Theory]
    [InlineData("http://api.vapi.ai")]
    [InlineData("http://10.1.2.3:8080/v1")]
    [InlineData("http://localhost.example.com")]
    public async Task PlainHttpToANonLoopbackHostIsRefusedBeforeSending(string baseAddress)
    {
        var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = new Uri(baseAddress), ApiKey = CanaryKey }, http);

        ApiConfigurationException error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.ListCallsAsync());

        Assert.Contains("plain http", error.Message);
        Assert.DoesNotContain(CanaryKey, error.ToString());
        Assert.Equal(0, handler.Count);
    }

    /// <summary>A caller's HttpClient that counts the response body bytes the runtime reads.</summary>
    private static (HttpClient Http, ReadCounter Counter) CountingHttpClient()
    {
        var counter = new ReadCounter();
        var handler = new ReadCountingHandler(counter) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } };
        return (new HttpClient(handler), counter);
    }

    private sealed class ReadCounter
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Add(int count) => Interlocked.Add(ref _bytes, count);
    }

    private sealed class ReadCountingHandler(ReadCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            response.Content = new CountingContent(response.Content, counter);
            return response;
        }
    }

    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly ReadCounter _counter;

        public CountingContent(HttpContent inner, ReadCounter counter)
        {
            _inner = inner;
            _counter = counter;
            foreach (KeyValuePair<string, IEnumerable<string>> header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CountingStream(await _inner.ReadAsStreamAsync(cancellationToken), _counter);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => _inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CountingStream(Stream inner, ReadCounter counter) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int read = inner.Read(buffer, offset, count);
            counter.Add(read);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            counter.Add(read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("[]") });
        }
    }
}
