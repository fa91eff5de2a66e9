using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// The first policy: runs the call's clock for <see cref="ApiClientOptions.TotalTimeout"/> over everything after it, and
/// turns what its passing or the caller's token ended into <see cref="ApiTimeoutException"/> (never retried) or an
/// <see cref="OperationCanceledException"/> carrying the caller's token.
/// </summary>
internal sealed class CallTimeoutPolicy : ApiPipelinePolicy
{
    public static readonly CallTimeoutPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        CallScope call = message.Call;
        call.Caller.ThrowIfCancellationRequested();
        call.StartClock();
        message.CancellationToken = call.Token;
        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        }
        catch (Exception ex) when (call.Caller.IsCancellationRequested && IsTransportOrCancellation(ex))
        {
            // The caller cancelled; a read interrupted by the cancellation may surface as an I/O error.
            throw new OperationCanceledException("The request was canceled.", ex, call.Caller);
        }
        catch (Exception ex) when (call.DeadlinePassed && IsTransportOrCancellation(ex))
        {
            throw CreateTotalTimeoutException(
                message,
                string.Create(CultureInfo.InvariantCulture, $"{message.Operation} passed its total time limit of {ResponseErrors.DescribeTimeout(call.Total)} on attempt {Math.Max(1, message.Attempt)}"),
                ex);
        }
        finally
        {
            // A streaming caller goes on reading: from here only its waits for the server count (see CallScope).
            call.StopClock();
            message.CancellationToken = call.Caller;
        }
    }

    /// <summary>Whether an exception is what a cancelled token or a broken connection gives.</summary>
    internal static bool IsTransportOrCancellation(Exception ex) =>
        ex is OperationCanceledException or HttpRequestException or IOException;

    /// <summary>The timeout for the call's total time limit; <paramref name="what"/> says what happened, naming the limit.</summary>
    internal static ApiTimeoutException CreateTotalTimeoutException(ApiMessage message, string what, Exception? innerException) =>
        CreateTotalTimeoutException(message.Settings, message.Call, what, innerException);

    /// <inheritdoc cref="CreateTotalTimeoutException(ApiMessage, string, Exception?)"/>
    internal static ApiTimeoutException CreateTotalTimeoutException(ConnectionSettings settings, CallScope call, string what, Exception? innerException)
    {
        string source = settings.TotalTimeoutDerived
            ? "ApiClientOptions.TotalTimeout, here derived from Timeout, MaxRetries and MaxRetryDelay"
            : "ApiClientOptions.TotalTimeout";
        return new ApiTimeoutException(
            what + " (" + source + ", which bounds the whole call); it is not retried.",
            call.Total,
            isTotalTimeout: true,
            innerException);
    }
}
