using System;
using System.Collections.Generic;
using System.Net.Http;

namespace CallsGen.Runtime;

/// <summary>
/// One request of a generated client, sent with <see cref="ApiConnection.SendAsync{T}(ApiRequest, ResponseDecoder{T}, System.Threading.CancellationToken)"/>
/// or <see cref="ApiConnection.SendAsync(ApiRequest, System.Threading.CancellationToken)"/>.
/// </summary>
public sealed class ApiRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The operation path, starting with '/', path parameters already escaped (for example <c>/call/abc</c>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="path"/> does not start with '/', or has a segment that is <c>.</c> or <c>..</c> (percent-encoded or
    /// not, alone or before a <c>;</c>), which would send the request to another path.
    /// </exception>
    public ApiRequest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The path must start with '/'.", nameof(path));
        }

        if (HasDotSegment(path))
        {
            // The URI would drop the segment (and the one before it for ".."), sending the request to another path.
            throw new ArgumentException(
                "The path has a '.' or '..' segment, which would change the path the request goes to; a path parameter cannot be '.' or '..'.", nameof(path));
        }

        Method = method;
        Path = path;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The operation path, starting with '/', path parameters already escaped.</summary>
    public string Path { get; }

    /// <summary>
    /// The operation's name, for example <c>ListCalls</c>: with <see cref="PathTemplate"/> it names the operation's span and
    /// log events (<c>ListCalls (GET /call)</c>). <see langword="null"/> names them by method and template alone.
    /// </summary>
    public string? OperationName { get; init; }

    /// <summary>
    /// The path as the document writes it, parameters unfilled (for example <c>/call/{id}</c>): the <c>url.template</c> of
    /// spans and metrics, so they group by operation, not by id. <see langword="null"/> uses <see cref="Path"/>.
    /// </summary>
    public string? PathTemplate { get; init; }

    /// <summary>The query parameters, or <see langword="null"/> for none.</summary>
    public QueryBuilder? Query { get; init; }

    /// <summary>
    /// The UTF-8 JSON request body, sent with <c>Content-Type: application/json</c>; <see langword="null"/> sends no body.
    /// It must stay unchanged until the send completes (retries send it again).
    /// </summary>
    public ReadOnlyMemory<byte>? JsonBody { get; init; }

    /// <summary>
    /// Any other request body (form fields, multipart parts, a stream, text, JSON under another media type), used when
    /// <see cref="JsonBody"/> is <see langword="null"/>; a new content is made from it for every attempt.
    /// </summary>
    public RequestBody? Body { get; init; }

    /// <summary>The <c>Accept</c> header; <see langword="null"/> sends <c>application/json</c>.</summary>
    public string? Accept { get; init; }

    /// <summary>
    /// Makes the exception for a failed response more specific (for example an <see cref="ApiException{TError}"/> with the
    /// error body the document declares); <see langword="null"/> throws the plain <see cref="ApiException"/>.
    /// </summary>
    public ApiErrorDecoder? ErrorDecoder { get; init; }

    /// <summary>
    /// The header parameters of the operation, or <see langword="null"/> for none; a repeated name sends several values.
    /// Names must be HTTP tokens and must not be <c>Authorization</c>, <c>Host</c>, <c>Content-Length</c>,
    /// <c>Content-Type</c> or <c>Transfer-Encoding</c>; values must be ASCII without CR, LF or other control characters
    /// (horizontal tab excepted). A name that is also a default header of the connection (<c>Accept</c>, <c>User-Agent</c>)
    /// replaces the default. Checked when the request is sent, before anything goes on the wire.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Headers { get; init; }

    /// <summary>
    /// Whether the operation needs the bearer token (default <see langword="true"/>). <see langword="false"/> (the operation
    /// declares no security) sends no <c>Authorization</c> header, even when a key or token provider is configured, and
    /// needs no key at all.
    /// </summary>
    public bool RequiresAuthentication { get; init; } = true;

    /// <summary>
    /// The operation's security requirement when its document has schemes other than a single bearer token; then it decides
    /// which credentials of <see cref="ApiClientOptions.Credentials"/> are sent (and <see cref="ApiClientOptions.ApiKey"/> is
    /// not), and <see cref="RequiresAuthentication"/> is not read. <see langword="null"/> (the default) keeps the bearer token.
    /// </summary>
    public ApiSecurity? Security { get; init; }

    /// <summary>
    /// Describes the request for logs and debuggers: the method and path, and whether it has a query, header parameters or a
    /// body; never their values (a header parameter may carry a secret).
    /// </summary>
    /// <returns>The description, for example <c>GET /call (query, 1 header parameter)</c>.</returns>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Query is not null && !Query.IsEmpty)
        {
            parts.Add("query");
        }

        if (Headers is { Count: > 0 } headers)
        {
            parts.Add(headers.Count == 1 ? "1 header parameter" : headers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " header parameters");
        }

        if (JsonBody is not null)
        {
            parts.Add("JSON body");
        }
        else if (Body is not null)
        {
            parts.Add(Body.ToString());
        }

        if (!RequiresAuthentication)
        {
            parts.Add("no authentication");
        }

        return parts.Count == 0 ? Operation : Operation + " (" + string.Join(", ", parts) + ")";
    }

    /// <summary>The operation as it appears in messages, for example <c>GET /call</c> (never the query).</summary>
    internal string Operation => Method.Method + " " + Path;

    /// <summary>The path template telemetry reports: <see cref="PathTemplate"/>, else <see cref="Path"/>.</summary>
    internal string UrlTemplate => PathTemplate ?? Path;

    /// <summary>The name of the operation's span, for example <c>ListCalls (GET /call)</c>, or <c>GET /call</c> without a name.</summary>
    internal string DisplayName =>
        OperationName is null ? Method.Method + " " + UrlTemplate : OperationName + " (" + Method.Method + " " + UrlTemplate + ")";

    /// <summary>Checks <see cref="Headers"/> and copies them, so later changes to the list do not affect retries.</summary>
    /// <returns>The headers; empty when there are none.</returns>
    /// <exception cref="ArgumentException">A name is not a token or is reserved, or a value contains a control character.</exception>
    internal KeyValuePair<string, string>[] ValidateHeaders()
    {
        IReadOnlyList<KeyValuePair<string, string>>? headers = Headers;
        if (headers is null || headers.Count == 0)
        {
            return [];
        }

        var copy = new KeyValuePair<string, string>[headers.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            KeyValuePair<string, string> header = headers[i];
            string name = header.Key;
            if (!IsToken(name))
            {
                // The name is not echoed: it is not a valid header name, so it may hold anything.
                throw new ArgumentException("A header parameter name is empty or not a valid HTTP token.", nameof(Headers));
            }

            if (IsReserved(name))
            {
                throw new ArgumentException(
                    $"The header '{name}' is set by the connection and cannot be sent as a header parameter.", nameof(Headers));
            }

            if (header.Value is null)
            {
                throw new ArgumentException($"The header parameter '{name}' has a null value.", nameof(Headers));
            }

            foreach (char c in header.Value)
            {
                if ((c < ' ' && c != '\t') || c == '\u007f')
                {
                    // Never the value: it may be a secret, and it is the part that tried to inject.
                    throw new ArgumentException(
                        $"The value of the header parameter '{name}' contains CR, LF or another control character.", nameof(Headers));
                }

                if (c > '\u007f')
                {
                    // HttpClient refuses such a header only while sending, as a transport failure that would be retried.
                    throw new ArgumentException(
                        $"The value of the header parameter '{name}' contains a character outside ASCII, which an HTTP header cannot carry; encode it (for example as JSON, whose text escapes it) before sending.", nameof(Headers));
                }
            }

            copy[i] = header;
        }

        return copy;
    }

    /// <summary>
    /// Whether a segment of the path reads as "." or ".." once decoded (System.Uri decodes "%2E" and removes such
    /// segments), alone or before a literal ';' (some servers drop matrix parameters before resolving the path).
    /// </summary>
    internal static bool HasDotSegment(string path)
    {
        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0 || !segment.Contains('.', StringComparison.Ordinal) && !segment.Contains('%', StringComparison.Ordinal))
            {
                continue;
            }

            // Only a ';' sent as it is starts matrix parameters; an escaped one ("%3B") is part of the value.
            int semicolon = segment.IndexOf(';', StringComparison.Ordinal);
            string head = Uri.UnescapeDataString(semicolon < 0 ? segment : segment[..semicolon]);
            if (head is "." or "..")
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsToken(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a header name looks like it carries a secret (contains key, token, secret or auth).</summary>
    internal static bool LooksSecret(string name) =>
        name.Contains("key", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("token", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("secret", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("auth", StringComparison.OrdinalIgnoreCase);

    private static bool IsReserved(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Host", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase);
}
