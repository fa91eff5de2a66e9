using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Properties;
using CallsGen.Tests.Runtime;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CallsGen.Tests.Faults;

/// <summary>
/// After a large buffered body has been read and decoded, nothing of it stays alive: the buffers past
/// <see cref="ResponseBodies.LargestPooledBuffer"/> are plain arrays the GC takes back, not arrays left in the shared pool.
/// Runs alone (the heap is the whole process's), after the parallel tests.
/// </summary>
[Collection(nameof(CpuHeavyCollection))]
public sealed class LargeBodyMemoryTests
{
    private const long BodyLength = 200L * 1024 * 1024;

    private readonly ITestOutputHelper _output;

    public LargeBodyMemoryTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A200MegabyteBodyLeavesNoLargeBuffersBehind(bool declareLength)
    {
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => WriteLargeArrayAsync(server, context, declareLength);
        using var connection = new ApiConnection(
            new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "k", MaxRetries = 0, Timeout = TimeSpan.FromMinutes(2) },
            RuntimeTestSupport.UnusedDefaultBase);

        long before = GC.GetTotalMemory(forceFullCollection: true);
        int items = await connection.SendAsync(HttpMethod.Get, "/call", null, static json =>
        {
            // Decode it: read every token.
            var reader = new Utf8JsonReader(json);
            int count = 0;
            while (reader.Read())
            {
                count += reader.TokenType == JsonTokenType.String ? 1 : 0;
            }

            return count;
        }, default);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.FullBlocking);

        long live = info.HeapSizeBytes - info.FragmentedBytes;
        _output.WriteLine($"before {before / 1048576} MiB, after {after / 1048576} MiB; last full GC: heap {info.HeapSizeBytes / 1048576} MiB, of it free {info.FragmentedBytes / 1048576} MiB; {items} items");
        Assert.Equal((int)(BodyLength / 1024), items);

        // Relative to before: the rest of the test process (compilations of other tests, ...) is not this call's.
        Assert.True(after - before < 32L * 1024 * 1024, $"{(after - before) / 1048576} MiB more live after the call than before it");
        Assert.True(live - before < 32L * 1024 * 1024, $"{(live - before) / 1048576} MiB more in use after the last full GC than before the call");
    }

    /// <summary>A JSON array of 1 KiB strings, <see cref="BodyLength"/> bytes in all, made as it is sent.</summary>
    private static async Task WriteLargeArrayAsync(HostileServer server, HttpContext context, bool declareLength)
    {
        const int itemLength = 1024; // "xxxx…", with the comma (or '[' / ']')
        const int perChunk = 64;
        context.Response.ContentType = "application/json";
        if (declareLength)
        {
            context.Response.ContentLength = BodyLength;
        }

        byte[] chunk = new byte[itemLength * perChunk];
        for (int i = 0; i < perChunk; i++)
        {
            Span<byte> item = chunk.AsSpan(i * itemLength, itemLength);
            item.Fill((byte)'x');
            item[0] = (byte)',';
            item[1] = (byte)'"';
            item[^1] = (byte)'"';
        }

        long chunks = BodyLength / chunk.Length;
        for (long c = 0; c < chunks; c++)
        {
            chunk[0] = c == 0 ? (byte)'[' : (byte)',';
            if (c == chunks - 1)
            {
                chunk[^1] = (byte)']';
                chunk[^2] = (byte)'"';
                chunk[^3] = (byte)'x';
            }

            await server.WriteAsync(context, chunk);
        }
    }
}
