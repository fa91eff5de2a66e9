using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Faults;
using CallsGen.Tests.TestSupport;
using CallsGen.Tests.Vapi;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Runtime;

/// <summary>
/// What a call reports (README, Observability): a Client span named after the operation with a child per attempt, an event
/// per retry, three instruments, and <see cref="ApiClientEvents"/>; captured with the BCL's listeners and with OpenTelemetry.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_retried_call_is_one_client_span_with_a_child_per_attempt_an_event_per_retry_and_metrics()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 5);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 2 });
        using var capture = new TelemetryCapture(simulator.BaseAddress.Port);
        ApiClientOptions options = FaultSupport.Options(simulator);
        List<TimeSpan> delays = FaultSupport.RecordDelays(options);
        using var client = new VapiClient(options);

        IReadOnlyList<Call> calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 5 });

        Assert.Equal(5, calls.Count);
        Activity operation = Assert.Single(capture.Operations);
        Assert.Equal("ListCalls (GET /call)", operation.DisplayName);
        Assert.Equal(ActivityKind.Client, operation.Kind);
        Assert.Equal("GET", operation.GetTagItem("http.request.method"));
        Assert.Equal("/call", operation.GetTagItem("url.template"));
        Assert.Equal("127.0.0.1", operation.GetTagItem("server.address"));
        Assert.Equal(200, operation.GetTagItem("http.response.status_code"));
        Assert.Equal(2, operation.GetTagItem("callsgen.retry_count"));
        Assert.Equal("ListCalls", operation.GetTagItem("callsgen.operation"));
        Assert.Null(operation.GetTagItem("error.type"));
        Assert.NotEqual(ActivityStatusCode.Error, operation.Status);

        List<Activity> attempts = capture.Children(operation).Where(a => a.Source.Name == ApiDiagnostics.ActivitySourceName).ToList();
        Assert.Equal(["HTTP attempt", "HTTP attempt", "HTTP attempt"], attempts.Select(a => a.DisplayName));
        Assert.Equal([503, 503, 200], attempts.Select(a => (int)a.GetTagItem("http.response.status_code")!));
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a.GetTagItem("callsgen.attempt")!));
        Assert.Equal("503", attempts[0].GetTagItem("error.type"));
        // HttpClient's own span for each request is now a child of its attempt.
        Assert.All(attempts, a => Assert.Single(capture.Children(a), c => c.Source.Name == "System.Net.Http"));

        List<ActivityEvent> retries = operation.Events.Where(e => e.Name == ApiDiagnostics.RetryEventName).ToList();
        Assert.Equal(2, retries.Count);
        for (int i = 0; i < 2; i++)
        {
            var tags = retries[i].Tags.ToDictionary(t => t.Key, t => t.Value);
            Assert.Equal(i + 2, tags["callsgen.attempt"]);
            Assert.Equal(4, tags["callsgen.max_attempts"]);
            Assert.Equal(delays[i].TotalMilliseconds, (double)tags["callsgen.delay_ms"]!);
            Assert.Equal("127.0.0.1", tags["server.address"]);
            Assert.Equal(503, tags["http.response.status_code"]);
            Assert.False(tags.ContainsKey("error.type"));
        }

        Measurement duration = Assert.Single(capture.Of(ApiDiagnostics.OperationDurationInstrument));
        Assert.InRange(duration.Value, 0, 60);
        Assert.Equal(200, duration.Tags["http.response.status_code"]);
        Assert.Equal("/call", duration.Tags["url.template"]);
        Assert.Equal("GET", duration.Tags["http.request.method"]);
        Assert.False(duration.Tags.ContainsKey("error.type"));
        IReadOnlyList<Measurement> retryCounts = capture.Of(ApiDiagnostics.RetriesInstrument);
        Assert.Equal(2, retryCounts.Sum(m => m.Value));
        Assert.All(retryCounts, m => Assert.Equal(503, m.Tags["http.response.status_code"]));
        Measurement size = Assert.Single(capture.Of(ApiDiagnostics.ResponseBodySizeInstrument));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(FaultSupport.CallsJson(simulator, 5)), size.Value, 0.5 * size.Value);
    }

    [Fact]
    public async Task Failures_carry_an_error_type_the_status_a_timeout_or_the_connection_error()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 2);
        using var capture = new TelemetryCapture(simulator.BaseAddress.Port);

        simulator.EnqueueFault(new SimulatedFault { StatusCode = 404, Body = "{\"message\":\"no\"}" });
        using (var client = new VapiClient(FaultSupport.Options(simulator)))
        {
            await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());
        }

        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(20) });
        using (var client = new VapiClient(FaultSupport.Options(simulator, o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.MaxRetries = 0; })))
        {
            await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());
        }

        List<Activity> operations = capture.Operations.OrderBy(a => a.StartTimeUtc).ToList();
        Assert.Equal(2, operations.Count);
        Assert.Equal("404", operations[0].GetTagItem("error.type"));
        Assert.Equal(404, operations[0].GetTagItem("http.response.status_code"));
        Assert.Equal(ActivityStatusCode.Error, operations[0].Status);
        Assert.Equal("timeout", operations[1].GetTagItem("error.type"));
        Assert.Equal(
            ["404", "timeout"],
            capture.Of(ApiDiagnostics.OperationDurationInstrument).Select(m => (string)m.Tags["error.type"]!).Order(StringComparer.Ordinal));
        Assert.Empty(capture.Of(ApiDiagnostics.ResponseBodySizeInstrument));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_with_an_event_and_a_hook_call_naming_it()
    {
        int port = ClosedPort();
        using var capture = new TelemetryCapture(port);
        var retries = new List<ApiRetryEvent>();
        var completed = new List<ApiOperationEvent>();
        var options = new ApiClientOptions
        {
            BaseAddress = new Uri("http://127.0.0.1:" + port),
            ApiKey = "sk-test",
            MaxRetries = 1,
            Events = new ApiClientEvents { OnRetry = retries.Add, OnCompleted = completed.Add },
        };
        FaultSupport.RecordDelays(options);
        using var client = new VapiClient(options);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListCallsAsync());

        Activity operation = Assert.Single(capture.Operations);
        ActivityEvent retry = Assert.Single(operation.Events);
        Assert.Equal("connection_refused", retry.Tags.Single(t => t.Key == "error.type").Value);
        Assert.DoesNotContain(retry.Tags, t => t.Key == "http.response.status_code");
        Assert.Equal("connection_refused", operation.GetTagItem("error.type"));
        Assert.Null(operation.GetTagItem("http.response.status_code"));

        ApiRetryEvent hook = Assert.Single(retries);
        Assert.Equal((2, 2, "connection_refused", (int?)null), (hook.Attempt, hook.MaxAttempts, hook.ErrorType, hook.StatusCode));
        Assert.Equal("ListCalls (GET /call)", hook.Operation);
        ApiOperationEvent end = Assert.Single(completed);
        Assert.False(end.Succeeded);
        Assert.Equal(1, end.RetryCount);
        Assert.IsType<HttpRequestException>(end.Exception);
        Assert.StartsWith("ListCalls (GET /call): failed (connection_refused) in ", end.ToString());
    }

    [Fact]
    public async Task A_streamed_call_spans_its_whole_enumeration_and_counts_its_body()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 4);
        using var capture = new TelemetryCapture(simulator.BaseAddress.Port);
        var completed = new List<ApiOperationEvent>();
        using var client = new VapiClient(FaultSupport.Options(simulator, o => o.Events = new ApiClientEvents { OnCompleted = completed.Add }));

        int count = 0;
        await foreach (Call unused in client.ListCallsStreamAsync(new ListCallsRequest { Limit = 4 }))
        {
            count++;
            Assert.Empty(capture.Operations); // still open while items arrive
        }

        Assert.Equal(4, count);
        Activity operation = Assert.Single(capture.Operations);
        Assert.Equal("ListCalls (GET /call)", operation.DisplayName);
        Assert.Equal(200, operation.GetTagItem("http.response.status_code"));
        Measurement size = Assert.Single(capture.Of(ApiDiagnostics.ResponseBodySizeInstrument));
        Assert.True(size.Value > 1000, "body size " + size.Value);
        Assert.True(Assert.Single(completed).Succeeded);
    }

    [Fact]
    public async Task OpenTelemetry_collects_the_spans_and_metrics_by_the_documented_names()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 3);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 429 });
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (TracerProvider tracing = Sdk.CreateTracerProviderBuilder().AddSource(ApiDiagnostics.ActivitySourceName).AddInMemoryExporter(spans).Build())
        using (MeterProvider metering = Sdk.CreateMeterProviderBuilder().AddMeter(ApiDiagnostics.MeterName).AddInMemoryExporter(metrics).Build())
        {
            ApiClientOptions options = FaultSupport.Options(simulator);
            FaultSupport.RecordDelays(options);
            using var client = new VapiClient(options);
            await client.ListCallsAsync(new ListCallsRequest { Limit = 3 });
            metering.ForceFlush();
        }

        int port = simulator.BaseAddress.Port;
        Activity operation = Assert.Single(spans, s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("server.port"), port));
        Assert.Equal(2, spans.Count(s => s.ParentSpanId == operation.SpanId && s.DisplayName == ApiDiagnostics.AttemptActivityName));
        Assert.Contains(operation.Events, e => e.Name == ApiDiagnostics.RetryEventName);
        Assert.Contains(metrics, m => m.Name == ApiDiagnostics.OperationDurationInstrument && m.Unit == "s");
        Assert.Contains(metrics, m => m.Name == ApiDiagnostics.RetriesInstrument);
        Assert.Contains(metrics, m => m.Name == ApiDiagnostics.ResponseBodySizeInstrument && m.Unit == "By");
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
