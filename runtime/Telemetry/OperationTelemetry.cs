using System;
using System.Diagnostics;

namespace CallsGen.Runtime;

/// <summary>
/// What one call reports: its span (kind Client, named after the operation), a child span per attempt, an event per retry,
/// the duration, retry and body-size instruments, and <see cref="ApiClientEvents"/>. Created when the call starts, disposed
/// when it ends (a streamed call: when its enumeration ends). Tags carry the method, path template and host, never the
/// query, a header or the key.
/// </summary>
internal sealed class OperationTelemetry : IDisposable
{
    private readonly ApiInstruments _instruments;
    private readonly ApiClientEvents? _events;
    private readonly string _method;
    private readonly string _urlTemplate;
    private readonly string _serverAddress;
    private readonly int _serverPort;
    private readonly string? _operationName;
    private readonly long _started;
    private int _retries;
    private bool _disposed;

    public OperationTelemetry(ApiRequest request, ConnectionSettings settings, ApiInstruments instruments, ApiClientEvents? events)
    {
        _instruments = instruments;
        _events = events;
        _method = request.Method.Method;
        _urlTemplate = request.UrlTemplate;
        _serverAddress = settings.ServerAddress;
        _serverPort = settings.ServerPort;
        _operationName = request.OperationName;
        DisplayName = request.DisplayName;
        _started = Stopwatch.GetTimestamp();
        Activity = ApiDiagnostics.Source.StartActivity(DisplayName, ActivityKind.Client);
        if (Activity is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("http.request.method", _method);
            activity.SetTag("url.template", _urlTemplate);
            activity.SetTag("server.address", _serverAddress);
            activity.SetTag("server.port", _serverPort);
            if (_operationName is not null)
            {
                activity.SetTag("callsgen.operation", _operationName);
            }
        }
    }

    /// <summary>The operation's span, or <see langword="null"/> when nothing listens.</summary>
    public Activity? Activity { get; }

    /// <summary>The span's name, for example <c>ListCalls (GET /call)</c>.</summary>
    public string DisplayName { get; }

    /// <summary>The final response's status, once known.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The size of the successful body read (streamed: so far).</summary>
    public long? ResponseBodySize { get; set; }

    /// <summary>What the call failed with, once it has.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Records the exception the call ends with (the first one recorded counts).</summary>
    public void Fail(Exception exception)
    {
        if (Error is null)
        {
            Error = exception;
            if (exception is ApiException api)
            {
                StatusCode ??= api.StatusCode;
            }
        }
    }

    /// <summary>Starts the span of an attempt, a child of the operation's.</summary>
    public Activity? StartAttempt(int attempt)
    {
        Activity? span = ApiDiagnostics.Source.StartActivity(ApiDiagnostics.AttemptActivityName, ActivityKind.Internal);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("http.request.method", _method);
            span.SetTag("url.template", _urlTemplate);
            span.SetTag("server.address", _serverAddress);
            span.SetTag("callsgen.attempt", attempt);
            if (attempt > 1)
            {
                span.SetTag("http.request.resend_count", attempt - 1);
            }
        }

        return span;
    }

    /// <summary>Ends an attempt's span with its status and, when it failed, why.</summary>
    public static void EndAttempt(Activity? span, int? status, string? errorType)
    {
        if (span is null)
        {
            return;
        }

        if (status is int code)
        {
            span.SetTag("http.response.status_code", code);
        }

        if (errorType is not null)
        {
            span.SetTag("error.type", errorType);
            span.SetStatus(ActivityStatusCode.Error);
        }

        span.Stop();
    }

    /// <summary>Reports a retry about to happen: an event on the span, the retry counter, <see cref="ApiClientEvents.OnRetry"/>.</summary>
    public void OnRetry(int attempt, int maxAttempts, TimeSpan delay, int? status, string? errorType)
    {
        _retries++;
        if (Activity is { IsAllDataRequested: true } activity)
        {
            var tags = new ActivityTagsCollection
            {
                { "callsgen.attempt", attempt },
                { "callsgen.max_attempts", maxAttempts },
                { "callsgen.delay_ms", delay.TotalMilliseconds },
                { "server.address", _serverAddress },
            };
            if (status is int code)
            {
                tags.Add("http.response.status_code", code);
            }
            else
            {
                tags.Add("error.type", errorType);
            }

            activity.AddEvent(new ActivityEvent(ApiDiagnostics.RetryEventName, tags: tags));
        }

        if (_instruments.Retries.Enabled)
        {
            TagList tags = ApiInstruments.BaseTags(_method, _urlTemplate, _serverAddress, _serverPort, _operationName);
            if (status is int code)
            {
                tags.Add("http.response.status_code", code);
            }
            else
            {
                tags.Add("error.type", errorType);
            }

            _instruments.Retries.Add(1, tags);
        }

        _events?.OnRetry?.Invoke(new ApiRetryEvent
        {
            Operation = DisplayName,
            OperationName = _operationName,
            Method = _method,
            UrlTemplate = _urlTemplate,
            ServerAddress = _serverAddress,
            Attempt = attempt,
            MaxAttempts = maxAttempts,
            Delay = delay,
            StatusCode = status,
            ErrorType = status is null ? errorType : null,
        });
    }

    /// <summary>Ends the call: the span's final tags, the instruments, <see cref="ApiClientEvents.OnCompleted"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TimeSpan duration = Stopwatch.GetElapsedTime(_started);
        string? errorType = Error is null ? null : ErrorTypes.Of(Error);
        if (Activity is { } activity)
        {
            if (activity.IsAllDataRequested)
            {
                if (StatusCode is int code)
                {
                    activity.SetTag("http.response.status_code", code);
                }

                activity.SetTag("callsgen.retry_count", _retries);
                if (errorType is not null)
                {
                    activity.SetTag("error.type", errorType);
                }
            }

            if (errorType is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }

            activity.Stop();
        }

        if (_instruments.Duration.Enabled || _instruments.ResponseBodySize.Enabled)
        {
            TagList tags = ApiInstruments.BaseTags(_method, _urlTemplate, _serverAddress, _serverPort, _operationName);
            if (StatusCode is int code)
            {
                tags.Add("http.response.status_code", code);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            _instruments.Duration.Record(duration.TotalSeconds, tags);
            if (errorType is null && ResponseBodySize is long size)
            {
                _instruments.ResponseBodySize.Record(size, tags);
            }
        }

        _events?.OnCompleted?.Invoke(new ApiOperationEvent
        {
            Operation = DisplayName,
            OperationName = _operationName,
            Method = _method,
            UrlTemplate = _urlTemplate,
            ServerAddress = _serverAddress,
            StatusCode = StatusCode,
            Duration = duration,
            RetryCount = _retries,
            ErrorType = errorType,
            Exception = Error,
        });
    }
}
