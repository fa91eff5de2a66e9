using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Deals with a successful body within the attempt (so its time limit and retries cover it): reads it whole for the
/// decoder, up to <see cref="ApiClientOptions.MaxResponseBodyLength"/> (refusing a larger declared <c>Content-Length</c>
/// before reading), reads and drops it when the operation returns nothing, or leaves it for a streaming caller.
/// </summary>
internal sealed class ResponseBodyPolicy : ApiPipelinePolicy
{
    public static readonly ResponseBodyPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
        if (message.HttpResponse is not { IsSuccessStatusCode: true } response)
        {
            return;
        }

        ConnectionSettings settings = message.Settings;
        switch (message.Mode)
        {
            case ResponseMode.Discard:
                await ResponseBodies.DiscardBodyAsync(response.Content, settings.MaxResponseBodyLength, message.CancellationToken).ConfigureAwait(false);
                break;
            case ResponseMode.Buffer:
                ResponseBodies.BodyBuffer body = await ResponseBodies.ReadWholeBodyAsync(response.Content, settings.BufferedBodyLimit, message.CancellationToken).ConfigureAwait(false);
                if (body.IsTooLarge)
                {
                    throw ResponseErrors.CreateTooLargeException(response, message.Operation, message.Secrets, settings.BufferedBodyLimit, settings.MaxResponseBodyLength, itemPath: null);
                }

                message.Body = body;
                message.Telemetry.ResponseBodySize = body.Length;
                break;
        }
    }
}
