using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

public sealed partial class ApiConnection
{
    // Marks a send whose caller takes the successful response unread (see StreamArrayAsync).
    private static readonly ResponseDecoder<HttpResponseMessage> KeepResponse = static _ => throw new InvalidOperationException();

    // Large enough that a typical item (a Vapi call with its transcript is ~20 KB) completes within one chunk,
    // so an item is rarely rescanned after a refill.
    private const int StreamChunkSize = 64 * 1024;

    /// <summary>
    /// Sends a request whose response is a JSON array and yields its items as they arrive: memory holds
    /// one item (and one read chunk) at a time, whatever the length of the array. The request is sent
    /// when enumeration starts; it is retried like <see cref="SendAsync{T}(ApiRequest, ResponseDecoder{T}, CancellationToken)"/>
    /// until the response headers arrive, never after items have been yielded. Each read of the body
    /// must complete within <see cref="ApiClientOptions.Timeout"/>.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="readItem">Reads one item from a reader on its first token.</param>
    /// <param name="cancellationToken">Cancels the request and the enumeration.</param>
    /// <returns>The items, in the order of the array.</returns>
    /// <exception cref="ApiException">The response was not a success, or the body is not a JSON array of decodable items (the message names the JSON path).</exception>
    /// <exception cref="ApiTimeoutException">Waiting for the headers or for a part of the body took longer than the timeout.</exception>
    public async IAsyncEnumerable<T> StreamArrayAsync<T>(ApiRequest request, JsonValueReader<T> readItem, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readItem);
        using HttpResponseMessage response = await SendCoreAsync(request, request.ValidateHeaders(), KeepResponse, cancellationToken).ConfigureAwait(false);
        using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        var parser = new ArrayParser(ArrayPool<byte>.Shared.Rent(StreamChunkSize));
        try
        {
            while (true)
            {
                T item = default!;
                ArrayStep step;
                try
                {
                    step = parser.Next(readItem, out item);
                }
                catch (JsonException exception)
                {
                    throw StreamDecodeException(request, response, exception, parser.ItemIndex);
                }

                if (step == ArrayStep.Item)
                {
                    yield return item;
                    continue;
                }

                if (step == ArrayStep.End)
                {
                    yield break;
                }

                await parser.FillAsync(stream, this, request, (int)response.StatusCode, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            parser.Release();
        }
    }

    private ApiException StreamDecodeException(ApiRequest request, HttpResponseMessage response, JsonException exception, int itemIndex)
    {
        string path = "$[" + itemIndex.ToString(CultureInfo.InvariantCulture) + "]" + (exception.Path is { Length: > 1 } inner && inner.StartsWith('$') ? inner.Substring(1) : string.Empty);
        int status = (int)response.StatusCode;

        // The decoder quotes values it could not read; a server that echoes the key must not put it in the error.
        string[] secrets = CollectSecrets(_apiKey?.Trim(), request.ValidateHeaders());
        string detail = Redact(exception.Message, secrets)!;
        return new ApiException(
            string.Create(CultureInfo.InvariantCulture, $"{request.Operation} returned {status} {response.ReasonPhrase} but the response body could not be decoded at {path}: {detail}"),
            status,
            innerException: new JsonException(detail, path, exception.LineNumber, exception.BytePositionInLine, WithoutSecrets(exception, secrets)));
    }

    private enum ArrayStep
    {
        Item,
        End,
        NeedMore,
    }

    /// <summary>
    /// Finds the items of a top-level JSON array in a growing buffer: the array's brackets and commas
    /// are read here; each item is handed, complete, to the generated reader.
    /// </summary>
    private sealed class ArrayParser
    {
        private byte[] _buffer;
        private int _start;
        private int _end;
        private bool _final;
        private int _state; // 0: before '[', 1: expecting an item or ']', 2: expecting ',' or ']'

        public ArrayParser(byte[] buffer) => _buffer = buffer;

        public int ItemIndex { get; private set; }

        public ArrayStep Next<T>(JsonValueReader<T> readItem, out T item)
        {
            item = default!;
            while (true)
            {
                SkipWhitespace();
                if (_start == _end)
                {
                    if (_final)
                    {
                        throw new JsonException(_state == 0 ? "The response body is empty where a JSON array was expected." : "The JSON array ends early: the body is truncated.");
                    }

                    return ArrayStep.NeedMore;
                }

                byte next = _buffer[_start];
                switch (_state)
                {
                    case 0:
                        if (next != (byte)'[')
                        {
                            throw new JsonException("Expected a JSON array but the body starts with '" + (char)next + "'.");
                        }

                        _start++;
                        _state = 1;
                        continue;
                    case 2 when next == (byte)',':
                        _start++;
                        _state = 3;
                        continue;
                    case 1 or 2 when next == (byte)']':
                        _start++;
                        return ArrayStep.End;
                    case 2:
                        throw new JsonException("Expected ',' or ']' after an item of the JSON array but found '" + (char)next + "'.");
                }

                // State 1 or 3: an item starts here. Find where it ends, resuming the scan where the
                // last chunk ran out, then hand the complete item to the generated reader.
                var span = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
                if (!ScanItem(span, out int length))
                {
                    if (_final)
                    {
                        throw new JsonException("The JSON array ends early: the body is truncated.");
                    }

                    return ArrayStep.NeedMore;
                }

                var reader = new Utf8JsonReader(span.Slice(0, length), new JsonReaderOptions());
                reader.Read();
                item = readItem(ref reader);
                _start += length;
                _state = 2;
                ItemIndex++;
                return ArrayStep.Item;
            }
        }

        // How far into the current item the scan has got, and the reader state there.
        private int _scanned;
        private JsonReaderState _scanState;

        private bool ScanItem(ReadOnlySpan<byte> item, out int length)
        {
            var scan = new Utf8JsonReader(item.Slice(_scanned), _final, _scanState);
            while (scan.Read())
            {
                bool complete = scan.CurrentDepth == 0 && scan.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName);
                if (complete)
                {
                    length = _scanned + (int)scan.BytesConsumed;
                    _scanned = 0;
                    _scanState = default;
                    return true;
                }
            }

            _scanned += (int)scan.BytesConsumed;
            _scanState = scan.CurrentState;
            length = 0;
            return false;
        }

        public async Task FillAsync(Stream stream, ApiConnection connection, ApiRequest request, int status, CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                // One item is larger than the buffer: grow it to hold the whole item.
                byte[] larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            int read = await connection.ReadBodyChunkAsync(stream, _buffer.AsMemory(_end), request, status, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _final = true;
            }

            _end += read;
        }

        public void Release()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }

        private void SkipWhitespace()
        {
            while (_start < _end && _buffer[_start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                _start++;
            }

            // A UTF-8 byte order mark before the array.
            if (_state == 0 && _end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            {
                _start += 3;
            }
        }
    }

    /// <summary>One read of a streamed body, bounded by the per-attempt timeout and the caller's token.</summary>
    private async Task<int> ReadBodyChunkAsync(Stream stream, Memory<byte> destination, ApiRequest request, int status, CancellationToken cancellationToken)
    {
        using var readCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            readCts.CancelAfter(_timeout);
        }

        try
        {
            return await stream.ReadAsync(destination, readCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new OperationCanceledException("The request was canceled.", ex, cancellationToken);
        }
        catch (Exception ex) when (readCts.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new ApiTimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{request.Operation} timed out after {DescribeTimeout(_timeout)} waiting for more of the response body."),
                _timeout,
                ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ApiException(
                string.Create(CultureInfo.InvariantCulture, $"{request.Operation}: the connection failed while the response body was arriving: {ex.Message}"),
                status,
                innerException: ex);
        }
    }
}
