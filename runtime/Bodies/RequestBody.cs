using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>
/// A request body other than the plain JSON of <see cref="ApiRequest.JsonBody"/>: form fields, multipart parts, a stream, text,
/// or JSON under another media type. The connection asks for a new <see cref="HttpContent"/> for every attempt, so a body
/// is sent again on a retry when <see cref="CanBeResent"/> says it can be; otherwise the request is not retried.
/// </summary>
public abstract class RequestBody
{
    /// <summary>The media type sent as <c>Content-Type</c> (without parameters such as a boundary).</summary>
    public abstract string MediaType { get; }

    /// <summary>
    /// Whether the body can be sent more than once (a retry sends it again). A body reading a stream that cannot seek
    /// can not: a request carrying it is never retried.
    /// </summary>
    public virtual bool CanBeResent => true;

    /// <summary>A JSON body sent under <paramref name="mediaType"/> (for example <c>application/merge-patch+json</c>).</summary>
    /// <param name="utf8Json">The UTF-8 JSON; it must stay unchanged until the send completes.</param>
    /// <param name="mediaType">The media type.</param>
    /// <returns>The body.</returns>
    public static RequestBody Json(ReadOnlyMemory<byte> utf8Json, string mediaType = "application/json") => new BytesBody(utf8Json, mediaType, charset: null);

    /// <summary>A text body, UTF-8 encoded, sent as <c><paramref name="mediaType"/>; charset=utf-8</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="mediaType">The media type, <c>text/plain</c> unless the document names another.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static RequestBody Text(string text, string mediaType = "text/plain")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new BytesBody(Encoding.UTF8.GetBytes(text), mediaType, "utf-8");
    }

    /// <summary>
    /// An <c>application/x-www-form-urlencoded</c> body already encoded (see <see cref="FormEncoder"/>).
    /// </summary>
    /// <param name="encoded">The encoded fields, ASCII.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encoded"/> is <see langword="null"/>.</exception>
    public static RequestBody Form(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        return new BytesBody(Encoding.ASCII.GetBytes(encoded), "application/x-www-form-urlencoded", charset: null);
    }

    /// <summary>
    /// A body streamed from <paramref name="content"/>, never buffered whole. The stream is read from its current position
    /// and is not disposed: it stays the caller's. A stream that can seek is sent again from the same position on a retry.
    /// </summary>
    /// <param name="content">The bytes to send.</param>
    /// <param name="mediaType">The media type, <c>application/octet-stream</c> unless the document names another.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is <see langword="null"/>.</exception>
    public static RequestBody Stream(Stream content, string mediaType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(content);
        return new StreamBody(new StreamSource(content), mediaType);
    }

    /// <summary>The content for one attempt; called once per attempt.</summary>
    /// <returns>The content, its <c>Content-Type</c> set.</returns>
    protected internal abstract HttpContent CreateContent();

    /// <summary>Describes the body for logs: its media type, never its contents.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => MediaType + " body";

    private sealed class BytesBody(ReadOnlyMemory<byte> bytes, string mediaType, string? charset) : RequestBody
    {
        public override string MediaType { get; } = mediaType ?? throw new ArgumentNullException(nameof(mediaType));

        protected internal override HttpContent CreateContent()
        {
            var content = new ReadOnlyMemoryContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(MediaType) { CharSet = charset };
            return content;
        }
    }

    private sealed class StreamBody(StreamSource source, string mediaType) : RequestBody
    {
        public override string MediaType { get; } = mediaType ?? throw new ArgumentNullException(nameof(mediaType));

        public override bool CanBeResent => source.CanBeResent;

        protected internal override HttpContent CreateContent()
        {
            HttpContent content = source.CreateContent();
            content.Headers.ContentType = new MediaTypeHeaderValue(MediaType);
            return content;
        }
    }
}
