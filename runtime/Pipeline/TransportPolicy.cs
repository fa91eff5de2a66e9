using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>The last policy: sends the attempt's request with the <see cref="HttpClient"/>, returning once the headers have arrived.</summary>
internal sealed class TransportPolicy : ApiPipelinePolicy
{
    private readonly HttpClient _http;

    public TransportPolicy(HttpClient http) => _http = http;

    public override async ValueTask ProcessAsync(ApiMessage message, IReadOnlyList<ApiPipelinePolicy> pipeline, int currentIndex)
    {
        message.HttpResponse = await _http.SendAsync(message.HttpRequest!, HttpCompletionOption.ResponseHeadersRead, message.CancellationToken).ConfigureAwait(false);
    }
}
