using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>Decodes a whole successful body knowing which status it came with (an operation with several success responses).</summary>
/// <typeparam name="T">The decoded type.</typeparam>
/// <param name="statusCode">The response's status code.</param>
/// <param name="body">The body; only valid during the call.</param>
/// <returns>The decoded value.</returns>
public delegate T StatusResponseDecoder<T>(int statusCode, ReadOnlySpan<byte> body);

// Responses that are not one JSON document: a stream, text, or a body whose type depends on the status. Each is sent like
// any request (retried until the response headers arrive); the body is then read here.
public sealed partial class ApiConnection
{
    /// <summary>
    /// Sends a request and returns the successful response's body as a stream, read as it arrives and never buffered whole.
    /// The caller disposes the stream, which releases the response.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request (the stream's reads take their own token).</param>
    /// <returns>The body, with its media type, length and headers.</returns>
    /// <exception cref="ApiException">The final response was not a success.</exception>
    /// <exception cref="ApiTimeoutException">Waiting for the headers took longer than the timeout, or the call passed its total time limit.</exception>
    public async Task<ResponseStream> SendForStreamAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        KeyValuePair<string, string>[] headers = request.ValidateHeaders();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var telemetry = new OperationTelemetry(request, _settings, _instruments, _events);
        using var call = new CallScope(_settings.TotalTimeout, cancellationToken);
        HttpResponseMessage response = await SendKeptAsync(request, headers, call, telemetry, ResponseMode.KeepAny).ConfigureAwait(false);
        telemetry.StatusCode = (int)response.StatusCode;
        try
        {
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new ResponseStream(response, body, _settings.Timeout, request.Operation, ResponseErrors.CollectHeaders(response, call.Secrets));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a request and returns the successful response's body as text, decoded with the charset of its
    /// <c>Content-Type</c> (UTF-8 when there is none), at most <see cref="ApiClientOptions.MaxResponseBodyLength"/> bytes.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ApiException">The final response was not a success; an <see cref="ApiResponseTooLargeException"/> when the body is too large.</exception>
    /// <exception cref="ApiTimeoutException">A wait took longer than the timeout, or the call passed its total time limit.</exception>
    public Task<string> SendForTextAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAndReadAsync(request, static (response, body, _) => ResponseErrors.GetEncoding(response.Content.Headers.ContentType?.CharSet).GetString(body.Span), cancellationToken);
    }

