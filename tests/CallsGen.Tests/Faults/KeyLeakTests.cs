using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.TestSupport;
using CallsGen.Tests.Vapi;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>
/// Runs many fault scenarios with a distinctive key (several of them with a server that echoes the key back in bodies,
/// headers and redirect locations) and looks for the key everywhere an error or a runtime object can show it.
/// </summary>
public sealed class KeyLeakTests
{
    [Fact]
    public async Task TheKeyAppearsInNoExceptionOfAnyFaultScenario()
    {
        await using Simulator simulator = await StartAsync();
        await using Simulator other = await StartAsync();
        string calls = CallsJson(simulator, 5);
        var scenarios = new List<(string Name, SimulatedFault[] Faults, Action<ApiClientOptions>? Configure, Func<HttpClient>? Http)>
        {
            ("403 echoing the key in body and headers", [new SimulatedFault
            {
                StatusCode = 403,
                Body = $"{{\"message\":\"key {CanaryKey} may not list calls\",\"auth\":\"Bearer {CanaryKey}\"}}",
                Headers = new Dictionary<string, string> { ["X-Echo-Key"] = CanaryKey, ["WWW-Authenticate"] = $"Bearer error=\"{CanaryKey}\"", ["Set-Cookie"] = "k=" + CanaryKey },
            }], null, null),
            ("401 with the key in the reason", [new SimulatedFault { StatusCode = 401, Body = "Unauthorized: " + CanaryKey, ContentType = "text/plain" }], null, null),
            ("500 HTML with the key, retries exhausted", [new SimulatedFault { StatusCode = 500, Body = $"<html><pre>Authorization: Bearer {CanaryKey}</pre></html>", ContentType = "text/html", Times = 4 }], null, null),
            ("200 HTML with the key", [new SimulatedFault { StatusCode = 200, Body = $"<html>token={CanaryKey}</html>", ContentType = "text/html" }], null, null),
            ("200 JSON of the wrong shape holding the key", [new SimulatedFault { StatusCode = 200, Body = $"{{\"id\":\"{CanaryKey}\"}}" }], null, null),
            ("200 JSON with the key as a wrongly typed value", [new SimulatedFault { StatusCode = 200, Body = $"[{{\"id\":\"x\",\"createdAt\":\"{CanaryKey}\"}}]" }], null, null),
            ("200 truncated JSON ending in the key", [new SimulatedFault { StatusCode = 200, Body = "[{\"id\":\"" + CanaryKey }], null, null),
            ("302 to a location carrying the key", [new SimulatedFault
            {
                StatusCode = 302,
                Body = "",
                Headers = new Dictionary<string, string> { ["Location"] = new Uri(other.BaseAddress, "call?token=" + CanaryKey).ToString() },
            }], null, null),
            ("307 followed by a caller's HttpClient", [new SimulatedFault
            {
                StatusCode = 307,
                Body = "",
                Headers = new Dictionary<string, string> { ["Location"] = new Uri(other.BaseAddress, "call").ToString() },
            }], null, () => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true })),
            ("429 beyond the retries", [new SimulatedFault { StatusCode = 429, RetryAfter = "1", Times = 2 }], o => o.MaxRetries = 1, null),
            ("reset mid-body, retries exhausted", [new SimulatedFault { StatusCode = 200, Body = calls, AbortAfterBodyBytes = 50, Times = 2 }], o => o.MaxRetries = 1, null),
            ("slow headers", [new SimulatedFault { Delay = TimeSpan.FromSeconds(20) }], o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.MaxRetries = 0; }, null),
            ("slow body", [new SimulatedFault { StatusCode = 200, Body = calls, BodyDelay = TimeSpan.FromSeconds(20) }], o => { o.Timeout = TimeSpan.FromMilliseconds(300); o.MaxRetries = 0; }, null),
            ("token provider, 403 echoing it", [new SimulatedFault { StatusCode = 403, Body = CanaryKey }], o => { o.ApiKey = null; o.TokenProvider = _ => ValueTask.FromResult(CanaryKey); }, null),
            ("plain http to another host", [], o => o.BaseAddress = new Uri("http://api.vapi.ai"), null),
            ("key with inner whitespace", [], o => o.ApiKey = CanaryKey + " " + CanaryKey, null),
        };

        var exceptions = new List<(string Name, Exception Error)>();
        // Everything the calls report too: spans, their events and tags, metric tags, and the event hooks' payloads.
        using var telemetry = new TelemetryCapture(simulator.BaseAddress.Port);
        var events = new List<string>();
        var hooks = new ApiClientEvents
        {
            OnRetry = e => { lock (events) events.Add(e.ToString() + " " + e.ErrorType + " " + e.UrlTemplate + " " + e.ServerAddress); },
            OnCompleted = e => { lock (events) events.Add(e.ToString() + " " + e.ErrorType + " " + e.Exception); },
        };
        foreach ((string name, SimulatedFault[] faults, Action<ApiClientOptions>? configure, Func<HttpClient>? http) in scenarios)
        {
            foreach (SimulatedFault fault in faults)
            {
                simulator.EnqueueFault(fault);
            }

            ApiClientOptions options = Options(simulator, configure);
            options.Events = hooks;
            RecordDelays(options);
            using HttpClient? httpClient = http?.Invoke();
            using var client = new VapiClient(options, httpClient);
            Exception? error = await Record.ExceptionAsync(() => client.ListCallsAsync());
            Assert.True(error is not null, $"{name}: expected a failure.");
            exceptions.Add((name, error));
        }

        // Cancellations too, at two stages.
        using (VapiClient client = CreateClient(simulator))
        {
            simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromSeconds(20) });
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            exceptions.Add(("cancelled during headers", (await Record.ExceptionAsync(() => client.ListCallsAsync(null, cts.Token)))!));
        }

        Assert.All(exceptions, e => Assert.True(
            e.Error is ApiException or ApiTimeoutException or ApiConfigurationException or HttpRequestException or OperationCanceledException,
            $"{e.Name}: untyped {e.Error.GetType()}"));
        var leaks = exceptions.SelectMany(e => FindKey(e.Error, e.Name)).ToList();
        Assert.True(leaks.Count == 0, "The key leaked:\n" + string.Join("\n", leaks));
        List<string> texts = telemetry.Texts().ToList();
        Assert.True(texts.Count > 50, "too little telemetry captured to say anything: " + texts.Count);
        Assert.Contains(texts, t => t == "error.type=403");
        Assert.DoesNotContain(texts, t => t.Contains(CanaryKey, StringComparison.Ordinal));
        Assert.True(events.Count >= scenarios.Count, "events: " + events.Count);
        Assert.DoesNotContain(events, t => t.Contains(CanaryKey, StringComparison.Ordinal));
        Assert.DoesNotContain(other.Requests, r => r.HasAuthorization);
    }

    [Fact]
    public void TheKeyAppearsInNoRuntimeObjectsDescription()
    {
        var options = new ApiClientOptions { BaseAddress = new Uri("https://user:pw@api.vapi.ai/v1?key=" + CanaryKey), ApiKey = CanaryKey };
        var withProvider = new ApiClientOptions { TokenProvider = _ => ValueTask.FromResult(CanaryKey) };
        using var connection = new ApiConnection(options, new Uri("https://api.vapi.ai"));
        var request = new ApiRequest(HttpMethod.Get, "/call")
        {
            Query = new QueryBuilder(),
            Headers = [new KeyValuePair<string, string>("X-Api-Key", CanaryKey)],
        };
        using var client = new VapiClient(options);

        string[] descriptions =
        [
            options.ToString(), withProvider.ToString(), connection.ToString(), request.ToString(), client.ToString()!,
            new ListCallsRequest { Id = "x" }.ToString(),
        ];

        Assert.All(descriptions, d => Assert.DoesNotContain(CanaryKey, d));
        Assert.All(descriptions, d => Assert.DoesNotContain("pw", d));
        Assert.Contains("ApiKey = [REDACTED]", options.ToString());
        Assert.Contains("BaseAddress = https://api.vapi.ai/v1", options.ToString());
        Assert.Contains("Authentication = API key", connection.ToString());
        Assert.Equal("GET /call (1 header parameter)", request.ToString());
    }

    /// <summary>Every place of an exception (and its inner exceptions) the key could show up in, with what was found.</summary>
    private static IEnumerable<string> FindKey(Exception error, string scenario, int depth = 0)
    {
        var texts = new List<(string Where, string? Text)>
        {
            ("Message", error.Message),
            ("ToString()", error.ToString()),
            ("StackTrace", error.StackTrace),
            ("Source", error.Source),
            ("HelpLink", error.HelpLink),
        };
        foreach (DictionaryEntry entry in error.Data)
        {
            texts.Add(("Data key", entry.Key.ToString()));
            texts.Add(("Data value", entry.Value?.ToString()));
        }

        if (error is ApiException api)
        {
            texts.Add(("ResponseBody", api.ResponseBody));
            foreach ((string name, IReadOnlyList<string> values) in api.Headers)
            {
                texts.Add(("Headers key", name));
                texts.AddRange(values.Select(v => ("Headers[" + name + "]", (string?)v)));
            }
        }

        // Any other public property (for example HttpRequestException.StatusCode, OperationCanceledException.CancellationToken).
        foreach (PropertyInfo property in error.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name is not ("TargetSite" or "InnerException" or "Data"))
            {
                object? value = property.GetValue(error);
                texts.Add((property.Name, value is IEnumerable sequence and not string ? string.Join(",", sequence.Cast<object?>()) : value?.ToString()));
            }
        }

        foreach ((string where, string? text) in texts)
        {
            if (text is not null && text.Contains(CanaryKey, StringComparison.Ordinal))
            {
                yield return $"{scenario}: {new string('>', depth)}{error.GetType().Name}.{where}";
            }
        }

        IEnumerable<Exception> inner = error is AggregateException aggregate ? aggregate.InnerExceptions : error.InnerException is null ? [] : [error.InnerException];
        foreach (Exception e in inner)
        {
            foreach (string leak in FindKey(e, scenario, depth + 1))
            {
                yield return leak;
            }
        }
    }
}
