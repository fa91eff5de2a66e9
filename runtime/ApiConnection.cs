using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Sends the requests of a generated client: joins paths to the base address, adds the bearer token (unless
/// <see cref="ApiRequest.RequiresAuthentication"/> is <see langword="false"/>), <c>Accept: application/json</c> and the
/// operation's header parameters, applies the per-attempt timeout, the retry policy, the call's total time limit and the
/// body size limit, turns failures into <see cref="ApiException"/>, <see cref="ApiTimeoutException"/> or
/// <see cref="ApiConfigurationException"/> (a broken connection, once no retry is left, is an
/// <see cref="HttpRequestException"/> naming the operation), and hands successful bodies, checked to be valid UTF-8, to a
/// <see cref="ResponseDecoder{T}"/>. Secrets a server echoes back, in any of the usual encodings, are redacted from every
/// exception. Redirects are never followed. Thread-safe; create one per client and reuse it.
/// </summary>
public sealed partial class ApiConnection : IDisposable
{
    private const int MessageBodyLength = 200;

    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly string _basePrefix;
    private readonly string _displayBase;
    private readonly string? _apiKey;
    private readonly Func<CancellationToken, ValueTask<string>>? _tokenProvider;
    private readonly IReadOnlyDictionary<string, ApiCredential> _credentials;
    private readonly TimeSpan _timeout;
    private readonly int _maxRetries;
    private readonly TimeSpan _retryBaseDelay;
    private readonly TimeSpan _maxRetryDelay;
    private readonly int _maxErrorBodyLength;
    private readonly long _maxResponseBodyLength;
    private readonly TimeSpan _totalTimeout;
    private readonly bool _totalTimeoutDerived;
    private readonly long _bufferedBodyLimit;
    private readonly long _streamedItemLimit;
    private readonly string _userAgent;
    private readonly Func<TimeSpan, CancellationToken, Task>? _delayOverride;
    private readonly Func<double>? _jitterOverride;
    private int _disposed;

    /// <summary>Creates a connection.</summary>
    /// <param name="options">The settings; read once, here.</param>
    /// <param name="defaultBaseAddress">The address used when <see cref="ApiClientOptions.BaseAddress"/> is <see langword="null"/>.</param>
    /// <param name="httpClient">
    /// An <see cref="HttpClient"/> owned by the caller (never disposed by this connection; its own
    /// <see cref="HttpClient.Timeout"/> also applies). <see langword="null"/> creates one owned by this connection, on a
    /// <see cref="SocketsHttpHandler"/> that recycles pooled connections (so DNS changes are seen) and does not follow redirects.
    /// </param>
    /// <exception cref="ApiConfigurationException">The base address or a numeric option is not valid.</exception>
    public ApiConnection(ApiClientOptions options, Uri defaultBaseAddress, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaultBaseAddress);

        Uri baseAddress = options.BaseAddress ?? defaultBaseAddress;
        if (!baseAddress.IsAbsoluteUri ||
            (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            throw new ApiConfigurationException("ApiClientOptions.BaseAddress must be an absolute http or https URI.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ApiConfigurationException("ApiClientOptions.Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (options.MaxRetries < 0)
        {
            throw new ApiConfigurationException("ApiClientOptions.MaxRetries must not be negative.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            throw new ApiConfigurationException("ApiClientOptions.RetryBaseDelay and MaxRetryDelay must not be negative.");
        }

        if (options.MaxErrorBodyLength < 0)
        {
            throw new ApiConfigurationException("ApiClientOptions.MaxErrorBodyLength must not be negative.");
        }

        if (options.TotalTimeout is TimeSpan total && total <= TimeSpan.Zero && total != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ApiConfigurationException("ApiClientOptions.TotalTimeout must be positive, Timeout.InfiniteTimeSpan, or null (derived from Timeout).");
        }

        if (options.MaxResponseBodyLength <= 0)
        {
            throw new ApiConfigurationException("ApiClientOptions.MaxResponseBodyLength must be positive.");
        }

        _basePrefix = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _displayBase = ApiClientOptions.Describe(baseAddress);
        _apiKey = options.ApiKey;
        _tokenProvider = options.TokenProvider;
        _credentials = options.Credentials?.Snapshot() ?? new Dictionary<string, ApiCredential>();
        _timeout = options.Timeout > ApiClientOptions.LongestTimer ? System.Threading.Timeout.InfiniteTimeSpan : options.Timeout;
        _totalTimeout = options.EffectiveTotalTimeout();
        _totalTimeoutDerived = options.TotalTimeout is null;
        _maxResponseBodyLength = options.MaxResponseBodyLength;
        _bufferedBodyLimit = Math.Min(options.MaxResponseBodyLength, Array.MaxLength - 1);
        _streamedItemLimit = _bufferedBodyLimit;
        _maxRetries = options.MaxRetries;
        _retryBaseDelay = options.RetryBaseDelay;
        _maxRetryDelay = options.MaxRetryDelay;
        _maxErrorBodyLength = options.MaxErrorBodyLength;
        _userAgent = string.IsNullOrWhiteSpace(options.UserAgent) ? DefaultUserAgent : options.UserAgent;
        _delayOverride = options.RetryDelayOverride;
        _jitterOverride = options.JitterOverride;

        if (httpClient is null)
        {
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
            };
            _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            _ownsHttpClient = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    /// <summary>Describes the connection (address, authentication kind, timeout, retries); never the key or token.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"ApiConnection {{ BaseAddress = {_displayBase}, Authentication = {(_tokenProvider is not null ? "token provider" : string.IsNullOrWhiteSpace(_apiKey) ? "none" : "API key")}, Timeout = {_timeout}, TotalTimeout = {_totalTimeout}, MaxRetries = {_maxRetries} }}");

    private static string DefaultUserAgent { get; } =
        "CallsGen/" + (typeof(ApiConnection).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>Sends a request without a body and decodes the JSON response body.</summary>
    /// <typeparam name="T">The decoded type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The operation path, starting with '/', path parameters already escaped (for example <c>/call</c>).</param>
    /// <param name="query">The query parameters, or <see langword="null"/>.</param>
    /// <param name="decode">Decodes the whole successful body.</param>
    /// <param name="cancellationToken">Cancels the call; gives an <see cref="OperationCanceledException"/> carrying this token.</param>
    /// <returns>The decoded body.</returns>
    /// <exception cref="ApiException">
    /// The final response was not a success, or its body could not be decoded (or is not valid UTF-8); an
    /// <see cref="ApiResponseTooLargeException"/> when it is larger than <see cref="ApiClientOptions.MaxResponseBodyLength"/>.
    /// </exception>
    /// <exception cref="ApiTimeoutException">
    /// The last attempt took longer than <see cref="ApiClientOptions.Timeout"/>, or the call passed <see cref="ApiClientOptions.TotalTimeout"/>.
    /// </exception>
    /// <exception cref="ApiConfigurationException">No usable token, or a token would go over plain http to a non-loopback host.</exception>
    public Task<T> SendAsync<T>(HttpMethod method, string path, QueryBuilder? query, ResponseDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decode);
        return SendAsync(CreateRequest(method, path, query, null), decode, cancellationToken);
    }

    /// <summary>Sends a request without a body and expects no response body (for example 204 No Content); any body is discarded.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The operation path, starting with '/', path parameters already escaped.</param>
    /// <param name="query">The query parameters, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the response has been received.</returns>
    /// <exception cref="ApiException">The final response was not a success.</exception>
    /// <exception cref="ApiTimeoutException">
    /// The last attempt took longer than <see cref="ApiClientOptions.Timeout"/>, or the call passed <see cref="ApiClientOptions.TotalTimeout"/>.
    /// </exception>
    /// <exception cref="ApiConfigurationException">No usable token, or a token would go over plain http to a non-loopback host.</exception>
    public Task SendAsync(HttpMethod method, string path, QueryBuilder? query, CancellationToken cancellationToken) =>
        SendAsync(CreateRequest(method, path, query, null), cancellationToken);

    /// <summary>Sends a request with a JSON body (<c>Content-Type: application/json</c>) and decodes the JSON response body.</summary>
    /// <typeparam name="T">The decoded type.</typeparam>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The operation path, starting with '/', path parameters already escaped.</param>
    /// <param name="query">The query parameters, or <see langword="null"/>.</param>
    /// <param name="jsonBody">The UTF-8 JSON request body; it must stay unchanged until the task completes (retries send it again).</param>
    /// <param name="decode">Decodes the whole successful body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decoded body.</returns>
    /// <exception cref="ApiException">
    /// The final response was not a success, or its body could not be decoded (or is not valid UTF-8); an
    /// <see cref="ApiResponseTooLargeException"/> when it is larger than <see cref="ApiClientOptions.MaxResponseBodyLength"/>.
    /// </exception>
    /// <exception cref="ApiTimeoutException">
    /// The last attempt took longer than <see cref="ApiClientOptions.Timeout"/>, or the call passed <see cref="ApiClientOptions.TotalTimeout"/>.
    /// </exception>
    /// <exception cref="ApiConfigurationException">No usable token, or a token would go over plain http to a non-loopback host.</exception>
    public Task<T> SendAsync<T>(HttpMethod method, string path, QueryBuilder? query, ReadOnlyMemory<byte> jsonBody, ResponseDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decode);
        return SendAsync(CreateRequest(method, path, query, jsonBody), decode, cancellationToken);
    }

    /// <summary>Sends a request and decodes the JSON response body.</summary>
    /// <typeparam name="T">The decoded type.</typeparam>
    /// <param name="request">The request: method, path, query, JSON body, header parameters and whether it needs the token.</param>
    /// <param name="decode">Decodes the whole successful body.</param>
    /// <param name="cancellationToken">Cancels the call; gives an <see cref="OperationCanceledException"/> carrying this token.</param>
    /// <returns>The decoded body.</returns>
    /// <exception cref="ArgumentException">A header parameter is not allowed (thrown before anything is sent); see <see cref="ApiRequest.Headers"/>.</exception>
    /// <exception cref="ApiException">
    /// The final response was not a success, or its body could not be decoded (or is not valid UTF-8); an
    /// <see cref="ApiResponseTooLargeException"/> when it is larger than <see cref="ApiClientOptions.MaxResponseBodyLength"/>.
    /// </exception>
    /// <exception cref="ApiTimeoutException">
    /// The last attempt took longer than <see cref="ApiClientOptions.Timeout"/>, or the call passed <see cref="ApiClientOptions.TotalTimeout"/>.
    /// </exception>
    /// <exception cref="ApiConfigurationException">
    /// The request needs the token and there is no usable one, or it would go over plain http to a non-loopback host.
    /// </exception>
    public Task<T> SendAsync<T>(ApiRequest request, ResponseDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decode);
        return SendCoreAsync(request, request.ValidateHeaders(), decode, cancellationToken);
    }

    /// <summary>Sends a request and expects no response body (for example 204 No Content); any body is discarded.</summary>
    /// <param name="request">The request: method, path, query, JSON body, header parameters and whether it needs the token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the response has been received.</returns>
    /// <exception cref="ArgumentException">A header parameter is not allowed (thrown before anything is sent); see <see cref="ApiRequest.Headers"/>.</exception>
    /// <exception cref="ApiException">The final response was not a success.</exception>
    /// <exception cref="ApiTimeoutException">
    /// The last attempt took longer than <see cref="ApiClientOptions.Timeout"/>, or the call passed <see cref="ApiClientOptions.TotalTimeout"/>.
    /// </exception>
    /// <exception cref="ApiConfigurationException">
    /// The request needs the token and there is no usable one, or it would go over plain http to a non-loopback host.
    /// </exception>
    public Task SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendCoreAsync<object?>(request, request.ValidateHeaders(), decode: null, cancellationToken);
    }

    /// <summary>Releases the <see cref="HttpClient"/> if this connection created it; a caller's client is left alone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    internal static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put ||
        method == HttpMethod.Delete || method == HttpMethod.Options;

    internal static bool IsRetryableStatus(int status) =>
        status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// The wait before retry number <paramref name="attempt"/> (0 = before the first retry): the larger of a full-jitter
    /// exponential backoff (<c>jitter * min(max, base * 2^attempt)</c>) and the server's Retry-After, capped at <paramref name="max"/>.
    /// </summary>
    internal static TimeSpan ComputeRetryDelay(int attempt, TimeSpan? retryAfter, TimeSpan baseDelay, TimeSpan max, double jitter)
    {
        double ceilingTicks = Math.Min(max.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(attempt, 62)));
        double backoffTicks = Math.Clamp(jitter, 0, 1) * ceilingTicks;
        double retryAfterTicks = retryAfter is TimeSpan ra && ra > TimeSpan.Zero ? ra.Ticks : 0;
        double ticks = Math.Min(Math.Max(backoffTicks, retryAfterTicks), max.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>An <see cref="ApiRequest"/> for the older overloads, which also accept a path without the leading '/'.</summary>
    private static ApiRequest CreateRequest(HttpMethod method, string path, QueryBuilder? query, ReadOnlyMemory<byte>? jsonBody)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        return new ApiRequest(method, path.StartsWith('/') ? path : "/" + path) { Query = query, JsonBody = jsonBody };
    }

    private async Task<T> SendCoreAsync<T>(
        ApiRequest apiRequest,
        KeyValuePair<string, string>[] headers,
        ResponseDecoder<T>? decode,
        CancellationToken cancellationToken)
    {
        using var call = new CallScope(_totalTimeout, cancellationToken);
        return await SendCoreAsync(apiRequest, headers, decode, call).ConfigureAwait(false);
    }

    /// <summary>
    /// The attempts of one call, within the call's total time limit (<paramref name="call"/>'s clock starts when the token is
    /// known and runs until this returns; a streaming caller stops it and charges only its reads from there).
    /// </summary>
    private async Task<T> SendCoreAsync<T>(
        ApiRequest apiRequest,
        KeyValuePair<string, string>[] headers,
        ResponseDecoder<T>? decode,
        CallScope call)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        CancellationToken cancellationToken = call.Caller;

        Uri uri = BuildUri(apiRequest.Path, apiRequest.Query);
        bool authenticate = apiRequest.RequiresAuthentication && apiRequest.Security is null;
        if (authenticate && uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new ApiConfigurationException(
                $"Refusing to send the bearer token over plain http to '{uri.Host}'. Use https (plain http is allowed only for loopback addresses).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        string? token = authenticate ? await GetTokenAsync(cancellationToken).ConfigureAwait(false) : null;
        AppliedCredentials? credentials = apiRequest.Security is { } security
            ? await AppliedCredentials.ResolveAsync(security, _credentials, uri, apiRequest.Operation, cancellationToken).ConfigureAwait(false)
            : null;
        string[] secrets = AppliedCredentials.WithSecrets(CollectSecrets(token, headers), credentials);
        call.Secrets = secrets;
        string operation = apiRequest.Operation;
        // A body read from a stream that cannot seek can be sent only once.
        bool idempotent = IsIdempotent(apiRequest.Method) && apiRequest.Body?.CanBeResent != false;
        call.StartClock();

        for (int attempt = 0; ; attempt++)
        {
            bool canRetry = idempotent && attempt < _maxRetries;
            TimeSpan? retryAfter = null;
            using (var attemptTimer = new CancellationTokenSource())
            using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(call.Token, attemptTimer.Token))
            {
                if (_timeout != System.Threading.Timeout.InfiniteTimeSpan)
                {
                    attemptTimer.CancelAfter(_timeout);
                }

                HttpResponseMessage? response = null;
                BodyBuffer? body = null;
                bool success = false;
                try
                {
                    Uri? answeredUri;
                    using (HttpRequestMessage request = CreateRequest(apiRequest, uri, token, headers))
                    {
                        credentials?.ApplyTo(request);
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptCts.Token).ConfigureAwait(false);
                        answeredUri = response.RequestMessage?.RequestUri ?? request.RequestUri;
                    }

                    if (answeredUri is not null && !IsSameOrigin(answeredUri, uri))
                    {
                        // A caller-provided HttpClient followed a redirect: .NET drops the Authorization header on redirects,
                        // but the answer comes from somewhere else than the configured API, so it is not used.
                        throw CreateCrossOriginException(response, answeredUri, operation, secrets);
                    }

                    int status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        if (decode is null)
                        {
                            await DiscardBodyAsync(response.Content, attemptCts.Token).ConfigureAwait(false);
                            response.Dispose();
                            return default!;
                        }

                        if (ReferenceEquals(decode, KeepAnyResponse))
                        {
                            // A stream, text or status-dependent body (ApiConnection.Bodies.cs): the caller reads it.
                            HttpResponseMessage kept = response;
                            response = null;
                            return (T)(object)kept;
                        }

                        if (!IsJsonLike(response.Content.Headers.ContentType?.MediaType))
                        {
                            // For example an HTML page from a proxy or captive portal: read only the start of it, never decode it.
                            throw await CreateContentTypeExceptionAsync(response, operation, secrets, attemptCts.Token, cancellationToken).ConfigureAwait(false);
                        }

                        if (ReferenceEquals(decode, KeepResponse))
                        {
                            // Streaming: the caller reads the body as it arrives and owns the response from here.
                            HttpResponseMessage kept = response;
                            response = null;
                            return (T)(object)kept;
                        }

                        body = await ReadWholeBodyAsync(response.Content, _bufferedBodyLimit, attemptCts.Token).ConfigureAwait(false);
                        if (body.IsTooLarge)
                        {
                            throw CreateTooLargeException(response, operation, secrets, itemPath: null);
                        }

                        success = true;
                    }
                    else if (canRetry && IsRetryableStatus(status))
                    {
                        retryAfter = GetRetryAfter(response, DateTimeOffset.UtcNow);
                    }
                    else
                    {
                        throw DecodeError(apiRequest, await CreateStatusExceptionAsync(response, operation, secrets, attemptCts.Token, cancellationToken).ConfigureAwait(false));
                    }
                }
                catch (Exception ex) when (cancellationToken.IsCancellationRequested && IsTransportOrCancellation(ex))
                {
                    // The caller cancelled; a read interrupted by the cancellation may surface as an I/O error.
                    body?.Release();
                    response?.Dispose();
                    throw new OperationCanceledException("The request was canceled.", ex, cancellationToken);
                }
                catch (Exception ex) when (ex is OperationCanceledException || (attemptCts.IsCancellationRequested && IsTransportOrCancellation(ex)))
                {
                    // Not the caller's token: the per-attempt timeout (or the caller-owned HttpClient's own Timeout), or the
                    // call's total time limit, while waiting for the headers or while reading the body.
                    body?.Release();
                    response?.Dispose();
                    // Both bounds may have passed together: the attempt's own is named unless a retry was left.
                    if (call.DeadlinePassed && (canRetry || !attemptTimer.IsCancellationRequested))
                    {
                        throw CreateTotalTimeoutException(call, string.Create(CultureInfo.InvariantCulture, $"{operation} passed its total time limit of {DescribeTimeout(call.Total)} on attempt {attempt + 1}"), ex);
                    }

                    if (!canRetry)
                    {
                        TimeSpan effective = EffectiveTimeout();
                        string bound = effective == _timeout ? "ApiClientOptions.Timeout" : "the HttpClient's Timeout";
                        throw new ApiTimeoutException(
                            string.Create(CultureInfo.InvariantCulture, $"{operation} timed out after {DescribeTimeout(effective)} on attempt {attempt + 1} ({bound}, which bounds each attempt), and no retry is left."),
                            effective,
                            isTotalTimeout: false,
                            ex);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException)
                {
                    // Connection refused or reset, response ended early, ...
                    body?.Release();
                    response?.Dispose();
                    if (!canRetry)
                    {
                        throw CreateTransportException(ex, operation, attempt, secrets);
                    }
                }
                catch
                {
                    body?.Release();
                    response?.Dispose();
                    throw;
                }

                if (success)
                {
                    try
                    {
                        return Decode(decode!, body!, response!, operation, secrets);
                    }
                    finally
                    {
                        body!.Release();
                        response!.Dispose();
                    }
                }

                response?.Dispose();
            }

            TimeSpan delay = ComputeRetryDelay(attempt, retryAfter, _retryBaseDelay, _maxRetryDelay, _jitterOverride?.Invoke() ?? Random.Shared.NextDouble());
            if (call.HasDeadline && delay >= call.Remaining)
            {
                // Waiting would only end in the same timeout: say so now.
                throw CreateTotalTimeoutException(
                    call,
                    string.Create(CultureInfo.InvariantCulture, $"{operation} would pass its total time limit of {DescribeTimeout(call.Total)} waiting {DescribeTimeout(delay)} before attempt {attempt + 2}"),
                    innerException: null);
            }

            try
            {
                if (_delayOverride is not null)
                {
                    await _delayOverride(delay, call.Token).ConfigureAwait(false);
                }
                else if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, call.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The request was canceled.", ex, cancellationToken);
            }
            catch (OperationCanceledException ex) when (call.DeadlinePassed)
            {
                throw CreateTotalTimeoutException(call, string.Create(CultureInfo.InvariantCulture, $"{operation} passed its total time limit of {DescribeTimeout(call.Total)} waiting before attempt {attempt + 2}"), ex);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The timeout for the call's total time limit; <paramref name="what"/> says what happened, naming the limit.</summary>
    private ApiTimeoutException CreateTotalTimeoutException(CallScope call, string what, Exception? innerException)
    {
        string source = _totalTimeoutDerived
            ? "ApiClientOptions.TotalTimeout, here derived from Timeout, MaxRetries and MaxRetryDelay"
            : "ApiClientOptions.TotalTimeout";
        return new ApiTimeoutException(
            what + " (" + source + ", which bounds the whole call); it is not retried.",
            call.Total,
            isTotalTimeout: true,
            innerException);
    }

    /// <summary>
    /// One call: the caller's token, the call's total time limit and the secrets to redact. The limit runs as a wall clock
    /// over the attempts and the waits between them; a streaming call then stops the clock and charges only the time spent
    /// waiting for reads, so the time the caller spends on each item does not count.
    /// </summary>
    private sealed class CallScope : IDisposable
    {
        private CancellationTokenSource? _deadline;
        private long _clockStarted;
        private TimeSpan _spent;

        public CallScope(TimeSpan total, CancellationToken caller)
        {
            Total = total;
            Caller = caller;
            Token = caller;
        }

        /// <summary>The caller's token.</summary>
        public CancellationToken Caller { get; }

        /// <summary>The caller's token, also cancelled when the total time limit passes while the clock runs.</summary>
        public CancellationToken Token { get; private set; }

        /// <summary>The total time limit, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
        public TimeSpan Total { get; }

        /// <summary>Whether there is a total time limit.</summary>
        public bool HasDeadline => Total != System.Threading.Timeout.InfiniteTimeSpan;

        /// <summary>The texts to redact in this call's exceptions.</summary>
        public string[] Secrets { get; set; } = [];

        /// <summary>What is left of the total time limit (infinite without one; may be negative).</summary>
        public TimeSpan Remaining =>
            !HasDeadline ? System.Threading.Timeout.InfiniteTimeSpan
            : Total - _spent - (_deadline is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_clockStarted));

        /// <summary>Whether the total time limit has passed (and the caller did not cancel).</summary>
        public bool DeadlinePassed =>
            HasDeadline && !Caller.IsCancellationRequested && (_deadline?.IsCancellationRequested == true || Remaining <= TimeSpan.Zero);

        public void StartClock()
        {
            if (HasDeadline && _deadline is null)
            {
                _clockStarted = Stopwatch.GetTimestamp();
                _deadline = CancellationTokenSource.CreateLinkedTokenSource(Caller);
                _deadline.CancelAfter(Total);
                Token = _deadline.Token;
            }
        }

        /// <summary>Stops the wall clock, keeping the time spent so far; later time counts only through <see cref="Charge"/>.</summary>
        public void StopClock()
        {
            if (_deadline is not null)
            {
                _spent += Stopwatch.GetElapsedTime(_clockStarted);
                _deadline.Dispose();
                _deadline = null;
                Token = Caller;
            }
        }

        /// <summary>Counts time spent waiting for the server after the clock stopped.</summary>
        public void Charge(TimeSpan elapsed) => _spent += elapsed;

        public void Dispose() => _deadline?.Dispose();
    }

    private static bool IsTransportOrCancellation(Exception ex) =>
        ex is OperationCanceledException or HttpRequestException or IOException;

    private static bool IsSameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        a.Port == b.Port;

    /// <summary>
    /// Whether a successful response's media type may hold JSON: none given, anything with "json" in it, and the generic
    /// <c>text/plain</c> and <c>application/octet-stream</c> some servers label JSON with. HTML, XML and the like are not.
    /// </summary>
    internal static bool IsJsonLike(string? mediaType) =>
        string.IsNullOrWhiteSpace(mediaType) ||
        mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    private static HttpRequestException CreateTransportException(Exception ex, string operation, int attempt, string[] secrets)
    {
        HttpRequestError error = ex switch
        {
            HttpRequestException h => h.HttpRequestError,
            HttpIOException io => io.HttpRequestError,
            _ => HttpRequestError.Unknown,
        };
        string attempts = attempt == 0 ? "1 attempt" : string.Create(CultureInfo.InvariantCulture, $"{attempt + 1} attempts");
        string message = $"{operation} failed before a complete response arrived ({attempts}, no retry left): {ex.Message}";
        return new HttpRequestException(error, Redact(message, secrets), WithoutSecrets(ex, secrets));
    }

    private static ApiException CreateCrossOriginException(HttpResponseMessage response, Uri answeredUri, string operation, string[] secrets)
    {
        int status = (int)response.StatusCode;
        string origin = answeredUri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"{operation} was redirected by the HttpClient to another origin ({origin}), which answered {status}; the answer was not used. Redirects to other origins are never followed: set AllowAutoRedirect = false on the HttpClient's handler.");
        return new ApiException(Redact(message, secrets)!, status, CollectHeaders(response, secrets));
    }

    private async Task<ApiException> CreateContentTypeExceptionAsync(
        HttpResponseMessage response,
        string operation,
        string[] secrets,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        (string? body, bool truncated, bool cut) = await ReadErrorBodyAsync(response, attemptToken, callerToken).ConfigureAwait(false);
        body = Redact(body, secrets, cut);
        int status = (int)response.StatusCode;
        string contentType = Sanitize(Redact(response.Content.Headers.ContentType?.ToString() ?? string.Empty, secrets)!, MessageBodyLength);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with Content-Type '{contentType}', not JSON; the body was not decoded");
        AppendBodyStart(message, body, truncated);
        return new ApiException(Redact(message.ToString(), secrets)!, status, CollectHeaders(response, secrets), body, truncated);
    }

    /// <summary>Appends ": " and the start of the body (control characters as spaces), or "." when there is none.</summary>
    private static void AppendBodyStart(StringBuilder message, string? body, bool truncated)
    {
        if (string.IsNullOrEmpty(body))
        {
            message.Append('.');
            return;
        }

        message.Append(": ");
        int take = Math.Min(body.Length, MessageBodyLength);
        foreach (char c in CutAt(body, take))
        {
            message.Append(char.IsControl(c) ? ' ' : c);
        }

        if (take < body.Length || truncated)
        {
            message.Append('…');
        }
    }

    /// <summary>At most <paramref name="length"/> characters of <paramref name="text"/>, control characters as spaces.</summary>
    private static string Sanitize(string text, int length)
    {
        var builder = new StringBuilder(Math.Min(text.Length, length + 1));
        foreach (char c in CutAt(text, length))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        if (text.Length > length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private Uri BuildUri(string path, QueryBuilder? query)
    {
        string joined = path.StartsWith('/') ? _basePrefix + path : _basePrefix + "/" + path;
        if (query is not null && !query.IsEmpty)
        {
            joined += query.ToString();
        }

        return new Uri(joined, UriKind.Absolute);
    }

    private async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        string? raw;
        if (_tokenProvider is not null)
        {
            raw = await _tokenProvider(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(raw))
            {
                throw new ApiConfigurationException("ApiClientOptions.TokenProvider returned an empty token; the request was not sent.");
            }
        }
        else
        {
            raw = _apiKey;
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

    private HttpRequestMessage CreateRequest(ApiRequest apiRequest, Uri uri, string? token, KeyValuePair<string, string>[] headers)
    {
        var request = new HttpRequestMessage(apiRequest.Method, uri);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Headers.TryAddWithoutValidation("Accept", apiRequest.Accept ?? "application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
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

    /// <summary>
    /// The texts replaced with <c>[REDACTED]</c> in exceptions: the token, and the values (4 characters or more) of header
    /// parameters whose names look secret.
    /// </summary>
    private static string[] CollectSecrets(string? token, KeyValuePair<string, string>[] headers)
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

        // Longest first, so a secret containing another is replaced whole.
        secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return secrets.ToArray();
    }

    /// <summary>
    /// The largest buffer rented from <see cref="ArrayPool{T}.Shared"/>. Larger bodies go into plain arrays that the GC takes
    /// back after the call: the shared pool keeps what is returned to it, so renting them would leave a large body's
    /// buffers (and every doubling on the way) alive in the process after the call.
    /// </summary>
    internal const int LargestPooledBuffer = 1024 * 1024;

    /// <summary>The chunk a large body is read through (see <see cref="ReadWholeBodyAsync"/>).</summary>
    private const int StagingSize = 128 * 1024;

    /// <summary>
    /// The largest buffer kept alive between calls (<see cref="s_spareBuffer"/>): a body of a few MB to this size, decoded
    /// call after call, reuses one array instead of allocating a large one each time (which would cost a full garbage
    /// collection every few calls).
    /// </summary>
    private const int LargestKeptBuffer = 32 * 1024 * 1024;

    /// <summary>The last large buffer given back, up to <see cref="LargestKeptBuffer"/>; the one buffer the runtime keeps alive.</summary>
    private static byte[]? s_spareBuffer;

    /// <summary>
    /// The last buffer given back that was larger than <see cref="LargestKeptBuffer"/>, held only weakly: reused if another
    /// large call comes before the next full garbage collection, never kept alive by the runtime.
    /// </summary>
    private static WeakReference<byte[]>? s_weakSpareBuffer;

    /// <summary>A buffer of at least <paramref name="size"/> bytes: rented when small, a spare or a plain array when large.</summary>
    internal static byte[] AllocateBuffer(int size, out bool pooled)
    {
        pooled = size <= LargestPooledBuffer;
        if (pooled)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }

        if (size <= LargestKeptBuffer)
        {
            if (Interlocked.Exchange(ref s_spareBuffer, null) is { } spare)
            {
                if (spare.Length >= size)
                {
                    return spare;
                }

                Interlocked.CompareExchange(ref s_spareBuffer, spare, null); // too small for this one: leave it
            }
        }
        else if (Interlocked.Exchange(ref s_weakSpareBuffer, null) is { } weak && weak.TryGetTarget(out byte[]? array) && array.Length >= size)
        {
            return array;
        }

        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>
    /// Gives a buffer from <see cref="AllocateBuffer"/> back: to the pool when it was rented, else as a spare unless
    /// <paramref name="keep"/> is <see langword="false"/> (a buffer outgrown on the way to a larger one is just dropped).
    /// </summary>
    internal static void ReleaseBuffer(byte[]? buffer, bool pooled, bool keep = true)
    {
        if (buffer is null || (!pooled && !keep))
        {
            return;
        }

        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else if (buffer.Length <= LargestKeptBuffer)
        {
            // Keep the larger of this one and the current spare.
            byte[]? previous = Interlocked.Exchange(ref s_spareBuffer, buffer);
            if (previous is not null && previous.Length > buffer.Length)
            {
                Interlocked.CompareExchange(ref s_spareBuffer, previous, buffer);
            }
        }
        else
        {
            Volatile.Write(ref s_weakSpareBuffer, new WeakReference<byte[]>(buffer));
        }
    }

    /// <summary>
    /// A whole response body; <see cref="Array"/> is <see langword="null"/> when it was larger than the limit, or once
    /// released. A class, so that releasing it clears the one reference every holder shares (a completed task keeps its
    /// result, and an async method's finished state keeps its locals, for as long as something holds the task).
    /// </summary>
    private sealed class BodyBuffer
    {
        public static BodyBuffer TooLarge => new();

        public byte[]? Array;
        public int Length;
        public bool Pooled;

        public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

        // The async reader goes through these members and never holds the array itself: a reference (or a span) to it
        // in the reader's frame would keep it alive while that frame is on the stack, which it is while the caller's
        // continuation runs inline after the call.

        /// <summary>Whether the body was larger than the limit.</summary>
        public bool IsTooLarge => Array is null;

        /// <summary>Whether the buffer is full.</summary>
        public bool IsFull => Length == Array!.Length;

        /// <summary>The free part of a (small, pooled) buffer, to read into.</summary>
        public Memory<byte> Free => Array.AsMemory(Length);

        /// <summary>How much to read at most: the free space, but at most <paramref name="chunk"/>.</summary>
        public int FreeLength(int chunk) => Math.Min(chunk, Array!.Length - Length);

        /// <summary>Copies what was read into a staging chunk to the end of the body (not counted yet).</summary>
        public void Append(byte[] chunk, int count) => chunk.AsSpan(0, count).CopyTo(Array.AsSpan(Length));

        /// <summary>
        /// Doubles the buffer, but never past one byte over <paramref name="limit"/> (enough to know it was passed). Not part
        /// of the async reader, where a local holding the old or new array could outlive the call in its finished state.
        /// </summary>
        public void Grow(long limit)
        {
            int size = (int)Math.Min((long)Array!.Length * 2, limit + 1);
            byte[] larger = AllocateBuffer(size, out bool largerPooled);
            Array.AsSpan(0, Length).CopyTo(larger);
            ReleaseBuffer(Array, Pooled, keep: false);
            Array = larger;
            Pooled = largerPooled;
        }

        public void Release()
        {
            ReleaseBuffer(Array, Pooled);
            Array = null;
            Length = 0;
        }
    }

    /// <summary>
    /// Reads a whole body of at most <paramref name="limit"/> bytes. A declared Content-Length over the limit is refused
    /// before reading; otherwise reading stops as soon as the body passes the limit.
    /// </summary>
    private static async Task<BodyBuffer> ReadWholeBodyAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return BodyBuffer.TooLarge;
        }

        // One byte more than the body, so the read that finds the end needs no larger buffer.
        int initialSize = declared is long d && d >= 0 ? (int)Math.Max(d + 1, 256) : 16 * 1024;
        var body = new BodyBuffer { Array = AllocateBuffer(initialSize, out bool pooled), Pooled = pooled };
        byte[]? staging = null;
        try
        {
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (body.IsFull)
                {
                    body.Grow(limit);
                }

                int read;
                if (body.Pooled)
                {
                    read = await stream.ReadAsync(body.Free, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A large buffer is never handed to the transport: a socket keeps a reference to the last buffer it
                    // received into for as long as the pooled connection lives, which would keep the whole body alive.
                    staging ??= ArrayPool<byte>.Shared.Rent(StagingSize);
                    read = await stream.ReadAsync(staging.AsMemory(0, body.FreeLength(staging.Length)), cancellationToken).ConfigureAwait(false);
                    body.Append(staging, read);
                }

                if (read == 0)
                {
                    return body;
                }

                body.Length += read;
                if (body.Length > limit)
                {
                    body.Release();
                    return body;
                }
            }
        }
        catch
        {
            body.Release();
            throw;
        }
        finally
        {
            if (staging is not null)
            {
                ArrayPool<byte>.Shared.Return(staging);
            }
        }
    }

    /// <summary>Reads and drops a body the operation does not use, up to the body limit; past it the connection is dropped instead.</summary>
    private async Task DiscardBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > _maxResponseBodyLength)
                {
                    return; // disposing the unread response closes the connection
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ApiResponseTooLargeException CreateTooLargeException(HttpResponseMessage response, string operation, string[] secrets, string? itemPath)
    {
        int status = (int)response.StatusCode;
        long? declared = response.Content.Headers.ContentLength;
        long limit = itemPath is null ? _bufferedBodyLimit : _streamedItemLimit;
        string bound = limit == _maxResponseBodyLength
            ? string.Create(CultureInfo.InvariantCulture, $"ApiClientOptions.MaxResponseBodyLength ({limit} bytes)")
            : string.Create(CultureInfo.InvariantCulture, $"the largest array ({limit} bytes; ApiClientOptions.MaxResponseBodyLength is larger)");
        string message = itemPath is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with an array item ({itemPath}) larger than {bound}, which bounds each item of a streamed array; reading stopped there.")
            : declared > limit
                ? string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with Content-Length {declared}, more than {bound}; the body was not read.")
                : string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with a body larger than {bound}; reading stopped there.");
        return new ApiResponseTooLargeException(Redact(message, secrets)!, status, limit, declared, CollectHeaders(response, secrets));
    }

    private T Decode<T>(ResponseDecoder<T> decode, BodyBuffer body, HttpResponseMessage response, string operation, string[] secrets)
    {
        try
        {
            // Utf8JsonReader does not check the UTF-8 inside strings: check the whole body first (vectorized, a small fraction
            // of the decoding), so no decoder ever sees a string that cannot be read, and none returns a value made from one.
            ReadOnlySpan<byte> json = body.Span;
            int invalid = Utf8Text.IndexOfInvalid(json);
            if (invalid >= 0)
            {
                throw Utf8Text.InvalidException(json, invalid, "response body", pathInMessage: true);
            }

            using var source = JsonRawValue.Decoding(body.Array!, 0, body.Length);
            return decode(json);
        }
        catch (Exception caught) when (caught is JsonException or FormatException || Utf8Text.IsReaderFailure(caught))
        {
            // A decoder that is not the generated one may let the reader's InvalidOperationException through.
            Exception ex = caught is InvalidOperationException readerFailure ? Utf8Text.ReaderFailure(readerFailure, null, "value") : caught;
            int status = (int)response.StatusCode;
            var message = new StringBuilder();
            message.Append(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} but the response body could not be decoded");
            string? mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                message.Append(" (Content-Type '").Append(Sanitize(Redact(mediaType, secrets)!, MessageBodyLength)).Append("')");
            }

            message.Append(": ");
            message.Append(ex.Message);
            if (ex is JsonException json)
            {
                if (json.Path is not null && !ex.Message.Contains(json.Path, StringComparison.Ordinal))
                {
                    message.Append(" JSON path: ").Append(json.Path).Append('.');
                }

                if (json.BytePositionInLine is long position && !ex.Message.Contains("BytePositionInLine", StringComparison.Ordinal))
                {
                    message.Append(CultureInfo.InvariantCulture, $" Line {json.LineNumber ?? 0}, byte position in line {position}.");
                }
            }

            // The body as text for the exception: invalid UTF-8 becomes U+FFFD here (it is shown, not decoded).
            int byteCount = (int)Math.Min(body.Length, (long)_maxErrorBodyLength * 4);
            string text = Encoding.UTF8.GetString(body.Array!, 0, byteCount);
            bool truncated = byteCount < body.Length;
            if (text.Length > _maxErrorBodyLength)
            {
                text = CutAt(text, _maxErrorBodyLength);
                truncated = true;
            }

            throw new ApiException(
                Redact(message.ToString(), secrets)!,
                status,
                CollectHeaders(response, secrets),
                Redact(text, secrets, truncated),
                truncated,
                WithoutSecrets(ex, secrets));
        }
    }

    /// <summary>
    /// The exception, or a copy with the secrets replaced when its text (or that of an inner exception) holds one in any
    /// encoding (a decoder may quote a value of the body, a transport error a header line, and a server may echo the
    /// token): the copy keeps the type where it can, the message, a JSON exception's path and position, not the chain.
    /// </summary>
    private static Exception WithoutSecrets(Exception ex, string[] secrets)
    {
        if (secrets.Length == 0 || !Redaction.ContainsAny(ex.ToString(), secrets))
        {
            return ex;
        }

        string message = Redact(ex.Message, secrets)!;
        return ex switch
        {
            JsonException json => new JsonException(message, Redact(json.Path, secrets), json.LineNumber, json.BytePositionInLine),
            FormatException => new FormatException(message),
            HttpRequestException http => new HttpRequestException(http.HttpRequestError, message, null, http.StatusCode),
            HttpIOException io => new HttpIOException(io.HttpRequestError, message),
            IOException => new IOException(message),
            OperationCanceledException => new OperationCanceledException(message),
            _ => new InvalidOperationException(message),
        };
    }

    private async Task<ApiException> CreateStatusExceptionAsync(
        HttpResponseMessage response,
        string operation,
        string[] secrets,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        (string? body, bool truncated, bool cut) = await ReadErrorBodyAsync(response, attemptToken, callerToken).ConfigureAwait(false);
        body = Redact(body, secrets, cut);
        int status = (int)response.StatusCode;
        var message = new StringBuilder();
        message.Append(operation).Append(" failed with ").Append(status.ToString(CultureInfo.InvariantCulture));
        string? reason = response.ReasonPhrase;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            message.Append(' ').Append(reason.Trim());
        }

        if (status is >= 300 and < 400)
        {
            // Redirects are never followed: the bearer token must only go to the configured address.
            Uri? location = response.Headers.Location;
            message.Append(" (redirects are not followed");
            if (location is not null)
            {
                message.Append("; Location: ").Append(Sanitize(Redact(location.OriginalString, secrets)!, MessageBodyLength));
            }

            message.Append(')');
        }

        AppendBodyStart(message, body, truncated);

        return new ApiException(Redact(message.ToString(), secrets)!, status, CollectHeaders(response, secrets), body, truncated);
    }

    /// <summary>
    /// The start of an error body as text (invalid bytes become U+FFFD; a text never fails to read): whether it is only the
    /// start (<c>Truncated</c>), and whether it may end inside something the server sent (<c>Cut</c>: truncated, or the read
    /// was interrupted), where a secret may have been cut too.
    /// </summary>
    private async Task<(string? Body, bool Truncated, bool Cut)> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken attemptToken, CancellationToken callerToken)
    {
        int limit = _maxErrorBodyLength;
        var text = new StringBuilder();
        bool truncated = false;
        bool interrupted = false;
        char[] chunk = ArrayPool<char>.Shared.Rent(Math.Min(limit + 1, 4096));
        try
        {
            using Stream stream = await response.Content.ReadAsStreamAsync(attemptToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream, GetEncoding(response.Content.Headers.ContentType?.CharSet), detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: false);
            while (true)
            {
                int wanted = Math.Min(chunk.Length, limit + 1 - text.Length);
                int read = await reader.ReadAsync(chunk.AsMemory(0, wanted), attemptToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                text.Append(chunk, 0, read);
                if (text.Length > limit)
                {
                    truncated = true;
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            // The attempt timed out while reading the error body: keep what arrived.
            interrupted = true;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !callerToken.IsCancellationRequested)
        {
            // The connection broke (or the attempt timed out) while reading the error body: keep what arrived.
            interrupted = true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chunk);
        }

        if (text.Length == 0)
        {
            return (null, truncated, truncated || interrupted);
        }

        string body = text.Length > limit ? CutAt(text.ToString(0, limit + 1), limit) : text.ToString();
        return (body, truncated, truncated || interrupted);
    }

    private static Encoding GetEncoding(string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            try
            {
                return Encoding.GetEncoding(charset.Trim().Trim('"'));
            }
            catch (ArgumentException)
            {
                // Unknown charset: fall back to UTF-8.
            }
        }

        return Encoding.UTF8;
    }

    /// <summary>The first <paramref name="length"/> characters, without a dangling high surrogate at the end.</summary>
    private static string CutAt(string text, int length)
    {
        if (length >= text.Length)
        {
            return text;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text.Substring(0, length);
    }

    private static bool IsSensitiveHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Set-Cookie2", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, IReadOnlyList<string>> CollectHeaders(HttpResponseMessage response, string[] secrets)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        AddHeaders(headers, response.Headers.NonValidated, secrets);
        AddHeaders(headers, response.Content.Headers.NonValidated, secrets);
        return headers;
    }

    private static void AddHeaders(Dictionary<string, IReadOnlyList<string>> target, HttpHeadersNonValidated source, string[] secrets)
    {
        foreach (KeyValuePair<string, HeaderStringValues> header in source)
        {
            if (IsSensitiveHeader(header.Key))
            {
                continue;
            }

            // A server may echo a secret anywhere, the name of a header included.
            string name = Redact(header.Key, secrets)!;
            var values = new List<string>(header.Value.Count);
            if (target.TryGetValue(name, out IReadOnlyList<string>? existing))
            {
                values.AddRange(existing);
            }

            foreach (string value in header.Value)
            {
                values.Add(Redact(value, secrets)!);
            }

            target[name] = values;
        }
    }

    /// <summary>The text with every secret, as it is or in any encoding a server may echo it in, replaced with <c>[REDACTED]</c>.</summary>
    /// <param name="text">The text, or <see langword="null"/>.</param>
    /// <param name="secrets">The secrets, longest first.</param>
    /// <param name="cut">Whether the text may end inside a secret (it was cut), so a secret's start at the end is redacted too.</param>
    private static string? Redact(string? text, string[] secrets, bool cut = false) =>
        secrets.Length == 0 ? text : Redaction.Redact(text, secrets, cut);

    private TimeSpan EffectiveTimeout()
    {
        TimeSpan clientTimeout = _http.Timeout;
        if (_timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return clientTimeout;
        }

        return clientTimeout == System.Threading.Timeout.InfiniteTimeSpan || _timeout <= clientTimeout ? _timeout : clientTimeout;
    }

    private static string DescribeTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1
            ? timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : timeout.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