    /// <summary>
    /// Sends a request whose success responses differ by status and decodes the body with <paramref name="decode"/>, which
    /// is told the status. A body of a media type that cannot hold JSON is refused, as for
    /// <see cref="SendAsync{T}(ApiRequest, ResponseDecoder{T}, CancellationToken)"/>.
    /// </summary>
    /// <typeparam name="T">The decoded type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="decode">Decodes the whole successful body (empty when the response has none).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The decoded body.</returns>
    /// <exception cref="ApiException">The final response was not a success, or its body could not be decoded.</exception>
    /// <exception cref="ApiTimeoutException">A wait took longer than the timeout, or the call passed its total time limit.</exception>
    public Task<T> SendAsync<T>(ApiRequest request, StatusResponseDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decode);
        return SendAndReadAsync(request, (response, body, secrets) => ResponseErrors.Decode(span => decode((int)response.StatusCode, span), body, response, request.Operation, secrets, _settings.MaxErrorBodyLength), cancellationToken);
    }

    /// <summary>
    /// Sends a request and returns the successful response's status and headers with its body decoded by
    /// <paramref name="decode"/> (which is told the status).
    /// </summary>
    /// <typeparam name="T">The decoded type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="decode">Decodes the whole successful body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status, the headers and the decoded body.</returns>
    /// <exception cref="ApiException">The final response was not a success, or its body could not be decoded.</exception>
    /// <exception cref="ApiTimeoutException">A wait took longer than the timeout, or the call passed its total time limit.</exception>
    public Task<ApiResponse<T>> SendForResponseAsync<T>(ApiRequest request, StatusResponseDecoder<T> decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(decode);
        return SendAndReadAsync(
            request,
            (response, body, secrets) => new ApiResponse<T>(
                (int)response.StatusCode,
                ResponseErrors.CollectHeaders(response, secrets),
                ResponseErrors.Decode(span => decode((int)response.StatusCode, span), body, response, request.Operation, secrets, _settings.MaxErrorBodyLength)),
            cancellationToken);
    }

    /// <summary>Sends a request whose success has no body the client reads and returns the response's status and headers.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status and the headers.</returns>
    /// <exception cref="ApiException">The final response was not a success.</exception>
    /// <exception cref="ApiTimeoutException">A wait took longer than the timeout, or the call passed its total time limit.</exception>
    public Task<ApiResponse> SendForResponseAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAndReadAsync(request, static (response, _, secrets) => new ApiResponse((int)response.StatusCode, ResponseErrors.CollectHeaders(response, secrets)), cancellationToken);
    }

    /// <summary>An <see cref="ApiException{TError}"/> (or other) for a failed response when the request says how to make one.</summary>
    internal static ApiException DecodeError(ApiRequest request, ApiException error) =>
        request.ErrorDecoder is { } decoder ? decoder(error) ?? error : error;

    private async Task<T> SendAndReadAsync<T>(ApiRequest request, Func<HttpResponseMessage, ResponseBodies.BodyBuffer, string[], T> read, CancellationToken cancellationToken)
    {
        KeyValuePair<string, string>[] headers = request.ValidateHeaders();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var telemetry = new OperationTelemetry(request, _settings, _instruments, _events);
        using var call = new CallScope(_settings.TotalTimeout, cancellationToken);
        using HttpResponseMessage response = await SendKeptAsync(request, headers, call, telemetry, ResponseMode.KeepAny).ConfigureAwait(false);
        telemetry.StatusCode = (int)response.StatusCode;
        try
        {
            return await ReadKeptAsync(request, response, read, call, telemetry).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    /// <summary>Reads a kept response's whole body within the attempt's time limit and hands it to <paramref name="read"/>.</summary>
    private async Task<T> ReadKeptAsync<T>(ApiRequest request, HttpResponseMessage response, Func<HttpResponseMessage, ResponseBodies.BodyBuffer, string[], T> read, CallScope call, OperationTelemetry telemetry)
    {
        TimeSpan timeout = _settings.Timeout;
        using var attemptTimer = new CancellationTokenSource();
        using var readCts = CancellationTokenSource.CreateLinkedTokenSource(call.Token, attemptTimer.Token);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            attemptTimer.CancelAfter(timeout);
        }

        ResponseBodies.BodyBuffer body;
        try
        {
            body = await ResponseBodies.ReadWholeBodyAsync(response.Content, _settings.BufferedBodyLimit, readCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (call.Caller.IsCancellationRequested && CallTimeoutPolicy.IsTransportOrCancellation(ex))
        {
            throw new OperationCanceledException("The request was canceled.", ex, call.Caller);
        }
        catch (Exception ex) when (readCts.IsCancellationRequested && CallTimeoutPolicy.IsTransportOrCancellation(ex))
        {
            if (call.DeadlinePassed && !attemptTimer.IsCancellationRequested)
            {
                throw CallTimeoutPolicy.CreateTotalTimeoutException(_settings, call, request.Operation + " passed its total time limit of " + ResponseErrors.DescribeTimeout(call.Total) + " reading the body", ex);
            }

            throw new ApiTimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{request.Operation} timed out after {ResponseErrors.DescribeTimeout(timeout)} reading the body (ApiClientOptions.Timeout)."),
                timeout,
                isTotalTimeout: false,
                ex);
        }

        try
        {
            if (body.IsTooLarge)
            {
                throw ResponseErrors.CreateTooLargeException(response, request.Operation, call.Secrets, _settings.BufferedBodyLimit, _settings.MaxResponseBodyLength, itemPath: null);
            }

            telemetry.ResponseBodySize = body.Length;
            return read(response, body, call.Secrets);
        }
        finally
        {
            body.Release();
        }
    }
}
