using System;
using System.Collections.Generic;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// The bearer scheme: for an operation that needs it (<see cref="ApiRequest.RequiresAuthentication"/>, and no
/// <see cref="ApiRequest.Security"/> of its own), refuses plain http to
/// a host that is not loopback, gets the token once per call (<see cref="ApiClientOptions.TokenProvider"/> or
/// <see cref="ApiClientOptions.ApiKey"/>), registers it for redaction, and sets <c>Authorization: Bearer</c> on each attempt.
/// </summary>
internal sealed class BearerTokenPolicy : ApiPipelinePolicy
{
    public static readonly BearerTokenPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        // An operation with security schemes of its own (ApiRequest.Security) gets its credentials from SecuritySchemesPolicy.
        if (message.Request.RequiresAuthentication && message.Request.Security is null)
        {
            string? token = message.Token;
            if (token is null)
            {
                Uri uri = message.RequestUri;
                if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
                {
                    throw new ApiConfigurationException(
                        $"Refusing to send the bearer token over plain http to '{uri.Host}'. Use https (plain http is allowed only for loopback addresses).");
                }

                message.Call.Caller.ThrowIfCancellationRequested();
                token = await GetTokenAsync(message.Settings, message.CancellationToken).ConfigureAwait(false);
                message.SetToken(token);
            }

            message.HttpRequest!.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private static async ValueTask<string> GetTokenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        string? raw;
        if (settings.TokenProvider is { } provider)
        {
            raw = await provider(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(raw))
            {
                throw new ApiConfigurationException("ApiClientOptions.TokenProvider returned an empty token; the request was not sent.");
            }
        }
        else
        {
            raw = settings.ApiKey;
            if (string.IsNullOrWhiteSpace(raw))
            {
                throw new ApiConfigurationException(
                    "No API key is configured: set ApiClientOptions.ApiKey or ApiClientOptions.TokenProvider. The request was not sent.");
            }
        }

        string token = raw.Trim();
        foreach (char c in token)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                throw new ApiConfigurationException(
                    "The API key contains whitespace, control or non-ASCII characters and cannot be sent as a bearer token; the request was not sent.");
            }
        }

        return token;
    }
}
