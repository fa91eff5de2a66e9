using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

/// <summary>The request path as a chain of policies: its fixed order, the caller's per-call and per-try steps, the retry policy's hooks.</summary>
public sealed class PipelineTests
{
    [Fact]
    public void The_request_path_reads_as_a_list_of_policies_in_a_fixed_order()
    {
        var options = new ApiClientOptions { ApiKey = "k" };
        options.PerCallPolicies.Add(new RecordingPolicy("call", []));
        options.PerTryPolicies.Add(new RecordingPolicy("try", []));
        using var connection = new ApiConnection(options, UnusedDefaultBase);

        Assert.Equal(
            [
                "CallTimeoutPolicy", "RecordingPolicy", "ApiRetryPolicy", "AttemptTelemetryPolicy", "RecordingPolicy", "BearerTokenPolicy", "SecuritySchemesPolicy",
                "AttemptTimeoutPolicy", "ResponseBodyPolicy", "ErrorResponsePolicy", "RedirectPolicy", "TransportPolicy",
            ],
            connection.Policies.Select(p => p.GetType().Name));
    }

    [Fact]
    public async Task Per_call_policies_run_once_and_per_try_policies_once_per_attempt_before_the_token_is_added()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 2);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503 });
        var log = new List<string>();
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.PerCallPolicies.Add(new RecordingPolicy("call", log));
            o.PerTryPolicies.Add(new RecordingPolicy("try", log));
            o.PerTryPolicies.Add(new HeaderPolicy("X-Attempt"));
        });

        await connection.ListCallsAsync();

        Assert.Equal(
            ["call before attempt 0", "try before attempt 1 auth=False", "try after 503", "try before attempt 2 auth=False", "try after 200", "call after 200"],
            log);
        Assert.Equal(["1", "2"], simulator.Requests.Select(r => r.Headers["X-Attempt"]));
    }

    [Fact]
    public async Task A_retry_policy_subclass_decides_what_is_retried_and_how_long_to_wait()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 2 });
        var retry = new PostRetryPolicy();
        using ApiConnection connection = Connect(simulator, o => o.RetryPolicy = retry);

        // POST is not retried by default; this policy retries it, twice, without waiting.
        // The third answer is whatever the simulator says to a POST; only the attempts matter here.
        await Record.ExceptionAsync(() => connection.SendAsync(HttpMethod.Post, "/call", null, Encoding.UTF8.GetBytes("{}"), static _ => 1, CancellationToken.None));

        Assert.Equal(3, simulator.Requests.Count);
        Assert.Equal([TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(7)], retry.Waits);
        Assert.Equal([1, 2], retry.Attempts);
    }

    [Fact]
    public async Task With_the_HttpClient_doing_the_retries_the_client_makes_one_attempt()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 5 });
        using ApiConnection connection = Connect(simulator, o => { o.RetryMode = ApiRetryMode.HttpClient; o.MaxRetries = 3; });

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(503, error.StatusCode);
        Assert.Single(simulator.Requests);
        Assert.Contains("MaxRetries = 0", connection.ToString());
    }

    private sealed class RecordingPolicy(string name, List<string> log) : ApiPipelinePolicy
    {
        public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
        {
            string auth = message.HttpRequest is { } request ? " auth=" + (request.Headers.Authorization is not null) : string.Empty;
            log.Add($"{name} before attempt {message.Attempt}{auth}");
            await ProcessNextAsync(message, pipeline, currentIndex);
            log.Add($"{name} after {(int?)message.HttpResponse?.StatusCode}");
        }
    }

    private sealed class HeaderPolicy(string name) : ApiPipelinePolicy
    {
        public override ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
        {
            message.HttpRequest!.Headers.Add(name, message.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }

    private sealed class PostRetryPolicy() : ApiRetryPolicy(maxRetries: 2, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
    {
        public List<TimeSpan> Waits { get; } = [];

        public List<int> Attempts { get; } = [];

        protected override bool ShouldRetry(ApiMessage message, Exception? exception) =>
            message.HttpResponse is { StatusCode: System.Net.HttpStatusCode.ServiceUnavailable };

        protected override TimeSpan GetNextDelay(ApiMessage message, int attempt)
        {
            Attempts.Add(attempt);
            return TimeSpan.FromMilliseconds(7);
        }

        protected override Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            Waits.Add(delay);
            return Task.CompletedTask;
        }
    }
}
