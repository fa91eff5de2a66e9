using System;
using System.Diagnostics;
using System.Threading;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// Counts the pages received: the successful HTTP responses that .NET's own HttpClient instrumentation reports (the
/// <c>System.Net.Http</c> <see cref="ActivitySource"/>, one activity per request, stopped when the response headers arrive).
/// A request that is retried counts once, when it succeeds.
/// </summary>
internal sealed class PageCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private int _pages;

    public PageCounter()
    {
        // The instrumentation would also add a traceparent header to every request; nothing here is traced, so send none.
        DistributedContextPropagator.Current = DistributedContextPropagator.CreateNoOutputPropagator();
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "System.Net.Http",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            SampleUsingParentId = static (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("http.response.status_code") is { } status
                    && int.TryParse(Convert.ToString(status, System.Globalization.CultureInfo.InvariantCulture), out var code)
                    && code is >= 200 and < 300)
                {
                    Interlocked.Increment(ref _pages);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Pages received so far.</summary>
    public int Pages => Volatile.Read(ref _pages);

    public void Dispose() => _listener.Dispose();
}
