using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Runtime;
using Microsoft.AspNetCore.Http;

namespace CallsGen.Tests.Faults;

/// <summary>
/// <see cref="ApiClientOptions.MaxResponseBodyLength"/>: a successful body past it fails with
/// <see cref="ApiResponseTooLargeException"/> (before reading when the declared length says so), a streamed array is bounded
/// per item, and a body no one uses is not read forever.
/// </summary>
public sealed class ResponseSizeTests
{
    private const int Chunk = 64 * 1024;

    [Fact]
    public async Task AnEndlessSuccessfulBodyStopsAtTheLimitWithATypedErrorAndIsNotRetried()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => WriteEndlessAsync(server, context, declaredLength: null);
        using HttpClient http = server.CreateCountingHttpClient();
        using ApiConnection connection = Connect(server, o =>
        {
            o.MaxResponseBodyLength = 4 * 1024 * 1024;
            o.MaxRetries = 3;
        }, http);

        ApiResponseTooLargeException error = await Assert.ThrowsAsync<ApiResponseTooLargeException>(() => CountAsync(connection));

        Assert.Equal(200, error.StatusCode);
        Assert.Equal(4 * 1024 * 1024, error.Limit);
        Assert.Null(error.DeclaredLength);
        Assert.Null(error.ResponseBody);
        Assert.Equal("GET /call returned 200 OK with a body larger than ApiClientOptions.MaxResponseBodyLength (4194304 bytes); reading stopped there.", error.Message);
        Assert.Equal(1, server.Requests);

