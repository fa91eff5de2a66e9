using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Refuses an answer from another origin than the configured address: a caller-provided HttpClient that follows redirects
/// (.NET drops the Authorization header then, but the answer is not the API's). The connection's own handler follows none.
/// </summary>
internal sealed class RedirectPolicy : ApiPipelinePolicy
{
    public static readonly RedirectPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        var response = message.HttpResponse!;
        Uri? answeredUri = response.RequestMessage?.RequestUri ?? message.HttpRequest?.RequestUri;
        if (answeredUri is not null && !IsSameOrigin(answeredUri, message.RequestUri))
        {
            throw ResponseErrors.CreateCrossOriginException(response, answeredUri, message.Operation, message.Secrets);
        }
    }

    private static bool IsSameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        a.Port == b.Port;
}
