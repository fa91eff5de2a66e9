using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// What a connection's policies need of its <see cref="ApiClientOptions"/>, checked and read once: where requests go, how
/// they authenticate, their bounds, and the <see cref="HttpClient"/>.
/// </summary>
internal sealed class ConnectionSettings
{
    public ConnectionSettings(ApiClientOptions options, Uri baseAddress, HttpClient http, int maxRetries, TimeSpan maxRetryDelay)
    {
        BasePrefix = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        DisplayBase = ApiClientOptions.Describe(baseAddress);
        ServerAddress = baseAddress.IdnHost;
        ServerPort = baseAddress.Port;
        ApiKey = options.ApiKey;
        TokenProvider = options.TokenProvider;
        Credentials = options.Credentials?.Snapshot() ?? new Dictionary<string, ApiCredential>();
        Timeout = options.Timeout > ApiClientOptions.LongestTimer ? System.Threading.Timeout.InfiniteTimeSpan : options.Timeout;
        TotalTimeout = options.EffectiveTotalTimeout(maxRetries, maxRetryDelay);
        TotalTimeoutDerived = options.TotalTimeout is null;
        MaxErrorBodyLength = options.MaxErrorBodyLength;
        MaxResponseBodyLength = options.MaxResponseBodyLength;
        BufferedBodyLimit = Math.Min(options.MaxResponseBodyLength, Array.MaxLength - 1);
        StreamedItemLimit = BufferedBodyLimit;
        UserAgent = string.IsNullOrWhiteSpace(options.UserAgent) ? DefaultUserAgent : options.UserAgent;
        Http = http;
    }

    /// <summary>The base address without a trailing '/', query or fragment; operation paths are appended to it.</summary>
    public string BasePrefix { get; }

    /// <summary>The base address for messages: scheme, host, port and path only.</summary>
    public string DisplayBase { get; }

    /// <summary>The host of the base address (<c>server.address</c> in telemetry).</summary>
    public string ServerAddress { get; }

    /// <summary>The port of the base address (<c>server.port</c> in telemetry).</summary>
    public int ServerPort { get; }

    public string? ApiKey { get; }

    public Func<CancellationToken, ValueTask<string>>? TokenProvider { get; }

    /// <summary>The credentials per security scheme (<see cref="ApiClientOptions.Credentials"/>), as they were when the connection was made.</summary>
    public IReadOnlyDictionary<string, ApiCredential> Credentials { get; }

    /// <summary>Each attempt's bound, or infinite.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The whole call's bound, or infinite.</summary>
    public TimeSpan TotalTimeout { get; }

    public bool TotalTimeoutDerived { get; }

    public int MaxErrorBodyLength { get; }

    public long MaxResponseBodyLength { get; }

    public long BufferedBodyLimit { get; }

    public long StreamedItemLimit { get; }

    public string UserAgent { get; }

    public HttpClient Http { get; }

    private static string DefaultUserAgent { get; } =
        "CallsGen/" + (typeof(ApiConnection).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>The operation path (and query) joined to the base address.</summary>
    public Uri BuildUri(string path, QueryBuilder? query)
    {
        string joined = path.StartsWith('/') ? BasePrefix + path : BasePrefix + "/" + path;
        if (query is not null && !query.IsEmpty)
        {
            joined += query.ToString();
        }

        return new Uri(joined, UriKind.Absolute);
    }

    /// <summary>
    /// The bound an attempt actually has: <see cref="Timeout"/>, or a caller-provided HttpClient's own shorter
    /// <see cref="HttpClient.Timeout"/>.
    /// </summary>
    public TimeSpan EffectiveTimeout()
    {
        TimeSpan clientTimeout = Http.Timeout;
        if (Timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return clientTimeout;
        }

        return clientTimeout == System.Threading.Timeout.InfiniteTimeSpan || Timeout <= clientTimeout ? Timeout : clientTimeout;
    }

    /// <summary>One attempt's request: method, address, <c>Accept</c>, <c>User-Agent</c>, header parameters and body; no token yet.</summary>
    /// <exception cref="ArgumentException">A header parameter is a content header and the request has no body.</exception>
    public HttpRequestMessage CreateHttpRequest(ApiRequest apiRequest, Uri uri, KeyValuePair<string, string>[] headers)
    {
        var request = new HttpRequestMessage(apiRequest.Method, uri);
        request.Headers.TryAddWithoutValidation("Accept", apiRequest.Accept ?? "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (header.Key.Equals("Accept", StringComparison.OrdinalIgnoreCase) ||
                header.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Remove(header.Key);
            }
        }

        if (apiRequest.JsonBody is ReadOnlyMemory<byte> jsonBody)
        {
            var content = new ReadOnlyMemoryContent(jsonBody);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Content = content;
        }
        else if (apiRequest.Body is { } body)
        {
            request.Content = body.CreateContent();
        }

        foreach (KeyValuePair<string, string> header in headers)
        {
            // Content headers (Content-Language, ...) belong on the content; without a body there is nowhere to put them.
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value) &&
                !(request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value) ?? false))
            {
                request.Dispose();
                throw new ArgumentException(
                    $"The header parameter '{header.Key}' is a content header and the request has no body.", nameof(ApiRequest.Headers));
            }
        }

        return request;
    }

    /// <summary>Describes the connection's bounds for <see cref="ApiConnection.ToString"/>.</summary>
    public string Describe(int maxRetries, string authentication) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"ApiConnection {{ BaseAddress = {DisplayBase}, Authentication = {authentication}, Timeout = {Timeout}, TotalTimeout = {TotalTimeout}, MaxRetries = {maxRetries} }}");
}

/// <summary>The texts replaced with <c>[REDACTED]</c> in a call's errors.</summary>
internal static class SecretSet
{
    /// <summary>
    /// The token, and the values (4 characters or more) of header parameters whose names look secret, longest first (so a
    /// secret containing another is replaced whole).
    /// </summary>
    public static string[] Collect(string? token, KeyValuePair<string, string>[] headers)
    {
        List<string>? secrets = null;
        if (!string.IsNullOrEmpty(token))
        {
            (secrets ??= []).Add(token);
        }

        foreach (KeyValuePair<string, string> header in headers)
        {
            string value = header.Value.Trim();
            if (value.Length >= 4 && ApiRequest.LooksSecret(header.Key))
            {
                (secrets ??= []).Add(value);
            }
        }

        if (secrets is null)
        {
            return [];
        }

        secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return secrets.ToArray();
    }
}
