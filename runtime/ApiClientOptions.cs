using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Settings for a generated API client: where it sends requests, how it authenticates,
/// and how long and how often it tries.
/// </summary>
/// <remarks>
/// <see cref="ApiConnection"/> reads these values once, when it is created; later changes to this
/// object do not affect connections that already exist.
/// </remarks>
public sealed class ApiClientOptions
{
    /// <summary>
    /// The address requests are sent to, for example <c>https://api.vapi.ai</c>. A path on it is kept:
    /// <c>https://host/v1</c> with the operation path <c>/call</c> gives <c>https://host/v1/call</c>.
    /// <see langword="null"/> means the client's default (the server declared in the OpenAPI document).
    /// </summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The API key sent as <c>Authorization: Bearer &lt;key&gt;</c>. Surrounding whitespace is removed.
    /// Required unless <see cref="TokenProvider"/> is set; never written into exception messages.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Supplies the bearer token for each request; when set it is used instead of <see cref="ApiKey"/>.
    /// Called once per <c>SendAsync</c> call (not once per retry attempt).
    /// </summary>
    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; set; }

    /// <summary>
    /// The longest one attempt may take, from sending the request to reading the whole response.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it. Default 100 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How many times a failed idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) is tried again after the
    /// first attempt, on 408, 429, 500, 502, 503, 504, transport errors and per-attempt timeouts. 0 disables retries. Default 3.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The base of the exponential backoff: before retry <c>n</c> (0-based) the client waits a random time
    /// between zero and <c>RetryBaseDelay * 2^n</c> (full jitter), capped at <see cref="MaxRetryDelay"/>. Default 500 ms.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest wait between two attempts, also when the server's <c>Retry-After</c> asks for more. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many characters of an error response body are kept in <see cref="ApiException.ResponseBody"/>;
    /// the rest is not read. Default 16 384.
    /// </summary>
    public int MaxErrorBodyLength { get; set; } = 16 * 1024;

    /// <summary>
    /// The <c>User-Agent</c> header value; <see langword="null"/> sends <c>CallsGen/&lt;version&gt;</c>.
    /// </summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// Describes the settings for logs and debuggers. The key is never shown (only whether one is set), nor any user
    /// information or query of the base address.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"ApiClientOptions {{ BaseAddress = {(BaseAddress is null ? "(default)" : Describe(BaseAddress))}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "[REDACTED]")}, TokenProvider = {(TokenProvider is null ? "(none)" : "(set)")}, Timeout = {Timeout}, MaxRetries = {MaxRetries}, RetryBaseDelay = {RetryBaseDelay}, MaxRetryDelay = {MaxRetryDelay}, MaxErrorBodyLength = {MaxErrorBodyLength} }}");

    /// <summary>The scheme, host, port and path of an address, without user information, query or fragment.</summary>
    internal static string Describe(Uri address) =>
        address.IsAbsoluteUri
            ? address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "(relative address)";

    /// <summary>
    /// Test seam: replaces the wait between attempts (<c>Task.Delay</c>). Receives the computed delay.
    /// </summary>
    internal Func<TimeSpan, CancellationToken, Task>? RetryDelayOverride { get; set; }

    /// <summary>
    /// Test seam: replaces the random jitter source; must return a value in [0, 1).
    /// </summary>
    internal Func<double>? JitterOverride { get; set; }
}
