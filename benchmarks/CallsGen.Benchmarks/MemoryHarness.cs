using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Benchmarks.Payload;
using CallsGen.Benchmarks.Vapi;
using CallsGen.Runtime;

namespace CallsGen.Benchmarks;

/// <summary>
/// Memory measurements that need a fresh process each: streaming vs buffered list-calls over an in-memory
/// HttpMessageHandler, and a cold generator run. The parent starts this program again with --child-… and
/// reads one JSON line back. Peak working set is the kernel's high-water mark (VmHWM), reset just before the
/// measured work on Linux (/proc/self/clear_refs), so building the payload does not count.
/// </summary>
public static class MemoryHarness
{
    public sealed record StreamResult(string Mode, int Count, long PayloadBytes, int Items, double Seconds, long AllocatedBytes, long PeakWorkingSetDelta, long PeakLiveHeap, bool PeakReset);

    public sealed record GeneratorResult(string Document, double FirstRunSeconds, double SecondRunSeconds, long AllocatedBytes, long PeakWorkingSetDelta, int Sources, bool PeakReset);

    // ---- parent side ----

    public static List<StreamResult> RunStreaming(int[] counts)
    {
        var results = new List<StreamResult>();
        foreach (int count in counts)
        {
            foreach (string mode in new[] { "stream", "buffered" })
            {
                var line = RunChild("--child-stream", mode, count.ToString(CultureInfo.InvariantCulture));
                if (line is not null) results.Add(JsonSerializer.Deserialize<StreamResult>(line)!);
            }
        }

        return results;
    }

    public static List<GeneratorResult> RunGenerator()
    {
        var results = new List<GeneratorResult>();
        foreach (var c in GeneratorHost.AvailableCases())
        {
            var line = RunChild("--child-generator", c.Name);
            if (line is not null) results.Add(JsonSerializer.Deserialize<GeneratorResult>(line)!);
        }

        return results;
    }

    private static string? RunChild(params string[] args)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(MemoryHarness).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null)
        {
            Console.WriteLine($"// harness {string.Join(' ', args)} failed ({process.ExitCode}): {error}{output}");
            return null;
        }

        return line;
    }

    // ---- child side ----

    public static async Task<int> ChildStreamAsync(string mode, int count)
    {
        byte[] payload = CallPayload.Create(count);
        using var handler = new PayloadHandler(payload);
        using var http = new HttpClient(handler);
        var options = new ApiClientOptions { ApiKey = "bench-key", BaseAddress = new Uri("https://example.test") };
        using var connection = new ApiConnection(options, new Uri("https://example.test"), http);

        // Warm up JIT on a small response so the measured pass is steady-state code.
        var small = CallPayload.Create(20, seed: 7);
        handler.Body = small;
        await foreach (var _ in connection.StreamArrayAsync(new ApiRequest(HttpMethod.Get, "/call"), VapiClientJson.ReadCall)) { }
        _ = await connection.SendAsync(new ApiRequest(HttpMethod.Get, "/call"), static json => JsonHelpers.Deserialize(json, VapiClientJson.ReadCall_List), CancellationToken.None);
        handler.Body = payload;
        small = null;

        // Pass 1: allocations, time, peak working set (no forced GCs).
        Settle();
        bool reset = ResetPeak();
        long baseline = CurrentWorkingSet();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        int items = await ConsumeAsync(connection, mode, sample: null);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        long peakDelta = PeakWorkingSet() - baseline;

        // Pass 2: the live managed heap (after a full GC) at points through the run, less the payload held by the handler.
        Settle();
        long peakLive = 0;
        await ConsumeAsync(connection, mode, sample: () => peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - payload.Length));
        GC.KeepAlive(payload);

        Console.WriteLine(JsonSerializer.Serialize(new StreamResult(mode, count, payload.Length, items, clock.Elapsed.TotalSeconds, allocated, peakDelta, peakLive, reset)));
        return 0;
    }

    private static async Task<int> ConsumeAsync(ApiConnection connection, string mode, Action? sample)
    {
        var request = new ApiRequest(HttpMethod.Get, "/call");
        if (mode == "stream")
        {
            int n = 0;
            double cost = 0;
            await foreach (var call in connection.StreamArrayAsync(request, VapiClientJson.ReadCall))
            {
                cost += call.Cost ?? 0; // use each call, then let it go
                if (++n % 500 == 0) sample?.Invoke();
            }

            sample?.Invoke();
            return n;
        }

        var calls = await connection.SendAsync(
            request,
            json =>
            {
                var list = JsonHelpers.Deserialize(json, VapiClientJson.ReadCall_List);
                sample?.Invoke(); // the body buffer and the whole list, both alive
                return list;
            },
            CancellationToken.None);
        sample?.Invoke();
        return calls.Count;
    }

    public static int ChildGenerator(string name)
    {
        var spec = GeneratorHost.Find(name);
        var compilation = GeneratorHost.CreateCompilation(GeneratorHost.UserCode);
        Settle();
        bool reset = ResetPeak();
        long baseline = CurrentWorkingSet();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var driver = GeneratorHost.CreateDriver(spec, trackSteps: false).RunGenerators(compilation);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        long peakDelta = PeakWorkingSet() - baseline;
        var (sources, _, _) = GeneratorHost.Describe(driver);
        var second = Stopwatch.StartNew();
        GeneratorHost.CreateDriver(spec, trackSteps: false).RunGenerators(compilation);
        second.Stop();
        Console.WriteLine(JsonSerializer.Serialize(new GeneratorResult(name, clock.Elapsed.TotalSeconds, second.Elapsed.TotalSeconds, allocated, peakDelta, sources, reset)));
        return 0;
    }

    private static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>Answers every request with the payload as a StreamContent.</summary>
    private sealed class PayloadHandler(byte[] body) : HttpMessageHandler
    {
        public byte[] Body { get; set; } = body;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new StreamContent(new MemoryStream(Body, writable: false));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
