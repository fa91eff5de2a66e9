using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Makes the exceptions a call ends with: a failed status, a body that is not JSON or too large or does not decode, a
/// broken connection, a redirect to another origin. Each names the operation, keeps the start of a body, and never holds a
/// secret (the token, or a secret header parameter's value) in any encoding the runtime recognises.
/// </summary>
internal static class ResponseErrors
{
    /// <summary>The most characters of a body (or a header value) quoted in a message.</summary>
    internal const int MessageBodyLength = 200;

    /// <summary>
    /// Whether a successful response's media type may hold JSON: none given, anything with "json" in it, and the generic
    /// <c>text/plain</c> and <c>application/octet-stream</c> some servers label JSON with. HTML, XML and the like are not.
    /// </summary>
    internal static bool IsJsonLike(string? mediaType) =>
        string.IsNullOrWhiteSpace(mediaType) ||
        mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);

    internal static HttpRequestException CreateTransportException(Exception ex, string operation, int attempt, string[] secrets)
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

    internal static ApiException CreateCrossOriginException(HttpResponseMessage response, Uri answeredUri, string operation, string[] secrets)
    {
        int status = (int)response.StatusCode;
        string origin = answeredUri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        string message = string.Create(
            CultureInfo.InvariantCulture,
            $"{operation} was redirected by the HttpClient to another origin ({origin}), which answered {status}; the answer was not used. Redirects to other origins are never followed: set AllowAutoRedirect = false on the HttpClient's handler.");
        return new ApiException(Redact(message, secrets)!, status, CollectHeaders(response, secrets)) { ErrorType = ErrorTypes.CrossOriginRedirect };
    }

    internal static async Task<ApiException> CreateContentTypeExceptionAsync(
        HttpResponseMessage response,
        string operation,
        string[] secrets,
        int maxErrorBodyLength,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        (string? body, bool truncated, bool cut) = await ReadErrorBodyAsync(response, maxErrorBodyLength, attemptToken, callerToken).ConfigureAwait(false);
        body = Redact(body, secrets, cut);
        int status = (int)response.StatusCode;
        string contentType = Sanitize(Redact(response.Content.Headers.ContentType?.ToString() ?? string.Empty, secrets)!, MessageBodyLength);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with Content-Type '{contentType}', not JSON; the body was not decoded");
        AppendBodyStart(message, body, truncated);
        return new ApiException(Redact(message.ToString(), secrets)!, status, CollectHeaders(response, secrets), body, truncated) { ErrorType = ErrorTypes.InvalidResponse };
    }

    /// <summary>Appends ": " and the start of the body (control characters as spaces), or "." when there is none.</summary>
    internal static void AppendBodyStart(StringBuilder message, string? body, bool truncated)
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
    internal static string Sanitize(string text, int length)
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

    internal static ApiResponseTooLargeException CreateTooLargeException(HttpResponseMessage response, string operation, string[] secrets, long limit, long configuredLimit, string? itemPath)
    {
        int status = (int)response.StatusCode;
        long? declared = response.Content.Headers.ContentLength;
        string bound = limit == configuredLimit
            ? string.Create(CultureInfo.InvariantCulture, $"ApiClientOptions.MaxResponseBodyLength ({limit} bytes)")
            : string.Create(CultureInfo.InvariantCulture, $"the largest array ({limit} bytes; ApiClientOptions.MaxResponseBodyLength is larger)");
        string message = itemPath is not null
            ? string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with an array item ({itemPath}) larger than {bound}, which bounds each item of a streamed array; reading stopped there.")
            : declared > limit
                ? string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with Content-Length {declared}, more than {bound}; the body was not read.")
                : string.Create(CultureInfo.InvariantCulture, $"{operation} returned {status} {response.ReasonPhrase} with a body larger than {bound}; reading stopped there.");
        return new ApiResponseTooLargeException(Redact(message, secrets)!, status, limit, declared, CollectHeaders(response, secrets));
    }

    internal static T Decode<T>(ResponseDecoder<T> decode, ResponseBodies.BodyBuffer body, HttpResponseMessage response, string operation, string[] secrets, int maxErrorBodyLength)
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
            int byteCount = (int)Math.Min(body.Length, (long)maxErrorBodyLength * 4);
            string text = Encoding.UTF8.GetString(body.Array!, 0, byteCount);
            bool truncated = byteCount < body.Length;
            if (text.Length > maxErrorBodyLength)
            {
                text = CutAt(text, maxErrorBodyLength);
                truncated = true;
            }

            throw new ApiException(
                Redact(message.ToString(), secrets)!,
                status,
                CollectHeaders(response, secrets),
                Redact(text, secrets, truncated),
                truncated,
                WithoutSecrets(ex, secrets))
            {
                ErrorType = ErrorTypes.InvalidResponse,
            };
        }
    }

    /// <summary>
    /// The exception, or a copy with the secrets replaced when its text (or that of an inner exception) holds one in any
    /// encoding (a decoder may quote a value of the body, a transport error a header line, and a server may echo the
    /// token): the copy keeps the type where it can, the message, a JSON exception's path and position, not the chain.
    /// </summary>
    internal static Exception WithoutSecrets(Exception ex, string[] secrets)
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

    internal static async Task<ApiException> CreateStatusExceptionAsync(
        HttpResponseMessage response,
        string operation,
        string[] secrets,
        int maxErrorBodyLength,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        (string? body, bool truncated, bool cut) = await ReadErrorBodyAsync(response, maxErrorBodyLength, attemptToken, callerToken).ConfigureAwait(false);
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
    internal static async Task<(string? Body, bool Truncated, bool Cut)> ReadErrorBodyAsync(HttpResponseMessage response, int maxErrorBodyLength, CancellationToken attemptToken, CancellationToken callerToken)
    {
        int limit = maxErrorBodyLength;
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

    internal static Encoding GetEncoding(string? charset)
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
    internal static string CutAt(string text, int length)
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

    internal static bool IsSensitiveHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Set-Cookie2", StringComparison.OrdinalIgnoreCase);

    internal static Dictionary<string, IReadOnlyList<string>> CollectHeaders(HttpResponseMessage response, string[] secrets)
    {
        var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        AddHeaders(headers, response.Headers.NonValidated, secrets);
        AddHeaders(headers, response.Content.Headers.NonValidated, secrets);
        return headers;
    }

    internal static void AddHeaders(Dictionary<string, IReadOnlyList<string>> target, HttpHeadersNonValidated source, string[] secrets)
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
    internal static string? Redact(string? text, string[] secrets, bool cut = false) =>
        secrets.Length == 0 ? text : Redaction.Redact(text, secrets, cut);

    internal static string DescribeTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1
            ? timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : timeout.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
