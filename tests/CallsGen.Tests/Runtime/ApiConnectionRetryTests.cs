using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

public sealed class ApiConnectionRetryTests
{
    [Fact]
    public async Task A429WithRetryAfterIsRetriedAfterTheRequestedDelay()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 4);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = "1" });
        using ApiConnection connection = Connect(simulator);

        List<CallSummary> calls = await connection.ListCallsAsync();

        Assert.Equal(4, calls.Count);
        IReadOnlyList<RecordedRequest> requests = simulator.Requests;
        Assert.Equal(2, requests.Count);
        TimeSpan gap = requests[1].Elapsed - requests[0].Elapsed;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"The retry came after {gap.TotalMilliseconds} ms, before Retry-After.");
    }

    [Fact]
    public async Task Two503sThenSuccessSucceeds()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 5);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 2 });
        using ApiConnection connection = Connect(simulator);

        List<CallSummary> calls = await connection.ListCallsAsync();

        Assert.Equal(5, calls.Count);
        Assert.Equal(3, simulator.Requests.Count);
        Assert.All(simulator.Requests, r => Assert.Equal("Bearer " + simulator.ApiKey, r.Authorization));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task OtherTransientStatusesAreRetried(int status)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = status });
        using ApiConnection connection = Connect(simulator);

        await connection.ListCallsAsync();

        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task WhenRetriesAreExhaustedTheLast503IsThrown()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 10 });
        using ApiConnection connection = Connect(simulator, o => o.MaxRetries = 2);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(503, error.StatusCode);
        Assert.StartsWith("GET /call failed with 503 Service Unavailable", error.Message);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task NonIdempotentRequestsAreNotRetried()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 5 });
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.SendAsync(
            HttpMethod.Post, "/call", null, Encoding.UTF8.GetBytes("{}"), CountItems, CancellationToken.None));

        Assert.Equal(503, error.StatusCode);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);
        var query = new QueryBuilder();
        query.Add("limit", -1L);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync(query));

        Assert.Equal(400, error.StatusCode);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task BackoffDelaysGrowExponentiallyThroughTheDelaySeam()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 3 });
        var delays = new List<TimeSpan>();
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
            o.JitterOverride = () => 1.0;
            o.RetryDelayOverride = (delay, _) =>
            {
                delays.Add(delay);
                return Task.CompletedTask;
            };
        });

        await connection.ListCallsAsync();

        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)], delays);
    }

    [Fact]
    public void TheRetryDelayIsTheLargerOfBackoffAndRetryAfterCappedAtTheMaximum()
    {
        TimeSpan baseDelay = TimeSpan.FromMilliseconds(500), max = TimeSpan.FromSeconds(30);

        Assert.Equal(TimeSpan.FromMilliseconds(1000), ApiRetryPolicy.ComputeRetryDelay(1, null, baseDelay, max, jitter: 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(500), ApiRetryPolicy.ComputeRetryDelay(1, null, baseDelay, max, jitter: 0.5));
        Assert.Equal(TimeSpan.Zero, ApiRetryPolicy.ComputeRetryDelay(3, null, baseDelay, max, jitter: 0));
        Assert.Equal(TimeSpan.FromSeconds(2), ApiRetryPolicy.ComputeRetryDelay(0, TimeSpan.FromSeconds(2), baseDelay, max, jitter: 1.0));
        Assert.Equal(max, ApiRetryPolicy.ComputeRetryDelay(0, TimeSpan.FromMinutes(10), baseDelay, max, jitter: 0));
        Assert.Equal(max, ApiRetryPolicy.ComputeRetryDelay(40, null, baseDelay, max, jitter: 1.0));
    }

    [Fact]
    public void RetryAfterIsReadAsSecondsOrAsAnHttpDate()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(12).ToString("r", CultureInfo.InvariantCulture));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(-12).ToString("r", CultureInfo.InvariantCulture));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(7), ApiRetryPolicy.GetRetryAfter(seconds, now));
        Assert.Equal(TimeSpan.FromSeconds(12), ApiRetryPolicy.GetRetryAfter(date, now));
        Assert.Equal(TimeSpan.Zero, ApiRetryPolicy.GetRetryAfter(past, now));
        Assert.Null(ApiRetryPolicy.GetRetryAfter(none, now));
    }

    [Fact]
    public async Task AnAttemptLongerThanTheTimeoutGivesApiTimeoutException()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(5), StatusCode = 200, Body = "[]" });
        // Long enough that the request reaches the server even on a loaded machine, far shorter than the delay.
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(1500);
            o.MaxRetries = 0;
        });

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => connection.ListCallsAsync());

        Assert.Equal(TimeSpan.FromMilliseconds(1500), error.Timeout);
        Assert.StartsWith("GET /call timed out after ", error.Message);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Single(simulator.Requests);
    }

    [Fact]
    public async Task ATimedOutAttemptIsRetried()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 2);
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(8) }); // slow, then the normal answer
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(2);
            o.MaxRetries = 1;
        });

        List<CallSummary> calls = await connection.ListCallsAsync();

        Assert.Equal(2, calls.Count);
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task CallerCancellationGivesOperationCanceledExceptionNotTimeout()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(10), StatusCode = 200, Body = "[]" });
        using ApiConnection connection = Connect(simulator, o => o.Timeout = TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();

        // Cancel only once the request has reached the server, so a busy machine cannot make it cancel earlier.
        var stopwatch = Stopwatch.StartNew();
        Task<Exception?> call = Record.ExceptionAsync(() => connection.ListCallsAsync(cancellationToken: cts.Token));
        while (simulator.Requests.Count == 0 && stopwatch.Elapsed < TimeSpan.FromSeconds(8))
        {
            await Task.Delay(10);
        }

        cts.Cancel();
        Exception? error = await call;
        stopwatch.Stop();

        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.IsNotType<ApiTimeoutException>(error);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.Single(simulator.Requests); // cancellation is never retried
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(9), "The call did not stop when cancelled.");
    }

    [Fact]
    public async Task CancellationDuringTheRetryDelayIsHonoured()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = "20" });
        using ApiConnection connection = Connect(simulator, o => o.MaxRetryDelay = TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource();

        // Cancel once the 429 has been answered, so the client is in its 20-second wait whatever the machine's load.
        Task<OperationCanceledException> call = Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => connection.ListCallsAsync(cancellationToken: cts.Token));
        var waited = Stopwatch.StartNew();
        while (simulator.Requests.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        await Task.Delay(200);
        cts.Cancel();
        OperationCanceledException error = await call;

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Single(simulator.Requests);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "The retry wait did not end when cancelled.");
    }

    [Fact]
    public async Task AnAlreadyCancelledTokenSendsNothing()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ListCallsAsync(cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task TransportErrorsAreRetriedThenThrown()
    {
        var handler = new FailingHandler();
        using var http = new HttpClient(handler);
        var options = new ApiClientOptions { ApiKey = "k", MaxRetries = 2, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        using var connection = new ApiConnection(options, new Uri("https://api.example.test"), http);

        await Assert.ThrowsAsync<HttpRequestException>(() => connection.SendAsync(HttpMethod.Get, "/call", null, CountItems, CancellationToken.None));

        Assert.Equal(3, handler.Count);
    }

    private sealed class FailingHandler : HttpMessageHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            throw new HttpRequestException("Connection refused (simulated).");
        }
    }
}
