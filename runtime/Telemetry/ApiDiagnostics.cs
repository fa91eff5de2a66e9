using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CallsGen.Runtime;

/// <summary>
/// The names under which generated clients report what they do, for OpenTelemetry or any
/// <see cref="ActivityListener"/> and <see cref="MeterListener"/>: <c>AddSource(ApiDiagnostics.ActivitySourceName)</c> and
/// <c>AddMeter(ApiDiagnostics.MeterName)</c>. See the README's Observability section for every span, tag, event and
/// instrument.
/// </summary>
public static class ApiDiagnostics
{
    /// <summary>The <see cref="ActivitySource"/> of the operation and attempt spans: <c>CallsGen.Runtime</c>.</summary>
    public const string ActivitySourceName = "CallsGen.Runtime";

    /// <summary>The <see cref="Meter"/> of the instruments: <c>CallsGen.Runtime</c>.</summary>
    public const string MeterName = "CallsGen.Runtime";

    /// <summary>The name of each attempt's span, a child of the operation's: <c>HTTP attempt</c>.</summary>
    public const string AttemptActivityName = "HTTP attempt";

    /// <summary>The event added to the operation's span before each wait for a retry: <c>callsgen.retry</c>.</summary>
    public const string RetryEventName = "callsgen.retry";

    /// <summary>The histogram of operation durations, in seconds: <c>callsgen.client.operation.duration</c>.</summary>
    public const string OperationDurationInstrument = "callsgen.client.operation.duration";

    /// <summary>The counter of retries: <c>callsgen.client.retries</c>.</summary>
    public const string RetriesInstrument = "callsgen.client.retries";

    /// <summary>The histogram of successful response body sizes, in bytes: <c>callsgen.client.response.body.size</c>.</summary>
    public const string ResponseBodySizeInstrument = "callsgen.client.response.body.size";

    private static readonly string? s_version = typeof(ApiDiagnostics).Assembly.GetName().Version?.ToString(3);

    internal static ActivitySource Source { get; } = new(ActivitySourceName, s_version);

    /// <summary>The instruments of the shared meter, used unless <see cref="ApiClientOptions.MeterFactory"/> gives one.</summary>
    internal static ApiInstruments SharedInstruments { get; } = new(new Meter(MeterName, s_version));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IMeterFactory, ApiInstruments> s_byFactory = new();

    /// <summary>The instruments of a meter from <paramref name="factory"/>: one set per factory, which owns the meter.</summary>
    internal static ApiInstruments FromFactory(IMeterFactory factory) =>
        s_byFactory.GetValue(factory, static f => new ApiInstruments(f.Create(new MeterOptions(MeterName) { Version = s_version })));
}

/// <summary>The instruments of one meter.</summary>
internal sealed class ApiInstruments
{
    private static readonly double[] s_durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120];

    public ApiInstruments(Meter meter)
    {
        Duration = meter.CreateHistogram(
            ApiDiagnostics.OperationDurationInstrument,
            unit: "s",
            description: "The duration of generated-client operations, every attempt, wait and the whole body included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        Retries = meter.CreateCounter<long>(ApiDiagnostics.RetriesInstrument, unit: "{retry}", description: "Retries made by generated-client operations.");
        ResponseBodySize = meter.CreateHistogram<long>(ApiDiagnostics.ResponseBodySizeInstrument, unit: "By", description: "The size of successful response bodies, after decompression.");
    }

    public Histogram<double> Duration { get; }

    public Counter<long> Retries { get; }

    public Histogram<long> ResponseBodySize { get; }

    /// <summary>The tags every instrument of one call carries.</summary>
    public static TagList BaseTags(string method, string urlTemplate, string serverAddress, int serverPort, string? operationName)
    {
        var tags = new TagList
        {
            { "http.request.method", method },
            { "url.template", urlTemplate },
            { "server.address", serverAddress },
            { "server.port", serverPort },
        };
        if (operationName is not null)
        {
            tags.Add("callsgen.operation", operationName);
        }

        return tags;
    }
}