        // The client read one byte past the limit, at most a read's worth.
        Assert.InRange(server.BytesRead, 4 * 1024 * 1024 + 1, 4 * 1024 * 1024 + Chunk + 2);
    }

    [Fact]
    public async Task ADeclaredContentLengthOverTheLimitFailsBeforeTheBodyIsRead()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = async context =>
        {
            // The headers promise more than the limit; the body never comes. Reading it would wait for the timeout.
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 10L * 1024 * 1024 * 1024;
            await server.WriteAsync(context, "["u8.ToArray());
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        };
        using ApiConnection connection = Connect(server, o => o.MaxRetries = 2);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        ApiResponseTooLargeException error = await Assert.ThrowsAsync<ApiResponseTooLargeException>(() => CountAsync(connection));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(10L * 1024 * 1024 * 1024, error.DeclaredLength);
        Assert.Equal(ApiClientOptions.DefaultMaxResponseBodyLength, error.Limit);
        Assert.Contains("with Content-Length 10737418240, more than ApiClientOptions.MaxResponseBodyLength (268435456 bytes); the body was not read.", error.Message);
        Assert.Equal(1, server.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ABodyOfExactlyTheLimitIsDecodedAndOneByteMoreIsNot(bool declareLength)
    {
        const int limit = 300_000;
        await using HostileServer server = await HostileServer.StartAsync();
        byte[] body = Filler(limit);
        server.Handler = context => WriteAsync(server, context, body, declareLength);
        using ApiConnection connection = Connect(server, o => o.MaxResponseBodyLength = limit);

        Assert.Equal(body.Length, await connection.SendAsync(HttpMethod.Get, "/call", null, static json => json.Length, default));

        body = Filler(limit + 1);
        ApiResponseTooLargeException error = await Assert.ThrowsAsync<ApiResponseTooLargeException>(() => connection.SendAsync(HttpMethod.Get, "/call", null, static json => json.Length, default));
        Assert.Equal(declareLength ? limit + 1 : null, error.DeclaredLength);
    }

    [Fact]
    public async Task AStreamedArrayMayBeLongerThanTheLimitButNotOneOfItsItems()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        byte[] small = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('s', 10_000) + "\"}");
        byte[] large = Encoding.UTF8.GetBytes("{\"id\":\"" + new string('L', 300_000) + "\"}");
        int largeAt = -1;
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            await server.WriteAsync(context, "["u8.ToArray());
            for (int i = 0; i < 200; i++)
            {
                await server.WriteAsync(context, (i == largeAt ? large : small).AsMemory());
                await server.WriteAsync(context, (i == 199 ? "]"u8 : ","u8).ToArray());
            }
        };
        using ApiConnection connection = Connect(server, o => o.MaxResponseBodyLength = 64 * 1024);

        // 2 MB of items, each far below the limit.
        Assert.Equal(200, (await StreamIdsAsync(connection)).Count);

        largeAt = 150;
        var ids = new List<string>();
        ApiResponseTooLargeException error = await Assert.ThrowsAsync<ApiResponseTooLargeException>(() => StreamIdsAsync(connection, ids));
        Assert.Equal(150, ids.Count);
        Assert.Equal(64 * 1024, error.Limit);
        Assert.Equal("GET /call returned 200 OK with an array item ($[150]) larger than ApiClientOptions.MaxResponseBodyLength (65536 bytes), which bounds each item of a streamed array; reading stopped there.", error.Message);
    }

    [Fact]
    public async Task AnUnusedBodyIsReadOnlyUpToTheLimitThenTheConnectionIsDropped()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => WriteEndlessAsync(server, context, declaredLength: null);
        using HttpClient http = server.CreateCountingHttpClient();
        using ApiConnection connection = Connect(server, o => o.MaxResponseBodyLength = 1024 * 1024, http);

        // An operation that declares no response body: it succeeded, so the call succeeds, without reading forever.
        await connection.SendAsync(new ApiRequest(HttpMethod.Delete, "/call/c1"), default);

        Assert.Equal(1, server.Requests);
        Assert.InRange(server.BytesRead, 1024 * 1024 + 1, 1024 * 1024 + 16 * 1024);
    }

    [Fact]
    public void TheLimitMustBePositive()
    {
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { MaxResponseBodyLength = 0 }, RuntimeTestSupport.UnusedDefaultBase));
        Assert.Throws<ApiConfigurationException>(() => new ApiConnection(new ApiClientOptions { MaxResponseBodyLength = -1 }, RuntimeTestSupport.UnusedDefaultBase));
        using var huge = new ApiConnection(new ApiClientOptions { MaxResponseBodyLength = long.MaxValue }, RuntimeTestSupport.UnusedDefaultBase);
        Assert.Contains("MaxResponseBodyLength = 268435456", new ApiClientOptions().ToString());
    }

    private static ApiConnection Connect(HostileServer server, Action<ApiClientOptions>? configure = null, HttpClient? http = null)
    {
        var options = new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "k", MaxRetries = 0, RetryBaseDelay = TimeSpan.FromMilliseconds(1), Timeout = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        return new ApiConnection(options, RuntimeTestSupport.UnusedDefaultBase, http);
    }

    /// <summary>Counts the items of a JSON array body.</summary>
    private static Task<int> CountAsync(ApiConnection connection) =>
        connection.SendAsync(HttpMethod.Get, "/call", null, static json => RuntimeTestSupport.CountItems(json), default);

    private static async Task<List<string>> StreamIdsAsync(ApiConnection connection, List<string>? into = null)
    {
        into ??= [];
        await foreach (string id in connection.StreamArrayAsync(new ApiRequest(HttpMethod.Get, "/call"), static (ref Utf8JsonReader reader) =>
        {
            reader.Read();
            reader.Read();
            string id = reader.GetString()!;
            reader.Read();
            return id;
        }))
        {
            into.Add(id);
        }

        return into;
    }

    /// <summary>A JSON array of strings of exactly <paramref name="length"/> bytes.</summary>
    internal static byte[] Filler(int length)
    {
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)'x');
        bytes[0] = (byte)'[';
        bytes[1] = (byte)'"';
        bytes[^2] = (byte)'"';
        bytes[^1] = (byte)']';
        return bytes;
    }

    private static async Task WriteAsync(HostileServer server, HttpContext context, byte[] body, bool declareLength)
    {
        context.Response.ContentType = "application/json";
        if (declareLength)
        {
            context.Response.ContentLength = body.Length;
        }

        for (int i = 0; i < body.Length; i += Chunk)
        {
            await server.WriteAsync(context, body.AsMemory(i, Math.Min(Chunk, body.Length - i)));
        }
    }

    /// <summary>A JSON array that never ends: <c>["xxxx…</c> in 64 KiB writes until the client goes away.</summary>
    internal static async Task WriteEndlessAsync(HostileServer server, HttpContext context, long? declaredLength)
    {
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = declaredLength;
        byte[] chunk = new byte[Chunk];
        chunk.AsSpan().Fill((byte)'x');
        await server.WriteAsync(context, "[\""u8.ToArray());
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await server.WriteAsync(context, chunk);
        }
    }
}
