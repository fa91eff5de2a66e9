using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// An operation's own security requirement (<see cref="ApiRequest.Security"/>): once per call, chooses the first alternative
/// whose credentials <see cref="ApiClientOptions.Credentials"/> has, refuses plain http to a host that is not loopback, gets
/// its tokens and registers every value for redaction; then puts the credentials (headers, cookies, query parameters) on
/// each attempt.
/// </summary>
internal sealed class SecuritySchemesPolicy : ApiPipelinePolicy
{
    public static readonly SecuritySchemesPolicy Instance = new();

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        if (message.Request.Security is { } security)
        {
            if (!message.CredentialsResolved)
            {
                message.Call.Caller.ThrowIfCancellationRequested();
                message.SetCredentials(await AppliedCredentials.ResolveAsync(
                    security, message.Settings.Credentials, message.RequestUri, message.Operation, message.CancellationToken).ConfigureAwait(false));
            }

            message.Credentials?.ApplyTo(message.HttpRequest!);
        }

        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }
}
