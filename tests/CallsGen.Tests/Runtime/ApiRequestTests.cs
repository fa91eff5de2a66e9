using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

/// <summary><see cref="ApiConnection"/> with <see cref="ApiRequest"/>: authentication per operation, header parameters, JSON bodies.</summary>
public sealed class ApiRequestTests
{
    private sealed record Echo(string Method, string? ContentType, string Body);

    private static Echo DecodeEcho(ReadOnlySpan<byte> json)
    {
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        JsonElement root = document.RootElement;
        return new Echo(
            root.GetProperty("method").GetString()!,
            root.GetProperty("contentType").GetString(),
            root.GetProperty("body").GetString()!);
    }

    private static ApiRequest Get(string path, params (string Name, string Value)[] headers) =>
        new(HttpMethod.Get, path) { Headers = headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToArray() };

    [Fact]
    public async Task AnOperationWithoutSecuritySendsNoAuthorizationEvenWithAKeyConfigured()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        Echo echo = await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/echo") { RequiresAuthentication = false }, DecodeEcho, CancellationToken.None);

        Assert.Equal("GET", echo.Method);
        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.False(request.HasAuthorization);
        Assert.Equal("application/json", request.Headers["Accept"]);
    }

    [Fact]
    public async Task AnOperationWithoutSecurityNeitherCallsTheTokenProvider()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        int calls = 0;
        using ApiConnection connection = Connect(simulator, o => o.TokenProvider = _ =>
        {
            Interlocked.Increment(ref calls);
            return ValueTask.FromResult(simulator.ApiKey);
        });

        await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/echo") { RequiresAuthentication = false }, DecodeEcho, CancellationToken.None);

        Assert.Equal(0, calls);
        Assert.False(Assert.Single(simulator.Requests).HasAuthorization);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AnOperationWithoutSecurityWorksWithNoKeyAtAll(string? apiKey)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = apiKey);

        Echo echo = await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/echo") { RequiresAuthentication = false }, DecodeEcho, CancellationToken.None);
        await connection.SendAsync(new ApiRequest(HttpMethod.Delete, "/echo") { RequiresAuthentication = false }, CancellationToken.None);

        Assert.Equal("GET", echo.Method);
        Assert.All(simulator.Requests, r => Assert.False(r.HasAuthorization));
        Assert.Equal(2, simulator.Requests.Count);
    }

    [Fact]
    public async Task WithoutSecurityTheServerDecidesWhetherItIsEnough()
    {
        // GET /call needs the key: without it the server answers 401, and nothing was sent that should not have been.
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(
            () => connection.SendAsync(new ApiRequest(HttpMethod.Get, "/call") { RequiresAuthentication = false }, CountItems, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.False(Assert.Single(simulator.Requests).HasAuthorization);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task AnOperationWithSecurityAndNoKeyIsRefusedBeforeAnyRequest(string? apiKey)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = apiKey);

        await Assert.ThrowsAsync<ApiConfigurationException>(
            () => connection.SendAsync(new ApiRequest(HttpMethod.Get, "/echo"), DecodeEcho, CancellationToken.None));
        await Assert.ThrowsAsync<ApiConfigurationException>(
            () => connection.SendAsync(new ApiRequest(HttpMethod.Get, "/echo") { RequiresAuthentication = true }, CancellationToken.None));

        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task AnOperationWithSecuritySendsTheBearerTokenAndTheQuery()
    {
        await using VapiSimulator simulator = await StartSmallAsync(callCount: 5);
        using ApiConnection connection = Connect(simulator);
        var query = new QueryBuilder();
        query.Add("limit", 2L);

        int count = await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/call") { Query = query }, CountItems, CancellationToken.None);

        Assert.Equal(2, count);
        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("/call?limit=2", request.PathAndQuery);
        Assert.Equal("Bearer " + simulator.ApiKey, request.Authorization);
    }

    [Fact]
    public async Task HeaderParametersArriveAtTheServer()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        await connection.SendAsync(
            Get("/echo", ("X-Request-Id", "req-42"), ("X-Tags", "a"), ("X-Tags", "b"), ("x-empty", ""), ("X-Tab", "a\tb"), ("User-Agent", "custom/1.0")),
            DecodeEcho,
            CancellationToken.None);

        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("req-42", request.Headers["X-Request-Id"]);
        Assert.Equal("a, b", request.Headers["X-Tags"]);
        Assert.Equal("a\tb", request.Headers["X-Tab"]);
        Assert.Equal("custom/1.0", request.Headers["User-Agent"]); // replaces the default, not added to it
        Assert.Equal("Bearer " + simulator.ApiKey, request.Authorization);
    }

    [Fact]
    public async Task HeaderParametersAreSentAgainOnRetries()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.MaxRetries = 2);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503, Times = 2 });

        await connection.SendAsync(Get("/echo", ("X-Request-Id", "req-7")), DecodeEcho, CancellationToken.None);

        Assert.Equal(3, simulator.Requests.Count);
        Assert.All(simulator.Requests, r => Assert.Equal("req-7", r.Headers["X-Request-Id"]));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Host")]
    [InlineData("HOST")]
    [InlineData("Content-Length")]
    [InlineData("Content-Type")]
    [InlineData("content-type")]
    [InlineData("Transfer-Encoding")]
    [InlineData("")]
    [InlineData("X Bad")]
    [InlineData("X-Bad:")]
    [InlineData("X-Bad\r\nX-Injected")]
    [InlineData("X-Ümlaut")]
    [InlineData("(comment)")]
    public async Task ForbiddenOrInvalidHeaderNamesAreRejectedBeforeSending(string name)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        await Assert.ThrowsAsync<ArgumentException>(
            () => connection.SendAsync(Get("/echo", (name, "v")), DecodeEcho, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(
            () => connection.SendAsync(new ApiRequest(HttpMethod.Post, "/echo")
            {
                Headers = [KeyValuePair.Create(name, "v")],
                JsonBody = "{}"u8.ToArray(),
                RequiresAuthentication = false,
            }, CancellationToken.None));

        Assert.Empty(simulator.Requests);
    }

    [Theory]
    [InlineData("value\r\nX-Injected: 1")]
    [InlineData("value\nX-Injected: 1")]
    [InlineData("value\r")]
    [InlineData("\r\n\r\nGET /call HTTP/1.1")]
    [InlineData("nul\0")]
    public async Task HeaderValuesWithCrOrLfAreRejectedWithoutEchoingThem(string value)
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
            () => connection.SendAsync(Get("/echo", ("X-Api-Key", value)), DecodeEcho, CancellationToken.None));

        Assert.Contains("X-Api-Key", error.Message);
        Assert.DoesNotContain(value, error.ToString());
        Assert.DoesNotContain("X-Injected", error.ToString());
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task HeadersAreCheckedEvenWhenTheKeyIsMissing()
    {
        // Argument errors come first: the caller's bug is reported, not the configuration.
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = null);

        await Assert.ThrowsAsync<ArgumentException>(
            () => connection.SendAsync(Get("/echo", ("Host", "evil.example")), DecodeEcho, CancellationToken.None));
        Assert.Empty(simulator.Requests);
    }

    [Fact]
    public async Task SecretLookingHeaderValuesAreRedactedFromErrors()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);
        const string secret = "hdr-secret-9f8e7d";
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = 400,
            Body = "{\"message\":\"bad X-Session-Token " + secret + " and key " + simulator.ApiKey + "\"}",
            Headers = new Dictionary<string, string> { ["X-Echo"] = secret },
        });

        ApiException error = await Assert.ThrowsAsync<ApiException>(
            () => connection.SendAsync(Get("/echo", ("X-Session-Token", secret), ("X-Trace", "tr-1")), DecodeEcho, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.DoesNotContain(secret, error.ToString());
        Assert.DoesNotContain(secret, error.ResponseBody);
        Assert.DoesNotContain(simulator.ApiKey, error.ResponseBody);
        Assert.Equal("[REDACTED]", Assert.Single(error.Headers["X-Echo"]));
        Assert.Equal(secret, Assert.Single(simulator.Requests).Headers["X-Session-Token"]); // it was sent, though
    }

    [Fact]
    public async Task AJsonBodyIsSentAsApplicationJsonOnPost()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);
        const string json = "{\"name\":\"Zoë\",\"n\":[1,2.5]}";

        Echo echo = await connection.SendAsync(
            new ApiRequest(HttpMethod.Post, "/echo") { JsonBody = Encoding.UTF8.GetBytes(json), Headers = [KeyValuePair.Create("X-Idempotency-Key", "k-1")] },
            DecodeEcho,
            CancellationToken.None);

        Assert.Equal("POST", echo.Method);
        Assert.Equal("application/json", echo.ContentType);
        Assert.Equal(json, echo.Body);
        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("k-1", request.Headers["X-Idempotency-Key"]);
        Assert.Equal("Bearer " + simulator.ApiKey, request.Authorization);
    }

    [Fact]
    public async Task AnEmptyJsonBodyIsStillABody()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        Echo echo = await connection.SendAsync(new ApiRequest(HttpMethod.Put, "/echo") { JsonBody = ReadOnlyMemory<byte>.Empty }, DecodeEcho, CancellationToken.None);
        Echo none = await connection.SendAsync(new ApiRequest(HttpMethod.Put, "/echo"), DecodeEcho, CancellationToken.None);

        Assert.Equal("application/json", echo.ContentType);
        Assert.Equal(string.Empty, echo.Body);
        Assert.Null(none.ContentType);
    }

    [Fact]
    public async Task TheBodilessOverloadAcceptsNoContent()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 204 });

        await connection.SendAsync(new ApiRequest(HttpMethod.Delete, "/echo") { JsonBody = "{}"u8.ToArray() }, CancellationToken.None);

        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
    }

    [Fact]
    public async Task AContentHeaderParameterNeedsABody()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        await Assert.ThrowsAsync<ArgumentException>(
            () => connection.SendAsync(Get("/echo", ("Content-Language", "de")), DecodeEcho, CancellationToken.None));
        Assert.Empty(simulator.Requests);

        await connection.SendAsync(
            new ApiRequest(HttpMethod.Post, "/echo") { JsonBody = "{}"u8.ToArray(), Headers = [KeyValuePair.Create("Content-Language", "de")] },
            DecodeEcho,
            CancellationToken.None);
        Assert.Equal("de", Assert.Single(simulator.Requests).Headers["Content-Language"]);
    }

    [Fact]
    public async Task PlainHttpIsRefusedOnlyWhenTheTokenWouldBeSent()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        var options = new ApiClientOptions { BaseAddress = new Uri("http://api.example.test"), ApiKey = "top-secret-key" };
        using var connection = new ApiConnection(options, UnusedDefaultBase, http);

        await Assert.ThrowsAsync<ApiConfigurationException>(() => connection.SendAsync(new ApiRequest(HttpMethod.Get, "/status"), CancellationToken.None));
        Assert.Empty(handler.Requests);

        await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/status") { RequiresAuthentication = false }, CancellationToken.None);
        (Uri uri, string? authorization) = Assert.Single(handler.Requests);
        Assert.Equal(new Uri("http://api.example.test/status"), uri);
        Assert.Null(authorization);
    }

    [Fact]
    public void ThePathMustStartWithASlash()
    {
        Assert.Throws<ArgumentException>(() => new ApiRequest(HttpMethod.Get, "call"));
        Assert.Throws<ArgumentNullException>(() => new ApiRequest(HttpMethod.Get, null!));
        Assert.Throws<ArgumentNullException>(() => new ApiRequest(null!, "/call"));

        var request = new ApiRequest(HttpMethod.Get, "/call");
        Assert.True(request.RequiresAuthentication);
        Assert.Null(request.Query);
        Assert.Null(request.JsonBody);
        Assert.Null(request.Headers);
    }

    [Fact]
    public async Task TheOlderOverloadsStillAcceptAPathWithoutTheSlash()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var connection = new ApiConnection(new ApiClientOptions { ApiKey = "k" }, new Uri("https://api.example.test/v2/"), http);

        await connection.SendAsync(HttpMethod.Get, "call", null, CancellationToken.None);

        Assert.Equal(new Uri("https://api.example.test/v2/call"), Assert.Single(handler.Requests).Uri);
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(Uri Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString()));
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
        }
    }
}
