using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// A caller's stream as request content: read from the position it had when the body was made (a seekable stream goes back
/// there for each attempt), copied to the connection as it is read, and never disposed (it stays the caller's).
/// </summary>
internal sealed class StreamSource
{
    private readonly Stream _stream;
    private readonly long _start;
    private int _uses;

    public StreamSource(Stream stream)
    {
        _stream = stream;
        _start = stream.CanSeek ? stream.Position : -1;
    }

    public bool CanBeResent => _start >= 0;

    public HttpContent CreateContent()
    {
        if (Interlocked.Increment(ref _uses) > 1)
        {
            if (_start < 0)
            {
                throw new InvalidOperationException("The request body is a stream that cannot seek, so it can be sent only once.");
            }

            _stream.Position = _start;
        }

        return new NonOwningStreamContent(_stream, _start < 0 ? null : _stream.Length - _start);
    }

    /// <summary>Like StreamContent, but the stream is not disposed with the content.</summary>
    private sealed class NonOwningStreamContent(Stream stream, long? length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream target, TransportContext? context) =>
            SerializeToStreamAsync(target, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream target, TransportContext? context, CancellationToken cancellationToken) =>
            stream.CopyToAsync(target, 64 * 1024, cancellationToken);

        protected override bool TryComputeLength(out long computed)
        {
            computed = length ?? 0;
            return length is not null;
        }
    }
}
