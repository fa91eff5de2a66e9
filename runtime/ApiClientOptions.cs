using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
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
    /// The credentials for a client whose document has security schemes other than a single bearer token: the generated
    /// <c>…Credentials</c> class, with one property per scheme. Sent only to <see cref="BaseAddress"/>'s origin, and never
    /// written into exception messages or <see cref="ToString"/>.
    /// </summary>
    public ApiCredentials? Credentials { get; set; }

    /// <summary>
    /// The longest one attempt may take, from sending the request to reading the whole response (for the streaming methods:
    /// to the response headers, then the longest wait for each further part of the body).
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it. Default 100 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The longest a whole call may wait for the server: every attempt, the waits between attempts, and reading the whole
    /// body, a streamed one included (for the streaming methods, the time your code spends on each item between reads is not
    /// counted). Passing it raises <see cref="ApiTimeoutException"/> with <see cref="ApiTimeoutException.IsTotalTimeout"/> set;
    /// it is never retried. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> disables it.
    /// <see langword="null"/> (the default) derives it from the other options as the longest a call could take under them:
    /// <c>Timeout × (MaxRetries + 1) + MaxRetryDelay × MaxRetries</c> (490 seconds with the defaults), or no bound when
    /// <see cref="Timeout"/> is infinite. Bounds longer than about 49 days are treated as infinite.
    /// </summary>
    public TimeSpan? TotalTimeout { get; set; }

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
    /// The most bytes a successful response body may have (after decompression). A buffered call whose declared
    /// <c>Content-Length</c> is larger fails before reading the body; one whose body turns out larger stops reading there.
    /// For the streaming methods it bounds each item of the array instead (the array itself may be any length). Passing it
    /// raises <see cref="ApiResponseTooLargeException"/>; it is never retried. A body the operation does not use is read
    /// (and discarded) only up to this length. A buffered body must also fit one array (about 2 GB). Default 256 MiB
    /// (268 435 456).
    /// </summary>
    public long MaxResponseBodyLength { get; set; } = DefaultMaxResponseBodyLength;

    /// <summary>
    /// The <c>User-Agent</c> header value; <see langword="null"/> sends <c>CallsGen/&lt;version&gt;</c>.
    /// </summary>
    public string? UserAgent { get; set; }

    /// <summary>
    /// Who retries: the client (<see cref="MaxRetries"/>, <see cref="RetryPolicy"/>) or the HttpClient's own resilience
    /// handler, so that attempts never multiply. Default <see cref="ApiRetryMode.Automatic"/>: the client, unless the generated
    /// <c>Add…Client</c> registration finds a resilience handler on its HttpClient.
    /// </summary>
    public ApiRetryMode RetryMode { get; set; }

    /// <summary>
    /// The policy that runs the attempts of a call; <see langword="null"/> (the default) makes an <see cref="ApiRetryPolicy"/>
    /// from <see cref="MaxRetries"/>, <see cref="RetryBaseDelay"/> and <see cref="MaxRetryDelay"/>. Set a subclass to change
    /// what is retried or how long to wait. Ignored when <see cref="RetryMode"/> leaves retries to the HttpClient.
    /// </summary>
    public ApiRetryPolicy? RetryPolicy { get; set; }

    /// <summary>Your policies that run once per call, before the retry policy (see <see cref="ApiPipelinePolicy"/>).</summary>
    public IList<ApiPipelinePolicy> PerCallPolicies { get; private set; } = new List<ApiPipelinePolicy>();

    /// <summary>Your policies that run once per attempt, after the retry policy and before the bearer token is added.</summary>
    public IList<ApiPipelinePolicy> PerTryPolicies { get; private set; } = new List<ApiPipelinePolicy>();

    /// <summary>
    /// Hooks called on retries and when a call ends, for logging without OpenTelemetry; <see langword="null"/> for none. The
    /// generated <c>Add…Client</c> adds hooks that log through <c>ILogger</c> when the project references
    /// Microsoft.Extensions.Logging.
    /// </summary>
    public ApiClientEvents? Events { get; set; }

    /// <summary>
    /// Creates the <c>CallsGen.Runtime</c> meter (see <see cref="ApiDiagnostics"/>); <see langword="null"/> uses one shared
    /// meter. The generated <c>Add…Client</c> registration passes the container's factory when it has one.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>A copy of these settings; the policy lists are new lists holding the same policies.</summary>
    /// <returns>The copy.</returns>
    public ApiClientOptions Clone()
    {
        var copy = (ApiClientOptions)MemberwiseClone();
        copy.PerCallPolicies = new List<ApiPipelinePolicy>(PerCallPolicies);
        copy.PerTryPolicies = new List<ApiPipelinePolicy>(PerTryPolicies);
        return copy;
    }

    /// <summary>
    /// Describes the settings for logs and debuggers. The key is never shown (only whether one is set), nor any user
    /// information or query of the base address.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"ApiClientOptions {{ BaseAddress = {(BaseAddress is null ? "(default)" : Describe(BaseAddress))}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "[REDACTED]")}, TokenProvider = {(TokenProvider is null ? "(none)" : "(set)")}, {(Credentials is null ? string.Empty : "Credentials = " + Credentials + ", ")}Timeout = {Timeout}, TotalTimeout = {(TotalTimeout is TimeSpan total ? total.ToString() : "(derived)")}, MaxRetries = {MaxRetries}, RetryBaseDelay = {RetryBaseDelay}, MaxRetryDelay = {MaxRetryDelay}, MaxErrorBodyLength = {MaxErrorBodyLength}, MaxResponseBodyLength = {MaxResponseBodyLength}, RetryMode = {RetryMode} }}");

    /// <summary>The default of <see cref="MaxResponseBodyLength"/>: 256 MiB.</summary>
    internal const long DefaultMaxResponseBodyLength = 256L * 1024 * 1024;

    /// <summary>The longest wait a timer can be set to (about 49.7 days); longer bounds are treated as infinite.</summary>
    internal static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>
    /// <see cref="TotalTimeout"/>, or when it is <see langword="null"/> the longest a call may take under the other options:
    /// every attempt its whole <see cref="Timeout"/> and every wait between attempts its whole <see cref="MaxRetryDelay"/>.
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no bound.
    /// </summary>
    internal TimeSpan EffectiveTotalTimeout() => EffectiveTotalTimeout(MaxRetries, MaxRetryDelay);

    /// <summary><see cref="EffectiveTotalTimeout()"/> for a retry policy other than the options' own.</summary>
    internal TimeSpan EffectiveTotalTimeout(int maxRetries, TimeSpan maxRetryDelay)
    {
        if (TotalTimeout is TimeSpan total)
        {
            return total > LongestTimer ? System.Threading.Timeout.InfiniteTimeSpan : total;
        }

        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan || Timeout > LongestTimer || maxRetryDelay > LongestTimer)
        {
            return System.Threading.Timeout.InfiniteTimeSpan;
        }

        // At most 2^32 ms per term and MaxRetries < 2^31: the sum fits a double exactly enough, then compared with the limit.
        double milliseconds = Timeout.TotalMilliseconds * ((double)maxRetries + 1) + maxRetryDelay.TotalMilliseconds * maxRetries;
        return milliseconds > LongestTimer.TotalMilliseconds ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);
    }

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
