using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Faults;
using CallsGen.Tests.Vapi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>
/// The client registered with <c>AddVapiClient</c> under Microsoft.Extensions.Http.Resilience's standard handler (the README's
/// resilience recipe): attempts do not multiply, the handler's timeout is an <see cref="ApiTimeoutException"/>, and the
/// client's events reach <see cref="ILogger"/>.
/// </summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task Under_the_standard_resilience_handler_a_failing_call_makes_the_handlers_attempts_only()
    {
        await using Simulator simulator = await FaultSupport.StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 100 });
        await using ServiceProvider provider = Services(simulator, builder => builder.AddStandardResilienceHandler(Fast));
        var client = provider.GetRequiredService<VapiClient>();

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());

        Assert.Equal(503, error.StatusCode);
        // The handler's 1 + 3 attempts; the client's own MaxRetries (3) stepped aside rather than making it 16.
        Assert.Equal(4, simulator.Requests.Count);
    }

    [Fact]
    public async Task Built_in_retries_chosen_explicitly_multiply_with_the_handlers_as_the_option_says()
    {
        await using Simulator simulator = await FaultSupport.StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 100 });
        await using ServiceProvider provider = Services(
            simulator,
            builder => builder.AddStandardResilienceHandler(Fast),
            o => { o.RetryMode = ApiRetryMode.BuiltIn; o.MaxRetries = 1; FaultSupport.RecordDelays(o); });

        await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<VapiClient>().ListCallsAsync());

        Assert.Equal(8, simulator.Requests.Count); // 2 client attempts × 4 handler attempts
    }

    [Fact]
    public async Task Without_a_resilience_handler_the_client_keeps_its_own_retries()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 2);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 2 });
        await using ServiceProvider provider = Services(simulator, _ => { }, o => FaultSupport.RecordDelays(o));

        IReadOnlyList<Call> calls = await provider.GetRequiredService<VapiClient>().ListCallsAsync();

        Assert.Equal(2, calls.Count);
        Assert.Equal(3, simulator.Requests.Count);
    }

    [Fact]
    public async Task The_handlers_timeout_surfaces_as_ApiTimeoutException()
    {
        await using Simulator simulator = await FaultSupport.StartAsync();
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(30), Times = 10 });
        await using ServiceProvider provider = Services(simulator, builder => builder.AddStandardResilienceHandler(o =>
        {
            Fast(o);
            o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(2);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(5);
        }));
        var clock = Stopwatch.StartNew();

        ApiTimeoutException error = await Assert.ThrowsAsync<ApiTimeoutException>(() => provider.GetRequiredService<VapiClient>().ListCallsAsync());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "took " + clock.Elapsed);
        Assert.False(error.IsTotalTimeout);
        Assert.Contains("resilience handler", error.Message);
        // The handler's attempts (up to 1 + 3, fewer when its 2 s total runs out on a busy machine), never the client's too.
        Assert.InRange(simulator.Requests.Count, 1, 4);
    }

    [Fact]
    public async Task Retries_and_failures_are_logged_through_ILogger_without_the_key()
    {
        await using Simulator simulator = await FaultSupport.StartAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 100, Body = "{\"echo\":\"" + FaultSupport.CanaryKey + "\"}" });
        var logs = new ListLoggerProvider();
        await using ServiceProvider provider = Services(simulator, _ => { }, o => { o.MaxRetries = 1; FaultSupport.RecordDelays(o); }, logs);

        await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<VapiClient>().ListCallsAsync());

        List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> entries = logs.Entries.Where(e => e.Category == typeof(VapiClient).FullName).Select(e => (e.Level, e.Id, e.Message, e.Exception)).ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal((LogLevel.Warning, "CallsGenRetry"), (entries[0].Level, entries[0].Id.Name));
        Assert.StartsWith("ListCalls (GET /call): attempt 2 of 2 in ", entries[0].Message);
        Assert.EndsWith(" ms after 503", entries[0].Message);
        Assert.Equal((LogLevel.Warning, "CallsGenFailed"), (entries[1].Level, entries[1].Id.Name));
        Assert.StartsWith("ListCalls (GET /call) failed (503) after ", entries[1].Message);
        Assert.IsType<ApiException>(entries[1].Exception);
        Assert.All(entries, e => Assert.DoesNotContain(FaultSupport.CanaryKey, e.Message + e.Exception, StringComparison.Ordinal));
    }

    /// <summary>The standard handler with waits of a millisecond, so a test does not wait seconds between attempts.</summary>
    private static void Fast(HttpStandardResilienceOptions options)
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.BackoffType = DelayBackoffType.Constant;
        options.Retry.UseJitter = false;
        options.Retry.MaxRetryAttempts = 3;
    }

    private static ServiceProvider Services(Simulator simulator, Action<IHttpClientBuilder> resilience, Action<ApiClientOptions>? configure = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        IHttpClientBuilder builder = services.AddVapiClient(o =>
        {
            o.ApiKey = simulator.ApiKey;
            o.BaseAddress = simulator.BaseAddress;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(o);
        });
        resilience(builder);
        return services.BuildServiceProvider();
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly List<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> _entries = [];

        public IReadOnlyList<(string Category, LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries
        {
            get
            {
                lock (_entries)
                {
                    return _entries.ToList();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._entries)
                {
                    owner._entries.Add((category, logLevel, eventId, formatter(state, exception), exception));
                }
            }
        }
    }
}
