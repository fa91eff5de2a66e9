using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// Turns the runtime's retry events into one line each, shown while the client waits to try again:
/// "503 from api.vapi.ai, retrying in 2 s, attempt 2 of 4".
/// </summary>
/// <remarks>
/// The runtime (CallsGen.Runtime) starts one <see cref="Activity"/> per operation call on the <see cref="ActivitySource"/>
/// <c>"CallsGen.Runtime"</c>, and before each wait for a retry adds the <see cref="ActivityEvent"/> <c>"callsgen.retry"</c>
/// to it, tagged <c>callsgen.attempt</c> (the attempt about to start, from 2), <c>callsgen.max_attempts</c>,
/// <c>callsgen.delay_ms</c>, <c>server.address</c> and <c>http.response.status_code</c> or <c>error.type</c>.
/// <see cref="ActivityListener"/> has no callback for an added event, only for an activity's start and stop, and the
/// stop comes after the wait. So the watcher keeps the operations that have started and not stopped, and looks at their
/// events every <c>pollInterval</c> (and once more when one stops): a retry's line appears within that interval of the
/// retry being scheduled, before the wait ends whenever the wait is longer than the interval.
/// Public (in a program) so that the tests can drive it with an <see cref="ActivitySource"/> of their own.
/// </remarks>
public sealed class RetryWatcher : IDisposable
{
    /// <summary>The runtime's <see cref="ActivitySource"/> name.</summary>
    public const string RuntimeSourceName = "CallsGen.Runtime";

    /// <summary>The name of the event the runtime adds before each retry.</summary>
    public const string RetryEventName = "callsgen.retry";

    private readonly object _gate = new();
    private readonly Dictionary<Activity, int> _running = new(ReferenceEqualityComparer.Instance); // operation → retry events shown
    private readonly Action<string> _announce;
    private readonly ActivityListener _listener;
    private readonly Timer _timer;
    private bool _disposed;

    /// <summary>Starts watching.</summary>
    /// <param name="sourceName">The <see cref="ActivitySource"/> to watch (<see cref="RuntimeSourceName"/>).</param>
    /// <param name="announce">Receives each retry's line, once, on a thread of the watcher's choosing.</param>
    /// <param name="pollInterval">How often the running operations are looked at.</param>
    public RetryWatcher(string sourceName, Action<string> announce, TimeSpan pollInterval)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(announce);
        _announce = announce;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            // Everything recorded: a runtime may add events only to activities that record.
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllData,
            ActivityStarted = Started,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
        _timer = new Timer(_ => Poll(), null, pollInterval, pollInterval);
    }

    /// <summary>Stops watching; events not yet shown are shown first.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        _listener.Dispose();
        Poll();
        lock (_gate)
        {
            _disposed = true;
            _running.Clear();
        }
    }

    /// <summary>The line for one retry event's tags.</summary>
    /// <param name="tags">The event's tags.</param>
    /// <returns>For example "503 from api.vapi.ai, retrying in 2 s, attempt 2 of 4".</returns>
    public static string Describe(IEnumerable<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        int? attempt = null, maxAttempts = null, status = null;
        double? delayMs = null;
        string? server = null, error = null;
        foreach (var (key, value) in tags)
        {
            switch (key)
            {
                case "callsgen.attempt": attempt = AsInt(value); break;
                case "callsgen.max_attempts": maxAttempts = AsInt(value); break;
                case "callsgen.delay_ms": delayMs = AsDouble(value); break;
                case "server.address": server = value?.ToString(); break;
                case "http.response.status_code": status = AsInt(value); break;
                case "error.type": error = value?.ToString(); break;
            }
        }

        var where = string.IsNullOrEmpty(server) ? "the server" : server;
        var what = status is { } code
            ? string.Create(CultureInfo.InvariantCulture, $"{code} from {where}")
            : $"{ShortError(error)} talking to {where}";
        var line = what + ", retrying" + (delayMs is { } ms && double.IsFinite(ms) && ms >= 0 ? (ms < 50 ? " now" : " in " + Seconds(ms)) : "");
        if (attempt is { } n)
        {
            line += maxAttempts is { } max
                ? string.Create(CultureInfo.InvariantCulture, $", attempt {n} of {max}")
                : string.Create(CultureInfo.InvariantCulture, $", attempt {n}");
        }
        return line;
    }

    private static string Seconds(double milliseconds) =>
        milliseconds < 950
            ? (milliseconds / 1000).ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : Math.Round(milliseconds / 1000).ToString("0", CultureInfo.InvariantCulture) + " s";

    /// <summary>"System.Net.Http.HttpRequestException" reads as "HttpRequestException"; "timeout" stays "timeout".</summary>
    private static string ShortError(string? error)
    {
        if (string.IsNullOrWhiteSpace(error)) return "an error";
        var dot = error.LastIndexOf('.');
        return dot > 0 && dot < error.Length - 1 && !error.Contains(' ', StringComparison.Ordinal) ? error[(dot + 1)..] : error;
    }

    private static int? AsInt(object? value) => value switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        short s => s,
        double d when double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        TimeSpan t => t.TotalMilliseconds,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private void Started(Activity activity)
    {
        lock (_gate)
        {
            if (!_disposed) _running[activity] = 0;
        }
    }

    private void Stopped(Activity activity)
    {
        Report(activity);
        lock (_gate)
        {
            _running.Remove(activity);
        }
    }

    private void Poll()
    {
        Activity[] running;
        lock (_gate)
        {
            if (_running.Count == 0) return;
            running = new Activity[_running.Count];
            _running.Keys.CopyTo(running, 0);
        }
        foreach (var activity in running) Report(activity);
    }

    private void Report(Activity activity)
    {
        List<string>? lines = null;
        lock (_gate)
        {
            if (!_running.TryGetValue(activity, out var shown)) return;
            var seen = 0;
            // Events are appended under the activity's own lock; reading them while one is added is safe.
            foreach (var e in activity.Events)
            {
                if (e.Name != RetryEventName) continue;
                if (seen++ < shown) continue;
                (lines ??= []).Add(Describe(e.Tags));
            }
            if (lines is null) return;
            _running[activity] = seen;
            // Announced under the lock, so that two threads never show one operation's retries out of order.
            foreach (var line in lines) _announce(line);
        }
    }
}
