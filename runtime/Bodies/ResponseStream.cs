using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// A binary response body (audio, a file, ...) read as it arrives, never buffered whole. Dispose it: disposing it releases
/// the response and its connection. Each read must complete within <see cref="ApiClientOptions.Timeout"/> (an
/// <see cref="ApiTimeoutException"/> otherwise).
/// </summary>
public sealed class ResponseStream : Stream
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly TimeSpan _readTimeout;
    private readonly string _operation;
    private int _disposed;

    internal ResponseStream(HttpResponseMessage response, Stream body, TimeSpan readTimeout, string operation, IReadOnlyDictionary<string, IReadOnlyList<string>> headers)
    {
        _response = response;
        _body = body;
        _readTimeout = readTimeout;
        _operation = operation;
        Headers = headers;
    }

    /// <summary>The HTTP status code of the response.</summary>
    public int StatusCode => (int)_response.StatusCode;

    /// <summary>The response's media type (for example <c>audio/mpeg</c>), or <see langword="null"/> when it sent none.</summary>
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>The body's length when the server declared it, else <see langword="null"/>.</summary>
    public long? ContentLength => _response.Content.Headers.ContentLength;

    /// <summary>The file name from <c>Content-Disposition</c>, or <see langword="null"/>.</summary>
    public string? FileName => _response.Content.Headers.ContentDisposition is { } disposition
        ? (disposition.FileNameStar ?? disposition.FileName)?.Trim('"')
        : null;

    /// <summary>The response and content headers (names compared case-insensitively), without credentials.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <inheritdoc/>
    public override bool CanRead => Volatile.Read(ref _disposed) == 0;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_readTimeout == Timeout.InfiniteTimeSpan)
        {
            return await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(_readTimeout);
        try
        {
            return await _body.ReadAsync(buffer, timer.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            throw new ApiTimeoutException(
                _operation + " sent no more of its body within " + _readTimeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s (ApiClientOptions.Timeout, which bounds each read).",
                _readTimeout,
                isTotalTimeout: false,
                ex);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
