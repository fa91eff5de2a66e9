using System;
using System.Collections.Generic;

namespace CallsGen.Runtime;

/// <summary>
/// The server answered with a status code that is not a success (after any retries; a 3xx redirect is never followed and
/// its message names the Location), a successful response was not JSON (for example an HTML page) or could not be decoded,
/// or a caller-provided HttpClient followed a redirect to another origin (that answer is not used). The message names the method, the path (without the query), the status and the
/// start of the body (or, for a body that could not be decoded, the JSON path); it never contains the bearer token, in any
/// encoding the runtime recognises. <see cref="ApiResponseTooLargeException"/> is the one for a body over the size limit.
/// </summary>
public class ApiException : Exception
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> s_noHeaders =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an exception for a failed response.</summary>
    /// <param name="message">The message (must not contain secrets).</param>
    /// <param name="statusCode">The HTTP status code of the response.</param>
    /// <param name="headers">The response and content headers, without credentials; <see langword="null"/> for none.</param>
    /// <param name="responseBody">The (possibly truncated) response body.</param>
    /// <param name="responseBodyTruncated">Whether <paramref name="responseBody"/> is only the start of the body.</param>
    /// <param name="innerException">The cause, for example a <see cref="System.Text.Json.JsonException"/>.</param>
    public ApiException(
        string message,
        int statusCode,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null,
        string? responseBody = null,
        bool responseBodyTruncated = false,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Headers = headers ?? s_noHeaders;
        ResponseBody = responseBody;
        ResponseBodyTruncated = responseBodyTruncated;
    }

    /// <summary>The HTTP status code of the response.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// The response and content headers (names compared case-insensitively). Authorization, Proxy-Authorization,
    /// Cookie and Set-Cookie headers are never included.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>
    /// The response body as text, at most <see cref="ApiClientOptions.MaxErrorBodyLength"/> characters (bytes not valid in
    /// its charset become U+FFFD); any occurrence of the bearer token or a secret header parameter in it, as it is or
    /// JSON-, percent- or HTML-encoded, is replaced with <c>[REDACTED]</c>.
    /// </summary>
    public string? ResponseBody { get; }

    /// <summary>Whether the body was longer than what <see cref="ResponseBody"/> holds.</summary>
    public bool ResponseBodyTruncated { get; }

    /// <summary>The <c>error.type</c> telemetry reports when it is not the status code (for example <c>invalid_response</c>).</summary>
    internal string? ErrorType { get; init; }
}
