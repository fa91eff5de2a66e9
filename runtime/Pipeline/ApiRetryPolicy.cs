using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Runs the attempts of a call (after System.ClientModel's <c>ClientRetryPolicy</c>): each one through the policies after it,
/// with a fresh request; between them a wait. By default an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) is tried
/// again after 408, 429, 500, 502, 503 or 504, a transport error or an attempt that timed out, up to
/// <see cref="MaxRetries"/> times, waiting a jittered exponential backoff (or the server's <c>Retry-After</c>, if longer),
/// never more than <see cref="MaxDelay"/>. Override <see cref="ShouldRetry"/>, <see cref="GetNextDelay"/> or
/// <see cref="WaitAsync"/> to change that, and set an instance as <see cref="ApiClientOptions.RetryPolicy"/>.
/// </summary>
public class ApiRetryPolicy : ApiPipelinePolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="maxRetries">How many times a call is tried again after its first attempt; 0 for never.</param>
    /// <param name="baseDelay">The base of the exponential backoff.</param>
    /// <param name="maxDelay">The longest wait between two attempts.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public ApiRetryPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        ArgumentOutOfRangeException.ThrowIfLessThan(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        MaxRetries = maxRetries;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>How many times a call is tried again after its first attempt.</summary>
    public int MaxRetries { get; }

    /// <summary>The base of the exponential backoff: before retry <c>n</c> (from 1) the wait is random in [0, <c>BaseDelay × 2^(n-1)</c>).</summary>
    public TimeSpan BaseDelay { get; }

    /// <summary>The longest wait between two attempts, also when the server's <c>Retry-After</c> asks for more.</summary>
    public TimeSpan MaxDelay { get; }

    /// <summary>Test seam: replaces the random jitter source; must return a value in [0, 1).</summary>
    internal Func<double>? JitterOverride { get; set; }

    /// <summary>Test seam: replaces the wait between attempts.</summary>
    internal Func<TimeSpan, CancellationToken, Task>? DelayOverride { get; set; }

    /// <inheritdoc/>
    public sealed override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        CallScope call = message.Call;
        for (int attempt = 1; ; attempt++)
        {
            message.BeginAttempt(attempt, this, retryLeft: attempt <= MaxRetries);
            Exception? failure = null;
            try
            {
                await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsRetryableFailure(message, ex))
            {
                failure = ex;
            }

            if (failure is null && !message.RetryableResponse)
            {
                return;
            }

            if (!message.WillRetry(failure))
            {
                throw await GiveUpAsync(message, failure).ConfigureAwait(false);
            }

            int? status = message.RetryableResponse ? (int)message.HttpResponse!.StatusCode : null;
            string? errorType = failure is null ? null : ErrorTypes.Of(failure);
            TimeSpan delay = GetNextDelay(message, attempt);
            message.EndAttempt();
            if (call.HasDeadline && delay >= call.Remaining)
            {
                // Waiting would only end in the same timeout: say so now.
                throw CallTimeoutPolicy.CreateTotalTimeoutException(
                    message,
                    string.Create(CultureInfo.InvariantCulture, $"{message.Operation} would pass its total time limit of {ResponseErrors.DescribeTimeout(call.Total)} waiting {ResponseErrors.DescribeTimeout(delay)} before attempt {attempt + 1}"),
                    innerException: null);
            }

            message.Telemetry.OnRetry(attempt + 1, MaxRetries + 1, delay, status, errorType);
            try
            {
                await WaitAsync(delay, call.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (call.Caller.IsCancellationRequested)
            {
                throw new OperationCanceledException("The request was canceled.", ex, call.Caller);
            }
            catch (OperationCanceledException ex) when (call.DeadlinePassed)
            {
                throw CallTimeoutPolicy.CreateTotalTimeoutException(
                    message,
                    string.Create(CultureInfo.InvariantCulture, $"{message.Operation} passed its total time limit of {ResponseErrors.DescribeTimeout(call.Total)} waiting before attempt {attempt + 1}"),
                    ex);
            }

            call.Caller.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Whether the attempt that just ended should be tried again (asked only while a retry is left). The default: the request
    /// is idempotent and the attempt failed with 408, 429, 500, 502, 503 or 504, a transport error (connection refused or
    /// reset, a body cut short) or its timeout.
    /// </summary>
    /// <param name="message">The call; <see cref="ApiMessage.HttpResponse"/> is the failed response when there was one.</param>
    /// <param name="exception">What ended the attempt, or <see langword="null"/> when it ended with a failed status.</param>
    /// <returns>Whether to try again.</returns>
    protected virtual bool ShouldRetry(ApiMessage message, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A body read from a stream that cannot seek can be sent only once.
        if (!IsIdempotent(message.Request.Method) || message.Request.Body?.CanBeResent == false)
        {
            return false;
        }

        return exception is null
            ? message.HttpResponse is { } response && IsRetryableStatus((int)response.StatusCode)
            : exception is AttemptTimedOutException or HttpRequestException or IOException;
    }

    /// <summary>
    /// The wait before the next attempt, after <paramref name="attempt"/> attempts: the larger of a full-jitter exponential
    /// backoff (random in [0, <c>min(MaxDelay, BaseDelay × 2^(attempt-1))</c>)) and the response's <c>Retry-After</c>,
    /// capped at <see cref="MaxDelay"/>.
    /// </summary>
    /// <param name="message">The call; <see cref="ApiMessage.HttpResponse"/> is the failed response when there was one.</param>
    /// <param name="attempt">How many attempts have been made, from 1.</param>
    /// <returns>The wait.</returns>
    protected virtual TimeSpan GetNextDelay(ApiMessage message, int attempt)
    {
        ArgumentNullException.ThrowIfNull(message);
        TimeSpan? retryAfter = message.HttpResponse is { } response ? GetRetryAfter(response, DateTimeOffset.UtcNow) : null;
        return ComputeRetryDelay(attempt - 1, retryAfter, BaseDelay, MaxDelay, JitterOverride?.Invoke() ?? Random.Shared.NextDouble());
    }

    /// <summary>Waits between two attempts.</summary>
    /// <param name="delay">The wait from <see cref="GetNextDelay"/>.</param>
    /// <param name="cancellationToken">The caller's token, joined by the call's total time limit.</param>
    /// <returns>A task that completes after the wait.</returns>
    protected virtual Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (DelayOverride is { } wait)
        {
            return wait(delay, cancellationToken);
        }

        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    internal bool ShouldRetryInternal(ApiMessage message, Exception? exception) => ShouldRetry(message, exception);

    internal static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put ||
        method == HttpMethod.Delete || method == HttpMethod.Options;

    internal static bool IsRetryableStatus(int status) =>
        status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> (0 = before the first retry): the larger of a full-jitter
    /// exponential backoff (<c>jitter * min(max, base * 2^attempt)</c>) and the server's Retry-After, capped at <paramref name="max"/>.
    /// </summary>
    internal static TimeSpan ComputeRetryDelay(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan max, double jitter)
    {
        double ceilingTicks = Math.Min(max.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 62)));
        double backoffTicks = Math.Clamp(jitter, 0, 1) * ceilingTicks;
        double retryAfterTicks = retryAfter is TimeSpan ra && ra > TimeSpan.Zero ? ra.Ticks : 0;
        double ticks = Math.Min(Math.Max(backoffTicks, retryAfterTicks), max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>
    /// Failures an attempt may be retried after: its timeout, and transport errors unless the caller cancelled or the call's
    /// total time limit passed (the first policy reports those; the attempt timeout policy already named the bound it hit).
    /// </summary>
    private static bool IsRetryableFailure(ApiMessage message, Exception ex) =>
        !message.Call.Caller.IsCancellationRequested &&
        (ex is AttemptTimedOutException || (!message.Call.DeadlinePassed && ex is HttpRequestException or IOException));

    /// <summary>The exception a call ends with when no retry is left (or wanted) after the attempt's failure.</summary>
    private static async Task<Exception> GiveUpAsync(ApiMessage message, Exception? failure)
    {
        int attempt = message.Attempt;
        switch (failure)
        {
            case AttemptTimedOutException timedOut:
                return new ApiTimeoutException(
                    string.Create(CultureInfo.InvariantCulture, $"{message.Operation} timed out after {ResponseErrors.DescribeTimeout(timedOut.Bound)} on attempt {attempt} ({timedOut.BoundName}, which bounds each attempt), and no retry is left."),
                    timedOut.Bound,
                    isTotalTimeout: false,
                    timedOut.InnerException);
            case HttpRequestException or IOException:
                return ResponseErrors.CreateTransportException(failure, message.Operation, attempt - 1, message.Secrets);
            case null:
                // A failed status the policy changed its mind about: report it as the error policy would have.
                return await ResponseErrors.CreateStatusExceptionAsync(message.HttpResponse!, message.Operation, message.Secrets, message.Settings.MaxErrorBodyLength, message.Call.Token, message.Call.Caller).ConfigureAwait(false);
            default:
                ExceptionDispatchInfo.Throw(failure);
                return failure;
        }
    }
}
