using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// The request path of a connection: its policies in their fixed order (System.ClientModel's shape):
/// <list type="number">
/// <item><see cref="CallTimeoutPolicy"/>: the call's total time limit, and the caller's cancellation</item>
/// <item>the caller's <see cref="ApiClientOptions.PerCallPolicies"/></item>
/// <item><see cref="ApiRetryPolicy"/>: the attempts and the waits between them</item>
/// <item><see cref="AttemptTelemetryPolicy"/>: a child span per attempt</item>
/// <item>the caller's <see cref="ApiClientOptions.PerTryPolicies"/></item>
/// <item><see cref="BearerTokenPolicy"/>: the bearer scheme (token got once per call, set on each attempt)</item>
/// <item><see cref="SecuritySchemesPolicy"/>: an operation's own security schemes (API keys, basic, bearer; chosen once per call)</item>
/// <item><see cref="AttemptTimeoutPolicy"/>: each attempt's time limit, body included</item>
/// <item><see cref="ResponseBodyPolicy"/>: reads, drops or keeps a successful body within the size limit</item>
/// <item><see cref="ErrorResponsePolicy"/>: a failed status becomes an exception (or a retry), a non-JSON answer too</item>
/// <item><see cref="RedirectPolicy"/>: refuses an answer from another origin</item>
/// <item><see cref="TransportPolicy"/>: the <see cref="System.Net.Http.HttpClient"/></item>
/// </list>
/// </summary>
internal sealed class ApiPipeline
{
    private readonly ApiPipelinePolicy[] _policies;

    private ApiPipeline(ApiPipelinePolicy[] policies) => _policies = policies;

    /// <summary>The policies, in the order they run.</summary>
    public IReadOnlyList<ApiPipelinePolicy> Policies => _policies;

    public static ApiPipeline Create(ConnectionSettings settings, IEnumerable<ApiPipelinePolicy> perCall, ApiRetryPolicy retry, IEnumerable<ApiPipelinePolicy> perTry)
    {
        var policies = new List<ApiPipelinePolicy> { CallTimeoutPolicy.Instance };
        policies.AddRange(perCall);
        policies.Add(retry);
        policies.Add(AttemptTelemetryPolicy.Instance);
        policies.AddRange(perTry);
        policies.Add(BearerTokenPolicy.Instance);
        policies.Add(SecuritySchemesPolicy.Instance);
        policies.Add(AttemptTimeoutPolicy.Instance);
        policies.Add(ResponseBodyPolicy.Instance);
        policies.Add(ErrorResponsePolicy.Instance);
        policies.Add(RedirectPolicy.Instance);
        policies.Add(new TransportPolicy(settings.Http));
        return new ApiPipeline(policies.ToArray());
    }

    /// <summary>Sends the message through every policy.</summary>
    public ValueTask SendAsync(ApiMessage message) => _policies[0].ProcessAsync(message, _policies, 0);
}
