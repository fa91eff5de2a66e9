using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>
/// The Vapi client this test project generates at build time from specs/vapi-list-calls.yaml (as a
/// consuming project would), called over real HTTP against the simulator on 127.0.0.1.
/// </summary>
public sealed class GeneratedClientTests : IAsyncLifetime
{
    private Simulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 300 });

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private VapiClient CreateClient(string? apiKey = null, TimeSpan? timeout = null, int maxRetries = 3) => new(new ApiClientOptions
    {
        BaseAddress = _simulator.BaseAddress,
        ApiKey = apiKey ?? _simulator.ApiKey,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    });

    [Fact]
    public async Task Lists_calls_newest_first_with_the_default_limit()
    {
        using var client = CreateClient();
        var calls = await client.ListCallsAsync();

        Assert.Equal(100, calls.Count);
        Assert.Equal(calls.OrderByDescending(c => c.CreatedAt).Select(c => c.CreatedAt), calls.Select(c => c.CreatedAt));
        var expected = _simulator.GetCalls().Select(c => (string)c["id"]!).ToHashSet();
        Assert.All(calls, call => Assert.Contains(call.Id, expected));
        Assert.Equal("Bearer " + _simulator.ApiKey, _simulator.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Filters_travel_as_query_parameters_and_are_honoured()
    {
        using var client = CreateClient();
        var all = await client.ListCallsAsync(new ListCallsRequest { Limit = 1000 });
        var assistantId = all.First(c => c.AssistantId is not null).AssistantId!;
        var middle = all[all.Count / 2].CreatedAt;

        var byAssistant = await client.ListCallsAsync(new ListCallsRequest { AssistantId = assistantId, Limit = 1000 });
        Assert.Equal(all.Where(c => c.AssistantId == assistantId).Select(c => c.Id), byAssistant.Select(c => c.Id));

        var window = await client.ListCallsAsync(new ListCallsRequest { CreatedAtLt = middle.ToOffset(TimeSpan.FromHours(2)), Limit = 1000 });
        Assert.Equal(all.Where(c => c.CreatedAt < middle).Select(c => c.Id), window.Select(c => c.Id));
        Assert.EndsWith("Z", _simulator.Requests.Last().Query["createdAtLt"].Single());

        var limited = await client.ListCallsAsync(new ListCallsRequest { Limit = 7 });
        Assert.Equal(all.Take(7).Select(c => c.Id), limited.Select(c => c.Id));
        Assert.Equal("7", _simulator.Requests.Last().Query["limit"].Single());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1000.5)]
    [InlineData(1001)]
    [InlineData(double.NaN)]
    public async Task A_limit_outside_0_to_1000_is_rejected_before_any_request(double limit)
    {
        using var client = CreateClient();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListCallsAsync(new ListCallsRequest { Limit = limit }));
        Assert.Contains("Limit", error.Message);
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task A_wrong_key_gives_ApiException_401_without_the_key_in_it()
    {
        const string wrongKey = "wrong-key-0123456789";
        using var client = CreateClient(apiKey: wrongKey);
        var error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());
        Assert.Equal(401, error.StatusCode);
        Assert.DoesNotContain(wrongKey, error.ToString());
    }

    [Fact]
    public async Task A_missing_key_fails_before_any_request()
    {
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = _simulator.BaseAddress, ApiKey = " " });
        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.ListCallsAsync());
        Assert.Empty(_simulator.Requests);
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_delay()
    {
        _simulator.EnqueueFault(new SimulatedFault { StatusCode = 429, RetryAfter = "1" });
        using var client = CreateClient();
        var calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 3 });
        Assert.Equal(3, calls.Count);
        var requests = _simulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(950));
    }

    [Fact]
    public async Task A_timeout_is_told_apart_from_the_callers_cancellation()
    {
        _simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(5), Times = 5 });
        using (var client = CreateClient(timeout: TimeSpan.FromMilliseconds(200), maxRetries: 0))
        {
            await Assert.ThrowsAsync<ApiTimeoutException>(() => client.ListCallsAsync());
        }

        using (var client = CreateClient(timeout: TimeSpan.FromSeconds(30), maxRetries: 0))
        using (var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListCallsAsync(null, cancellation.Token));
            Assert.Equal(cancellation.Token, error.CancellationToken);
        }
    }

    [Fact]
    public async Task Values_the_document_does_not_allow_are_kept_not_lost()
    {
        using var client = CreateClient();
        var calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 1000 });
        var raw = _simulator.GetCalls().ToDictionary(c => (string)c["id"]!);

        // An endedReason newer than the document: kept verbatim, flagged as unknown.
        var unlisted = calls.Where(c => c.EndedReason is { IsKnown: false }).ToList();
        Assert.NotEmpty(unlisted);
        Assert.All(unlisted, c => Assert.Equal((string)raw[c.Id]["endedReason"]!, c.EndedReason!.Value.Value));

        // successEvaluation is declared a string; the server sometimes sends a boolean: its JSON text is kept.
        var booleans = calls.Where(c => raw[c.Id]["analysis"]?["successEvaluation"]?.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False).ToList();
        Assert.NotEmpty(booleans);
        Assert.All(booleans, c => Assert.Equal(raw[c.Id]["analysis"]!["successEvaluation"]!.ToJsonString(), c.Analysis!.SuccessEvaluation));

        // Known values are known.
        Assert.Contains(calls, c => c.Status == CallStatus.Ended && c.Status!.Value.IsKnown);
    }
}
