using System;

namespace CallsGen.Runtime;

/// <summary>
/// Hooks a client calls as it works, for logging without OpenTelemetry (the generated <c>Add…Client</c> registration routes
/// them to <c>ILogger</c> when the project references Microsoft.Extensions.Logging). They run on the call's own thread, must
/// be quick and must not throw. Nothing passed to them holds the key or any secret header parameter.
/// </summary>
public sealed class ApiClientEvents
{
    /// <summary>Called before each wait for a retry.</summary>
    public Action<ApiRetryEvent>? OnRetry { get; set; }

    /// <summary>Called once per call when it ends, successfully or not (a streamed call: when its enumeration ends).</summary>
    public Action<ApiOperationEvent>? OnCompleted { get; set; }

    /// <summary>Hooks that call <paramref name="first"/>'s, then <paramref name="second"/>'s.</summary>
    /// <param name="first">Hooks, or <see langword="null"/>.</param>
    /// <param name="second">More hooks, or <see langword="null"/>.</param>
    /// <returns>The combined hooks; one of the arguments when the other is <see langword="null"/>.</returns>
    public static ApiClientEvents? Combine(ApiClientEvents? first, ApiClientEvents? second)
    {
        if (first is null || second is null)
        {
            return first ?? second;
        }

        return new ApiClientEvents
        {
            OnRetry = first.OnRetry + second.OnRetry,
            OnCompleted = first.OnCompleted + second.OnCompleted,
        };
    }
}

/// <summary>What an operation is, for events: the same values as the span's tags.</summary>
public abstract class ApiOperationInfo
{
    /// <summary>The operation as the span names it, for example <c>ListCalls (GET /call)</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The generated method's operation name, for example <c>ListCalls</c>; <see langword="null"/> when not known.</summary>
    public string? OperationName { get; init; }

    /// <summary>The HTTP method (<c>http.request.method</c>).</summary>
    public required string Method { get; init; }

    /// <summary>The path template (<c>url.template</c>), for example <c>/call/{id}</c>.</summary>
    public required string UrlTemplate { get; init; }

    /// <summary>The server's host (<c>server.address</c>).</summary>
    public required string ServerAddress { get; init; }
}

/// <summary>A retry about to happen: the attempt that failed and the wait before the next.</summary>
public sealed class ApiRetryEvent : ApiOperationInfo
{
    /// <summary>The attempt about to start, from 2.</summary>
    public int Attempt { get; init; }

    /// <summary>The most attempts the call may make.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>The wait before the attempt.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>The failed attempt's status, when it got a response.</summary>
    public int? StatusCode { get; init; }

    /// <summary>What ended the failed attempt when it got no response, for example <c>timeout</c> or <c>connection_refused</c>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>Describes the retry, for example <c>ListCalls (GET /call): attempt 2 of 4 in 512 ms after 503</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"{Operation}: attempt {Attempt} of {MaxAttempts} in {Delay.TotalMilliseconds:0} ms after {(StatusCode is int status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : ErrorType)}");
}

/// <summary>A call that ended.</summary>
public sealed class ApiOperationEvent : ApiOperationInfo
{
    /// <summary>The final response's status, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the call took, every attempt, wait and (streamed) the whole body included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How many retries it made.</summary>
    public int RetryCount { get; init; }

    /// <summary>Why it failed (<c>error.type</c>: a status code, <c>timeout</c>, ...), or <see langword="null"/> when it succeeded.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The exception the caller got, or <see langword="null"/>; its text never holds a secret.</summary>
    public Exception? Exception { get; init; }

    /// <summary>Whether the call succeeded.</summary>
    public bool Succeeded => ErrorType is null;

    /// <summary>Describes the outcome, for example <c>ListCalls (GET /call): 200 in 84 ms, 1 retry</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        FormattableString.Invariant($"{Operation}: {(ErrorType is null ? StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "done" : "failed (" + ErrorType + ")")} in {Duration.TotalMilliseconds:0} ms, {RetryCount} {(RetryCount == 1 ? "retry" : "retries")}");
}
