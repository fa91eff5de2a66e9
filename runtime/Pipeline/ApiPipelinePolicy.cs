using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// One step of the request path of a generated client (after System.ClientModel's <c>PipelinePolicy</c>): it may look at
/// or change the <see cref="ApiMessage"/>, call the next policy with <see cref="ProcessNextAsync"/>, and look at the outcome
/// when that returns or throws. Add your own through <see cref="ApiClientOptions.PerCallPolicies"/> (run once per call) or
/// <see cref="ApiClientOptions.PerTryPolicies"/> (run once per attempt). A policy is shared by every call of a client, so it
/// must be thread-safe, and it must call the next policy at most once.
/// </summary>
/// <example>
/// <code>
/// sealed class RequestIdPolicy : ApiPipelinePolicy
/// {
///     public override ValueTask ProcessAsync(ApiMessage message, IReadOnlyList&lt;ApiPipelinePolicy&gt; pipeline, int currentIndex)
///     {
///         message.HttpRequest!.Headers.Add("X-Request-Id", Guid.NewGuid().ToString());
///         return ProcessNextAsync(message, pipeline, currentIndex);
///     }
/// }
/// options.PerTryPolicies.Add(new RequestIdPolicy());
/// </code>
/// </example>
public abstract class ApiPipelinePolicy
{
    /// <summary>Processes the message: usually some work, then <see cref="ProcessNextAsync"/>, then some more.</summary>
    /// <param name="message">The call being sent.</param>
    /// <param name="pipeline">Every policy of the client, in order.</param>
    /// <param name="currentIndex">This policy's index in <paramref name="pipeline"/>.</param>
    /// <returns>A task that completes when this policy and those after it are done.</returns>
    public abstract ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex);

    /// <summary>Runs the policies after <paramref name="currentIndex"/>.</summary>
    /// <param name="message">The call being sent.</param>
    /// <param name="pipeline">Every policy of the client, in order.</param>
    /// <param name="currentIndex">The calling policy's index in <paramref name="pipeline"/>.</param>
    /// <returns>A task that completes when the rest of the pipeline is done.</returns>
    /// <exception cref="InvalidOperationException">The calling policy is the last one (the transport never calls on).</exception>
    protected static ValueTask ProcessNextAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        int next = currentIndex + 1;
        if (next >= pipeline.Count)
        {
            throw new InvalidOperationException("The last policy of a pipeline has no next policy to call.");
        }

        return pipeline[next].ProcessAsync(message, pipeline, next);
    }
}
