using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// A response that is not a success becomes an <see cref="ApiException"/> (status, headers, the start of the body, redacted;
/// a 3xx names its Location, as redirects are never followed), unless the retry policy will try again; a successful answer
/// that cannot be JSON (an HTML page from a proxy) when the operation decodes one is one too, its body never decoded.
/// </summary>
internal sealed class ErrorResponsePolicy : ApiPipelinePolicy
{
    public static readonly ErrorResponsePolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        var response = message.HttpResponse!;
        if (response.IsSuccessStatusCode)
        {
            if (message.Mode is ResponseMode.Buffer or ResponseMode.Keep && !ResponseErrors.IsJsonLike(response.Content.Headers.ContentType?.MediaType))
            {
                throw await ResponseErrors.CreateContentTypeExceptionAsync(response, message.Operation, message.Secrets, message.Settings.MaxErrorBodyLength, message.CancellationToken, message.Call.Caller).ConfigureAwait(false);
            }

            return;
        }

        if (message.WillRetry(null))
        {
            message.RetryableResponse = true;
            return;
        }

        // The operation may declare its error bodies: then the exception is an ApiException<TError> carrying the decoded one.
        throw ApiConnection.DecodeError(
            message.Request,
            await ResponseErrors.CreateStatusExceptionAsync(response, message.Operation, message.Secrets, message.Settings.MaxErrorBodyLength, message.CancellationToken, message.Call.Caller).ConfigureAwait(false));
    }
}
