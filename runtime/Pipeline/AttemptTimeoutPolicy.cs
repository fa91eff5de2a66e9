using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Bounds one attempt, from sending the request to reading the whole body, by <see cref="ApiClientOptions.Timeout"/>. An
/// attempt that passes it (or a caller-provided HttpClient's own <see cref="System.Net.Http.HttpClient.Timeout"/>, or the
/// timeout strategy of a resilience handler on it) ends with an <see cref="AttemptTimedOutException"/>, which the retry
/// policy retries or turns into <see cref="ApiTimeoutException"/>.
/// </summary>
internal sealed class AttemptTimeoutPolicy : ApiPipelinePolicy
{
    public static readonly AttemptTimeoutPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        ConnectionSettings settings = message.Settings;
        CallScope call = message.Call;
        CancellationToken outer = message.CancellationToken;
        using var timer = new CancellationTokenSource();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(outer, timer.Token);
        if (settings.Timeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(settings.Timeout);
        }

        long started = Stopwatch.GetTimestamp();
        message.CancellationToken = attempt.Token;
        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
        catch (Exception ex) when (!call.Caller.IsCancellationRequested && IsResilienceTimeout(ex))
        {
            TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
            throw new AttemptTimedOutException(elapsed, "the timeout strategy of the HttpClient's resilience handler", ex);
        }
        catch (Exception ex) when (!call.Caller.IsCancellationRequested &&
            (ex is OperationCanceledException || (attempt.IsCancellationRequested && CallTimeoutPolicy.IsTransportOrCancellation(ex))))
        {
            // Not the caller's token: this attempt's timeout (or the caller-owned HttpClient's own Timeout), or the call's
            // total time limit. Both may have passed together: the attempt's own is named unless a retry was left.
            if (call.DeadlinePassed && (message.RetryLeft || !timer.IsCancellationRequested))
            {
                throw; // the call's deadline: CallTimeoutPolicy names it
            }

            TimeSpan effective = settings.EffectiveTimeout();
            throw new AttemptTimedOutException(effective, effective == settings.Timeout ? "ApiClientOptions.Timeout" : "the HttpClient's Timeout", ex);
        }
        finally
        {
            message.CancellationToken = outer;
        }
    }

    /// <summary>
    /// Whether the exception is the timeout of a Polly resilience handler on the HttpClient (Microsoft.Extensions.Http.Resilience
    /// or .Polly): known by its type's name, as the runtime references neither.
    /// </summary>
    internal static bool IsResilienceTimeout(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e.GetType().FullName == "Polly.Timeout.TimeoutRejectedException")
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One attempt passed its time limit; the retry policy retries it or reports it as an <see cref="ApiTimeoutException"/>.</summary>
internal sealed class AttemptTimedOutException : Exception
{
    public AttemptTimedOutException(TimeSpan bound, string boundName, Exception innerException)
        : base("The attempt timed out (" + boundName + ").", innerException)
    {
        Bound = bound;
        BoundName = boundName;
    }

    /// <summary>The bound that was passed (for a resilience handler's timeout, how long the attempt had run).</summary>
    public TimeSpan Bound { get; }

    /// <summary>What set the bound, for example <c>ApiClientOptions.Timeout</c>.</summary>
    public string BoundName { get; }
}
