using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>
/// The caller's cancellation token ends the call at every stage, with an <see cref="OperationCanceledException"/> that
/// carries that token (never an <see cref="ApiTimeoutException"/>, never a retry), long before the server would have answered.
/// </summary>
public sealed class CancellationStageTests
{
    private static readonly TimeSpan ServerStall = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BeforeSending()
    {
        await using Simulator simulator = await StartAsync();
        using VapiClient client = CreateClient(simulator);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListCallsAsync(null, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task InTheTokenProvider()
    {
        await using Simulator simulator = await StartAsync();
        using VapiClient client = CreateClient(simulator, o => o.TokenProvider = async ct =>
        {
            await Task.Delay(ServerStall, ct);
            return CanaryKey;
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        OperationCanceledException error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListCallsAsync(null, cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task WhileWaitingForTheHeaders()
    {
        await using Simulator simulator = await StartAsync();
        simulator.EnqueueFault(new SimulatedFault { Delay = ServerStall });
        await AssertCancelledAsync(simulator, () => simulator.Requests.Count == 1);
    }

    [Fact]
    public async Task WhileReadingTheBody()
    {
        await using Simulator simulator = await StartAsync();
        var fault = new SimulatedFault { StatusCode = 200, Body = CallsJson(simulator, 10), BodyDelay = ServerStall };
        simulator.EnqueueFault(fault);
        await AssertCancelledAsync(simulator, () => fault.BodyBytesWritten > 0); // the headers and half the body were sent
    }

    [Fact]
    public async Task WhileReadingAnErrorBody()
    {
        await using Simulator simulator = await StartAsync();
        var fault = new SimulatedFault { StatusCode = 404, Body = "{\"message\":\"Not Found, and slowly\"}", BodyDelay = ServerStall };
        simulator.EnqueueFault(fault);
        await AssertCancelledAsync(simulator, () => fault.BodyBytesWritten > 0);
    }

    [Fact]
    public async Task DuringTheRetryDelay()
    {
        await using Simulator simulator = await StartAsync();
        var fault = new SimulatedFault { StatusCode = 503, RetryAfter = "30", Body = "{}" }; // a real 30 s wait: no delay override here
        simulator.EnqueueFault(fault);
        await AssertCancelledAsync(simulator, () => fault.BodyBytesWritten > 0);
    }

    [Fact]
    public async Task DuringTheBackoffAfterAResetConnection()
    {
        await using Simulator simulator = await StartAsync();
        string body = CallsJson(simulator, 5);
        var fault = new SimulatedFault { StatusCode = 200, Body = body, AbortAfterBodyBytes = 10 };
        simulator.EnqueueFault(fault);
        await AssertCancelledAsync(simulator, () => fault.BodyBytesWritten > 0, o => o.RetryBaseDelay = TimeSpan.FromSeconds(30), jitter: 1.0);
    }

    /// <summary>
    /// Starts a call, cancels it once <paramref name="reached"/> says the call is at the stage under test (plus a moment),
    /// and checks the outcome: the caller's cancellation, promptly, after exactly one request.
    /// </summary>
    private static async Task AssertCancelledAsync(Simulator simulator, Func<bool> reached, Action<ApiClientOptions>? configure = null, double? jitter = null)
    {
        ApiClientOptions options = Options(simulator, o =>
        {
            o.Timeout = TimeSpan.FromSeconds(60);
            configure?.Invoke(o);
        });
        if (jitter is double fixedJitter)
        {
            options.JitterOverride = () => fixedJitter;
        }

        using var client = new VapiClient(options);
        using var cts = new CancellationTokenSource();
        Task<System.Collections.Generic.IReadOnlyList<Call>> call = client.ListCallsAsync(null, cts.Token);
        var waited = Stopwatch.StartNew();
        while (!reached() && !call.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(10);
        }

        Assert.True(reached(), "The call never reached the stage under test.");
        await Task.Delay(150);
        Assert.False(call.IsCompleted, "The call ended before it was cancelled.");
        var stopwatch = Stopwatch.StartNew();
        cts.Cancel();

        Exception? error = await Record.ExceptionAsync(() => call);

        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(cts.Token, canceled.CancellationToken);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"The call took {stopwatch.Elapsed} to notice the cancellation.");
        Assert.Single(simulator.Requests); // cancellation is never retried
    }
}
