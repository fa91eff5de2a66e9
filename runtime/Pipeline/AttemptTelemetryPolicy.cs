using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Wraps each attempt in a child span of the operation's (<c>HTTP attempt</c>), which becomes the parent of HttpClient's own
/// span for the request, and records how the attempt ended.
/// </summary>
internal sealed class AttemptTelemetryPolicy : ApiPipelinePolicy
{
    public static readonly AttemptTelemetryPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        Activity? attempt = message.Telemetry.StartAttempt(message.Attempt);
        try
        {
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            int? status = message.HttpResponse is { } response ? (int)response.StatusCode : null;
            OperationTelemetry.EndAttempt(attempt, status, status >= 400 ? ErrorTypes.OfStatus(status.Value) : null);
        }
        catch (Exception ex)
        {
            int? status = message.HttpResponse is { } response ? (int)response.StatusCode : (ex as ApiException)?.StatusCode;
            OperationTelemetry.EndAttempt(attempt, status, ErrorTypes.Of(ex));
            throw;
        }
    }
}
