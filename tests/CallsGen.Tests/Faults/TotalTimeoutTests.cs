using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Runtime;
using CallsGen.Tests.Vapi;
using Microsoft.AspNetCore.Http;

namespace CallsGen.Tests.Faults;

/// <summary>
/// <see cref="ApiClientOptions.TotalTimeout"/> bounds a whole call, a body that trickles forever included, while
/// <see cref="ApiClientOptions.Timeout"/> bounds each attempt (each read, for a streamed body). The bounds are asserted
/// with wide margins: the machine running these may be busy.
/// </summary>
public sealed class TotalTimeoutTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AStreamedBodyTricklingForeverEndsAtTheTotalTimeout()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => TrickleForeverAsync(server, context);
        using VapiClient client = server.CreateClient(configure: o =>
        {
            o.Timeout = TimeSpan.FromSeconds(5); // each read gets a byte within ~100 ms: this never fires
            o.TotalTimeout = TimeSpan.FromSeconds(1.5);
            o.MaxRetries = 3;
        });
        var clock = Stopwatch.StartNew();

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync())
            {
            }
        });

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), Generous);
        Assert.True(error.IsTotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), error.Timeout);
        Assert.Equal("GET /call passed its total time limit of 1.5 s while the response body was arriving (ApiClientOptions.TotalTimeout, which bounds the whole call); it is not retried.", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task TheDefaultTotalTimeoutIsDerivedFromTimeoutRetriesAndRetryDelay()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        using VapiClient client = server.CreateClient(configure: o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(600);
            o.MaxRetries = 1;
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(300);
        });
        // One finished call first, so the connection is open and both sides are compiled: on a cold start the first
        // attempt's headers can take longer than the 600 ms attempt timeout, and a retried second attempt would then
        // race its own timeout against the total one.
        server.Handler = context =>
        {
            context.Response.ContentType = "application/json";
            return server.WriteAsync(context, "[]"u8.ToArray());
        };
        await client.ListCallsAsync();
        server.Handler = context => TrickleForeverAsync(server, context);
        var clock = Stopwatch.StartNew();

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync())
            {
            }
        });

        // 600 ms × 2 attempts + 300 ms × 1 wait.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), Generous);
        Assert.True(error.IsTotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), error.Timeout);
        Assert.Contains("(ApiClientOptions.TotalTimeout, here derived from Timeout, MaxRetries and MaxRetryDelay, which bounds the whole call)", error.Message);
    }

    [Fact]
    public async Task ABufferedBodyTricklingForeverEndsAtTheTotalTimeoutEvenWithoutAnAttemptTimeout()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => TrickleForeverAsync(server, context);
        using VapiClient client = server.CreateClient(configure: o =>
        {
            o.Timeout = Timeout.InfiniteTimeSpan;
            o.TotalTimeout = TimeSpan.FromSeconds(1.5);
        });
        var clock = Stopwatch.StartNew();

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), Generous);
        Assert.True(error.IsTotalTimeout);
        Assert.StartsWith("GET /call passed its total time limit of 1.5 s on attempt 1 (ApiClientOptions.TotalTimeout", error.Message);
    }

    [Fact]
    public async Task TheAttemptTimeoutIsNamedAsSuchWhenItIsTheBoundHit()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => TrickleForeverAsync(server, context);
        using VapiClient client = server.CreateClient(configure: o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1);
            o.TotalTimeout = Timeout.InfiniteTimeSpan;
        });

        ApiTimeoutException buffered = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());
        Assert.False(buffered.IsTotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), buffered.Timeout);
        Assert.Equal("GET /call timed out after 1 s on attempt 1 (ApiClientOptions.Timeout, which bounds each attempt), and no retry is left.", buffered.Message);

        // Streaming: each read must complete within Timeout; a server that stops sending hits it.
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await server.WriteAsync(context, "[{\"id\":"u8.ToArray());
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        ApiTimeoutException streamed = await Assert.ThrowsAsync<ApiTimeoutException>(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync())
            {
            }
        });
        Assert.False(streamed.IsTotalTimeout);
        Assert.Equal("GET /call timed out after 1 s waiting for more of the response body (ApiClientOptions.Timeout, which bounds each read of a streamed body).", streamed.Message);
    }

    [Fact]
    public async Task ARetryWaitThatWouldPassTheTotalTimeoutFailsAtOnce()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = "30";
            return Task.CompletedTask;
        };
        using VapiClient client = server.CreateClient(configure: o =>
        {
            o.MaxRetries = 3;
            o.MaxRetryDelay = TimeSpan.FromMinutes(1);
            o.TotalTimeout = TimeSpan.FromSeconds(10);
        });
        var clock = Stopwatch.StartNew();

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        Assert.True(error.IsTotalTimeout);
        Assert.StartsWith("GET /call would pass its total time limit of 10 s waiting 30 s before attempt 2 (ApiClientOptions.TotalTimeout", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task TheCallersCancellationStillGivesOperationCanceledExceptionDuringATrickle()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => TrickleForeverAsync(server, context);
        using VapiClient client = server.CreateClient(configure: o => o.TotalTimeout = TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        Exception? streamed = await Record.ExceptionAsync(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync(null, cts.Token))
            {
            }
        });
        OperationCanceledException canceled = Assert.IsAssignableFrom<OperationCanceledException>(streamed);
        Assert.Equal(cts.Token, canceled.CancellationToken);

        using var buffered = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));
        OperationCanceledException bufferedCanceled = Assert.IsAssignableFrom<OperationCanceledException>(
            await Record.ExceptionAsync(() => client.ListCallsAsync(null, buffered.Token)));
        Assert.Equal(buffered.Token, bufferedCanceled.CancellationToken);
    }

    [Fact]
    public async Task TimeSpentByTheCallerOnStreamedItemsDoesNotCount()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            string items = string.Join(",", System.Linq.Enumerable.Range(0, 6).Select(i => "{\"id\":\"c" + i + "\",\"orgId\":\"o\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}"));
            await server.WriteAsync(context, System.Text.Encoding.UTF8.GetBytes("[" + items + "]"));
        };
        using VapiClient client = server.CreateClient(configure: o => o.TotalTimeout = TimeSpan.FromSeconds(1));

        int count = 0;
        await foreach (Call unused in client.ListCallsStreamAsync())
        {
            await Task.Delay(300); // 1.8 s in all, beyond the total time limit, none of it waiting for the server
            count++;
        }

        Assert.Equal(6, count);
    }

    [Fact]
    public void TheTotalTimeoutIsValidatedAndItsDefaultDerived()
    {
        Assert.Equal(TimeSpan.FromSeconds(490), new ApiClientOptions().EffectiveTotalTimeout());
        Assert.Equal(TimeSpan.FromSeconds(5), new ApiClientOptions { TotalTimeout = TimeSpan.FromSeconds(5) }.EffectiveTotalTimeout());
        Assert.Equal(TimeSpan.FromSeconds(100), new ApiClientOptions { MaxRetries = 0 }.EffectiveTotalTimeout());
        Assert.Equal(Timeout.InfiniteTimeSpan, new ApiClientOptions { Timeout = Timeout.InfiniteTimeSpan }.EffectiveTotalTimeout());
        Assert.Equal(Timeout.InfiniteTimeSpan, new ApiClientOptions { Timeout = TimeSpan.FromDays(30), MaxRetries = 3 }.EffectiveTotalTimeout());
        Assert.Equal(Timeout.InfiniteTimeSpan, new ApiClientOptions { TotalTimeout = TimeSpan.MaxValue }.EffectiveTotalTimeout());

        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { TotalTimeout = TimeSpan.Zero }, RuntimeTestSupport.UnusedDefaultBase));
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { TotalTimeout = TimeSpan.FromSeconds(-1) }, RuntimeTestSupport.UnusedDefaultBase));
        using var infinite = new ApiConnection(new ApiClientOptions { TotalTimeout = Timeout.InfiniteTimeSpan, Timeout = TimeSpan.MaxValue }, RuntimeTestSupport.UnusedDefaultBase);
        Assert.Contains("TotalTimeout = -00:00:00.0010000", infinite.ToString());
        Assert.Contains("TotalTimeout = (derived)", new ApiClientOptions().ToString());
    }

    /// <summary>The start of a list, then one byte of a string every 100 ms, forever.</summary>
    private static async Task TrickleForeverAsync(HostileServer server, HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await server.WriteAsync(context, "[{\"id\":\""u8.ToArray());
        byte[] one = "x"u8.ToArray();
        while (true)
        {
            await Task.Delay(100, context.RequestAborted);
            await server.WriteAsync(context, one);
        }
    }
}
