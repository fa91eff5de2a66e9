using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

public sealed class ApiConnectionErrorTests
{
    [Fact]
    public async Task AWrongKeyGivesA401ApiExceptionWithTheBodyButNeverTheKey()
    {
        const string wrongKey = "wrong-key-0123456789";
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.ApiKey = wrongKey);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.StartsWith("GET /call failed with 401 Unauthorized: ", error.Message);
        Assert.Contains("Invalid API key", error.ResponseBody);
        Assert.Contains("\"statusCode\":401", error.ResponseBody);
        Assert.False(error.ResponseBodyTruncated);
        Assert.DoesNotContain(wrongKey, error.ToString());
        Assert.Single(simulator.Requests); // 401 is not retried
    }

    [Fact]
    public async Task AKeyEchoedByTheServerIsRedacted()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = 403,
            Body = $"{{\"message\":\"key {simulator.ApiKey} may not list calls\"}}",
            Headers = new Dictionary<string, string> { ["X-Debug-Key"] = simulator.ApiKey },
        });
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(403, error.StatusCode);
        Assert.DoesNotContain(simulator.ApiKey, error.ToString());
        Assert.DoesNotContain(simulator.ApiKey, error.ResponseBody);
        Assert.Contains("[REDACTED]", error.ResponseBody);
        Assert.Equal(["[REDACTED]"], error.Headers["X-Debug-Key"]);
    }

    [Fact]
    public async Task ExceptionHeadersKeepUsefulHeadersButNeverCredentials()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = 500,
            Headers = new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer leaked-token",
                ["Set-Cookie"] = "session=abc123; HttpOnly",
                ["X-Request-Id"] = "req-42",
            },
        });
        using ApiConnection connection = Connect(simulator, o => o.MaxRetries = 0);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(["req-42"], error.Headers["x-request-id"]);
        Assert.Contains("application/json", error.Headers["Content-Type"][0]);
        Assert.False(error.Headers.ContainsKey("Authorization"));
        Assert.False(error.Headers.ContainsKey("Set-Cookie"));
        Assert.DoesNotContain("leaked-token", error.ToString());
        Assert.DoesNotContain("abc123", error.ToString());
    }

    [Fact]
    public async Task AHugeErrorBodyIsTruncated()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        string huge = new('x', 2_000_000);
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 500, Body = huge, ContentType = "text/plain; charset=utf-8" });
        using ApiConnection connection = Connect(simulator, o =>
        {
            o.MaxRetries = 0;
            o.MaxErrorBodyLength = 1000;
        });

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(new string('x', 1000), error.ResponseBody);
        Assert.True(error.ResponseBodyTruncated);
        Assert.StartsWith("GET /call failed with 500 Internal Server Error: xxxx", error.Message);
        Assert.True(error.Message.Length < 300, $"Message too long: {error.Message.Length}");
    }

    [Fact]
    public async Task TruncationCountsCharactersNotBytes()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 400, Body = new string('é', 50), ContentType = "text/plain; charset=utf-8" });
        using ApiConnection connection = Connect(simulator, o => o.MaxErrorBodyLength = 10);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(new string('é', 10), error.ResponseBody);
        Assert.True(error.ResponseBodyTruncated);
    }

    [Fact]
    public async Task ABodyThatDoesNotDecodeGivesAnApiExceptionWithTheJsonError()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault
        {
            StatusCode = 200,
            Body = "[{\"id\":\"c1\",\"createdAt\":12345,\"updatedAt\":\"2026-03-01T00:00:00Z\"}]",
        });
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(200, error.StatusCode);
        JsonException inner = Assert.IsType<JsonException>(error.InnerException);
        Assert.Contains("Expected an ISO 8601 date-time string but found a number at byte offset 24", inner.Message);
        Assert.Contains("could not be decoded", error.Message);
        Assert.Contains("byte offset 24", error.Message);
        Assert.Contains("\"createdAt\":12345", error.ResponseBody);
    }

    [Fact]
    public async Task MalformedJsonNamesThePositionOfTheError()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = "[{\"id\": tru}]" });
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.IsAssignableFrom<JsonException>(error.InnerException);
        Assert.Contains("BytePositionInLine: ", error.Message);
    }

    [Fact]
    public async Task AFormatExceptionFromTheDecoderIsWrappedToo()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.SendAsync<int>(
            HttpMethod.Get, "/call", null, _ => throw new FormatException("bad number"), CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.IsType<FormatException>(error.InnerException);
        Assert.Contains("bad number", error.Message);
    }

    [Fact]
    public async Task TheBasePathIsKept()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using ApiConnection connection = Connect(simulator, o => o.BaseAddress = new Uri(simulator.BaseAddress, "v1"));

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("/v1/call", Assert.Single(simulator.Requests).Path);
        Assert.Contains("Cannot GET /v1/call", error.ResponseBody);
    }

    [Fact]
    public async Task TheNonGenericSendAcceptsNoContent()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 204 });
        using ApiConnection connection = Connect(simulator);

        await connection.SendAsync(HttpMethod.Delete, "/call/abc", null, CancellationToken.None);

        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/call/abc", request.Path);
    }

    [Fact]
    public async Task AJsonBodyIsSentAsApplicationJson()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 201, Body = "[]" });
        using ApiConnection connection = Connect(simulator);

        int count = await connection.SendAsync(HttpMethod.Post, "/call", null, Encoding.UTF8.GetBytes("{\"assistantId\":\"a\"}"), CountItems, CancellationToken.None);

        Assert.Equal(0, count);
        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json", request.Headers["Content-Type"]);
        Assert.Equal("19", request.Headers["Content-Length"]);
    }

    [Fact]
    public async Task ACallerOwnedHttpClientIsNotDisposed()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using var http = new HttpClient();
        var connection = new ApiConnection(Options(simulator), UnusedDefaultBase, http);
        await connection.ListCallsAsync();

        connection.Dispose();

        using HttpResponseMessage response = await http.GetAsync(new Uri(simulator.BaseAddress, "call"));
        Assert.Equal(401, (int)response.StatusCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.ListCallsAsync());
    }

    [Fact]
    public void InvalidOptionsAreRejectedAtConstruction()
    {
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { MaxRetries = -1 }, UnusedDefaultBase));
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { Timeout = TimeSpan.Zero }, UnusedDefaultBase));
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { BaseAddress = new Uri("ftp://x") }, UnusedDefaultBase));
        using var infinite = new ApiConnection(new ApiClientOptions { Timeout = Timeout.InfiniteTimeSpan }, UnusedDefaultBase);
    }
}
