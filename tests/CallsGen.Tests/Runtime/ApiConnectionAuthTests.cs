using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

public sealed class ApiConnectionAuthTests
{
    [Fact]
    public async Task SendsTheBearerTokenAndAcceptJson()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 7);
        using ApiConnection connection = Connect(simulator);

        int count = await connection.SendAsync(HttpMethod.Get, "/call", null, CountItems, CancellationToken.None);

        Assert.Equal(7, count);
        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/call", request.PathAndQuery);
        Assert.Equal("Bearer " + simulator.ApiKey, request.Authorization);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.StartsWith("CallsGen/", request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task UserAgentCanBeSet()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.UserAgent = "my-app/1.2");

        await connection.ListCallsAsync();

        Assert.Equal("my-app/1.2", Assert.Single(simulator.Requests).Headers["User-Agent"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public async Task AMissingOrBlankKeyIsRefusedBeforeAnyRequest(string? apiKey)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = apiKey);

        ApiConfigurationException error = await Assert.ThrowsAsync<ApiConfigurationException>(() => connection.ListCallsAsync());

        Assert.Contains("ApiKey", error.Message);
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task TheTokenProviderIsUsedInsteadOfTheKey()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        int calls = 0;
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.ApiKey = "stale-key-that-would-fail";
            o.TokenProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult(simulator.ApiKey);
            };
        });

        await connection.ListCallsAsync();

        Assert.Equal(1, calls);
        Assert.Equal("Bearer " + simulator.ApiKey, Assert.Single(simulator.Requests).Authorization);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task ATokenProviderReturningNothingIsRefusedBeforeAnyRequest(string token)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.TokenProvider = _ => ValueTask.FromResult(token));

        await Assert.ThrowsAsync<ApiConfigurationException>(() => connection.ListCallsAsync());

        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task AKeyWithInnerWhitespaceIsRefusedWithoutEchoingIt()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = "secret part\r\nX-Injected: 1");

        ApiConfigurationException error = await Assert.ThrowsAsync<ApiConfigurationException>(() => connection.ListCallsAsync());

        Assert.DoesNotContain("secret", error.ToString());
        Assert.Empty(simulator.Requests);
    }

    [Theory]
    [InlineData("http://api.vapi.ai")]
    [InlineData("http://192.168.1.20:8080/v1")]
    public async Task PlainHttpToANonLoopbackHostIsRefused(string baseAddress)
    {
        var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var options = new ApiClientOptions { BaseAddress = new Uri(baseAddress), ApiKey = "top-secret-key" };
        using var connection = new ApiConnection(options, UnusedDefaultBase, http);

        ApiConfigurationException error = await Assert.ThrowsAsync<ApiConfigurationException>(
            () => connection.SendAsync(HttpMethod.Get, "/call", null, CountItems, CancellationToken.None));

        Assert.Equal(0, handler.Count);
        Assert.Contains("http", error.Message);
        Assert.DoesNotContain("top-secret-key", error.ToString());
    }

    [Fact]
    public async Task TheDefaultBaseAddressIsUsedWhenNoneIsSet()
    {
        var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        using var connection = new ApiConnection(new ApiClientOptions { ApiKey = "k" }, new Uri("https://api.example.test/v2/"), http);

        await connection.SendAsync(HttpMethod.Get, "/call", null, CancellationToken.None);

        Assert.Equal(new Uri("https://api.example.test/v2/call"), handler.LastUri);
        Assert.Equal("Bearer k", handler.LastAuthorization);
    }

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Count;
        public Uri? LastUri;
        public string? LastAuthorization;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            LastUri = request.RequestUri;
            LastAuthorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
