using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using CallsGen.Runtime;

namespace CallsGen.Tests.TestSupport;

/// <summary>One measurement of a CallsGen.Runtime instrument.</summary>
internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Collects the spans of CallsGen.Runtime (and HttpClient's own, to check their parent) and the measurements of its meter,
/// keeping only those of calls to one server port: tests run in parallel, and the listeners see every call in the process.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly int _port;
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly List<Activity> _stopped = [];
    private readonly List<Measurement> _measurements = [];

    public TelemetryCapture(int port)
    {
        _port = port;
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ApiDiagnostics.ActivitySourceName or "System.Net.Http",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ApiDiagnostics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    /// <summary>Every span that ended, of every call in the process.</summary>
    public IReadOnlyList<Activity> AllStopped
    {
        get
        {
            lock (_stopped)
            {
                return _stopped.ToList();
            }
        }
    }

    /// <summary>The operation spans of calls to the port.</summary>
    public IReadOnlyList<Activity> Operations =>
        AllStopped.Where(a => a.Source.Name == ApiDiagnostics.ActivitySourceName && a.Kind == ActivityKind.Client && Equals(a.GetTagItem("server.port"), _port)).ToList();

    /// <summary>The spans whose parent is <paramref name="parent"/>.</summary>
    public IReadOnlyList<Activity> Children(Activity parent) =>
        AllStopped.Where(a => a.ParentSpanId == parent.SpanId && a.TraceId == parent.TraceId).OrderBy(a => a.StartTimeUtc).ToList();

    /// <summary>The measurements of calls to the port.</summary>
    public IReadOnlyList<Measurement> Measurements
    {
        get
        {
            lock (_measurements)
            {
                return _measurements.ToList();
            }
        }
    }

    public IReadOnlyList<Measurement> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument).ToList();

    /// <summary>Every text the captured telemetry of calls to the port holds: names, tag keys and values, event names and tags.</summary>
    public IEnumerable<string> Texts()
    {
        foreach (Activity operation in Operations)
        {
            foreach (Activity activity in Children(operation).SelectMany(c => Children(c).Prepend(c)).Prepend(operation))
            {
                yield return activity.DisplayName;
                yield return activity.OperationName;
                yield return activity.StatusDescription ?? string.Empty;
                foreach (KeyValuePair<string, object?> tag in activity.TagObjects)
                {
                    yield return tag.Key + "=" + tag.Value;
                }

                foreach (ActivityEvent e in activity.Events)
                {
                    yield return e.Name;
                    foreach (KeyValuePair<string, object?> tag in e.Tags)
                    {
                        yield return tag.Key + "=" + tag.Value;
                    }
                }
            }
        }

        foreach (Measurement measurement in Measurements)
        {
            foreach (KeyValuePair<string, object?> tag in measurement.Tags)
            {
                yield return measurement.Instrument + ":" + tag.Key + "=" + tag.Value;
            }
        }
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (!Equals(copy.GetValueOrDefault("server.port"), _port))
        {
            return;
        }

        lock (_measurements)
        {
            _measurements.Add(new Measurement(instrument.Name, value, copy));
        }
    }
}
