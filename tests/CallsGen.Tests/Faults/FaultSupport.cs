using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>Shared setup of the fault tests: a simulator with a distinctive key and the generated Vapi client pointed at it.</summary>
internal static class FaultSupport
{
    /// <summary>A key that cannot appear anywhere by accident, so finding it means it leaked.</summary>
    public const string CanaryKey = "sk-canary-7f3a9c1e5b2d4068LEAK";

    public static Task<Simulator> StartAsync(int callCount = 12) =>
        Simulator.StartAsync(new SimulatorOptions { ApiKey = CanaryKey, CallCount = callCount });

    /// <summary>Options with small delays: retries wait at most a few milliseconds unless a test says otherwise.</summary>
    public static ApiClientOptions Options(Simulator simulator, Action<ApiClientOptions>? configure = null)
    {
        var options = new ApiClientOptions
        {
            BaseAddress = simulator.BaseAddress,
            ApiKey = simulator.ApiKey,
            Timeout = TimeSpan.FromSeconds(20),
            MaxRetries = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(2),
            MaxRetryDelay = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    public static VapiClient CreateClient(Simulator simulator, Action<ApiClientOptions>? configure = null, HttpClient? httpClient = null) =>
        new(Options(simulator, configure), httpClient);

    /// <summary>The JSON text GET /call would answer with the first <paramref name="count"/> calls (any order: the client does not sort).</summary>
    public static string CallsJson(Simulator simulator, int count)
    {
        var array = new JsonArray();
        foreach (JsonObject call in simulator.GetCalls().Take(count))
        {
            array.Add(call);
        }

        return array.ToJsonString();
    }

    /// <summary>Records the retry delays the runtime computed instead of waiting them.</summary>
    public static List<TimeSpan> RecordDelays(ApiClientOptions options)
    {
        var delays = new List<TimeSpan>();
        options.RetryDelayOverride = (delay, ct) =>
        {
            lock (delays)
            {
                delays.Add(delay);
            }

            return Task.CompletedTask;
        };
        return delays;
    }
}
