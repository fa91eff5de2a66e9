using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Sends the requests of a generated client through its pipeline of policies (see <see cref="ApiPipelinePolicy"/>): the
/// call's total time limit, your per-call policies, the retry policy, a span per attempt, your per-try policies, the bearer
/// token, the attempt's time limit, the response body, failed statuses, redirects, and the <see cref="HttpClient"/>. It then
/// hands a successful body, checked to be valid UTF-8, to a <see cref="ResponseDecoder{T}"/>, and reports each call as a span
/// and metrics (see <see cref="ApiDiagnostics"/>). Failures are <see cref="ApiException"/>, <see cref="ApiTimeoutException"/>,
/// <see cref="ApiConfigurationException"/> or, for a broken connection once no retry is left, an
/// <see cref="HttpRequestException"/> naming the operation; secrets a server echoes back, in any of the usual encodings, are
/// redacted from every one. Thread-safe; create one per client and reuse it.
/// </summary>
/// <remarks>This type supports the code CallsGen generates and is not meant to be called directly.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class ApiConnection : IDisposable
{
    private readonly ConnectionSettings _settings;
    private readonly ApiPipeline _pipeline;
    private readonly ApiInstruments _instruments;
    private readonly ApiClientEvents? _events;
    private readonly bool _ownsHttpClient;
    private readonly int _maxRetries;
    private readonly string _authentication;
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
        Validate(options, baseAddress);

        HttpClient http;
        if (httpClient is null)
        {
            var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.All,
            };
            http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttpClient = true;
        }
        else
        {
            http = httpClient;
        }

        ApiRetryPolicy retry = options.RetryMode == ApiRetryMode.HttpClient
            ? new ApiRetryPolicy(0, TimeSpan.Zero, TimeSpan.Zero)
            : options.RetryPolicy ?? new ApiRetryPolicy(options.MaxRetries, options.RetryBaseDelay, options.MaxRetryDelay)
            {
                JitterOverride = options.JitterOverride,
                DelayOverride = options.RetryDelayOverride,
            };
        _maxRetries = retry.MaxRetries;
        _settings = new ConnectionSettings(options, baseAddress, http, retry.MaxRetries, retry.MaxDelay);
        _pipeline = ApiPipeline.Create(_settings, [.. options.PerCallPolicies], retry, [.. options.PerTryPolicies]);
        _instruments = options.MeterFactory is { } meters ? ApiDiagnostics.FromFactory(meters) : ApiDiagnostics.SharedInstruments;
        _events = options.Events;
        _authentication = options.TokenProvider is not null ? "token provider" : string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : "API key";
    }

    /// <summary>The policies of the request path, in the order they run.</summary>
    internal IReadOnlyList<ApiPipelinePolicy> Policies => _pipeline.Policies;

    /// <summary>Describes the connection (address, authentication kind, timeouts, retries); never the key or token.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _settings.Describe(_maxRetries, _authentication);

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
            _settings.Http.Dispose();
        }
    }

    private async Task<T> SendCoreAsync<T>(ApiRequest request, KeyValuePair<string, string>[] headers, ResponseDecoder<T>? decode, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Uri uri = _settings.BuildUri(request.Path, request.Query);
        using var telemetry = new OperationTelemetry(request, _settings, _instruments, _events);
        using var call = new CallScope(_settings.TotalTimeout, cancellationToken);
        using var message = new ApiMessage(request, uri, headers, _settings, call, telemetry, decode is null ? ResponseMode.Discard : ResponseMode.Buffer);
        try
        {
            await _pipeline.SendAsync(message).ConfigureAwait(false);
            HttpResponseMessage response = message.HttpResponse!;
            telemetry.StatusCode = (int)response.StatusCode;
            return decode is null
                ? default!
                : ResponseErrors.Decode(decode, message.Body!, response, request.Operation, call.Secrets, _settings.MaxErrorBodyLength);
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    private static void Validate(ApiClientOptions options, Uri baseAddress)
    {
        if (!baseAddress.IsAbsoluteUri ||
            (baseAddress.Scheme != Uri.UriSchemeHttps && baseAddress.Scheme != Uri.UriSchemeHttp))
        {
            throw new ApiConfigurationException("ApiClientOptions.BaseAddress must be an absolute http or https URI.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
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

        if (options.TotalTimeout is TimeSpan total && total <= TimeSpan.Zero && total != Timeout.InfiniteTimeSpan)
        {
            throw new ApiConfigurationException("ApiClientOptions.TotalTimeout must be positive, Timeout.InfiniteTimeSpan, or null (derived from Timeout).");
        }

        if (options.MaxResponseBodyLength <= 0)
        {
            throw new ApiConfigurationException("ApiClientOptions.MaxResponseBodyLength must be positive.");
        }

        if (options.RetryMode is not (ApiRetryMode.Automatic or ApiRetryMode.BuiltIn or ApiRetryMode.HttpClient))
        {
            throw new ApiConfigurationException("ApiClientOptions.RetryMode is not one of Automatic, BuiltIn and HttpClient.");
        }

        foreach (ApiPipelinePolicy? policy in options.PerCallPolicies)
        {
            if (policy is null)
            {
                throw new ApiConfigurationException("ApiClientOptions.PerCallPolicies holds a null policy.");
            }
        }

        foreach (ApiPipelinePolicy? policy in options.PerTryPolicies)
        {
            if (policy is null)
            {
                throw new ApiConfigurationException("ApiClientOptions.PerTryPolicies holds a null policy.");
            }
        }
    }
}
