using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
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
    // Large enough that a typical item (a Vapi call with its transcript is ~20 KB) completes within one chunk,
    // so an item is rarely rescanned after a refill.
    private const int StreamChunkSize = 64 * 1024;

    /// <summary>
    /// Sends a request whose response is a JSON array and yields its items as they arrive: memory holds
    /// one item (and one read chunk) at a time, whatever the length of the array. The request is sent
    /// when enumeration starts; it is retried like <see cref="SendAsync{T}(ApiRequest, ResponseDecoder{T}, CancellationToken)"/>
    /// until the response headers arrive, never after items have been yielded. Each read of the body
    /// must complete within <see cref="ApiClientOptions.Timeout"/>, and the whole call (the time spent waiting for the
    /// server, not the time your code spends on each item) within <see cref="ApiClientOptions.TotalTimeout"/>; each item
    /// may be at most <see cref="ApiClientOptions.MaxResponseBodyLength"/> bytes. The call's span lasts until the
    /// enumeration ends.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="request">The request.</param>
    /// <param name="readItem">Reads one item from a reader on its first token.</param>
    /// <param name="cancellationToken">Cancels the request and the enumeration.</param>
    /// <returns>The items, in the order of the array.</returns>
    /// <exception cref="ApiException">
    /// The response was not a success, or the body is not a JSON array of decodable items in valid UTF-8 (the message names
    /// the JSON path).
    /// </exception>
    /// <exception cref="ApiResponseTooLargeException">One item is larger than <see cref="ApiClientOptions.MaxResponseBodyLength"/>.</exception>
    /// <exception cref="ApiTimeoutException">
    /// Waiting for the headers or for a part of the body took longer than the timeout, or the call passed its total time limit.
    /// </exception>
    public async IAsyncEnumerable<T> StreamArrayAsync<T>(ApiRequest request, JsonValueReader<T> readItem, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readItem);
        KeyValuePair<string, string>[] headers = request.ValidateHeaders();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var telemetry = new OperationTelemetry(request, _settings, _instruments, _events);
        using var call = new CallScope(_settings.TotalTimeout, cancellationToken);
        using HttpResponseMessage response = await SendKeptAsync(request, headers, call, telemetry, ResponseMode.Keep).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        telemetry.StatusCode = status;
        telemetry.ResponseBodySize = 0;
        using Stream stream = await Record(telemetry, response.Content.ReadAsStreamAsync(cancellationToken)).ConfigureAwait(false);

        var parser = new ArrayParser(_settings.StreamedItemLimit);
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
                    throw Failed(telemetry, StreamDecodeException(request, response, exception, parser.ItemIndex, call.Secrets));
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

                if (step == ArrayStep.ItemTooLarge)
                {
                    throw Failed(telemetry, ResponseErrors.CreateTooLargeException(response, request.Operation, call.Secrets, _settings.StreamedItemLimit, _settings.MaxResponseBodyLength, ItemPath(parser.ItemIndex, null)));
                }

                int read = await Record(telemetry, parser.FillAsync(stream, this, request, status, call)).ConfigureAwait(false);
                telemetry.ResponseBodySize += read;
            }
        }
        finally
        {
            parser.Release();
        }
    }

    /// <summary>Runs the pipeline for a call whose caller reads the body, and takes the unread successful response from it.</summary>
    private async Task<HttpResponseMessage> SendKeptAsync(ApiRequest request, KeyValuePair<string, string>[] headers, CallScope call, OperationTelemetry telemetry, ResponseMode mode)
    {
        Uri uri = _settings.BuildUri(request.Path, request.Query);
        using var message = new ApiMessage(request, uri, headers, _settings, call, telemetry, mode);
        try
        {
            await _pipeline.SendAsync(message).ConfigureAwait(false);
            return message.TakeResponse();
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    /// <summary>Awaits <paramref name="task"/>, recording what it fails with as the call's failure.</summary>
    private static async Task<TResult> Record<TResult>(OperationTelemetry telemetry, Task<TResult> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            telemetry.Fail(ex);
            throw;
        }
    }

    /// <summary>Records <paramref name="exception"/> as the call's failure and returns it, to be thrown.</summary>
    private static Exception Failed(OperationTelemetry telemetry, Exception exception)
    {
        telemetry.Fail(exception);
        return exception;
    }

    private static string ItemPath(int itemIndex, string? innerPath) =>
        "$[" + itemIndex.ToString(CultureInfo.InvariantCulture) + "]" + (innerPath is { Length: > 1 } inner && inner.StartsWith('$') ? inner.Substring(1) : string.Empty);

    private static ApiException StreamDecodeException(ApiRequest request, HttpResponseMessage response, JsonException exception, int itemIndex, string[] secrets)
    {
        string path = ItemPath(itemIndex, exception.Path);
        int status = (int)response.StatusCode;

        // The decoder quotes values it could not read; a server that echoes the key must not put it in the error.
        string detail = ResponseErrors.Redact(exception.Message, secrets)!;
        path = ResponseErrors.Redact(path, secrets)!;
        return new ApiException(
            ResponseErrors.Redact(string.Create(CultureInfo.InvariantCulture, $"{request.Operation} returned {status} {response.ReasonPhrase} but the response body could not be decoded at {path}: {detail}"), secrets)!,
            status,
            ResponseErrors.CollectHeaders(response, secrets),
            innerException: new JsonException(detail, path, exception.LineNumber, exception.BytePositionInLine, ResponseErrors.WithoutSecrets(exception, secrets)))
        {
            ErrorType = ErrorTypes.InvalidResponse,
        };
    }

    private enum ArrayStep
    {
        Item,
        End,
        NeedMore,
        ItemTooLarge,
    }

    /// <summary>
    /// Finds the items of a top-level JSON array in a growing buffer: the array's brackets and commas
    /// are read here; each item is handed, complete and checked to be valid UTF-8, to the generated reader.
    /// </summary>
    private sealed class ArrayParser
    {
        private readonly long _itemLimit;
        private byte[] _buffer;
        private bool _pooled;
        private int _start;
        private int _end;
        private bool _final;
        private int _state; // 0: before '[', 1: expecting an item or ']', 2: expecting ',' or ']', 3: expecting an item

        // The bytes from _start up to _checked are valid UTF-8; _invalidAt is the first invalid byte found, or -1.
        private int _checked;
        private int _invalidAt = -1;

        public ArrayParser(long itemLimit)
        {
            _itemLimit = itemLimit;
            _buffer = ResponseBodies.AllocateBuffer(StreamChunkSize, out _pooled);
        }

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
                            throw new JsonException("Expected a JSON array but the body starts with " + Describe(next) + ".");
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
                        throw new JsonException("Expected ',' or ']' after an item of the JSON array but found " + Describe(next) + ".");
                }

                // State 1 or 3: an item starts here. Find where it ends, resuming the scan where the last chunk ran out,
                // but never past an invalid UTF-8 byte; then hand the complete item to the generated reader.
                CheckUtf8();
                int scanEnd = _invalidAt >= 0 ? _invalidAt : _end;
                var span = new ReadOnlySpan<byte>(_buffer, _start, scanEnd - _start);
                bool complete;
                int length;
                try
                {
                    complete = ScanItem(span, _final && _invalidAt < 0, out length);
                }
                catch (JsonException exception)
                {
                    // Broken JSON inside the item: name the path where it breaks.
                    string path = JsonPath.At(span, span.Length);
                    throw new JsonException(exception.Message, path, exception.LineNumber, exception.BytePositionInLine, exception);
                }

                if (!complete)
                {
                    if (_invalidAt >= 0)
                    {
                        var item0 = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
                        throw Utf8Text.InvalidException(item0, _invalidAt - _start, "item", pathInMessage: false);
                    }

                    if (span.Length > _itemLimit)
                    {
                        return ArrayStep.ItemTooLarge;
                    }

                    if (_final)
                    {
                        throw new JsonException("The JSON array ends early: the body is truncated.");
                    }

                    return ArrayStep.NeedMore;
                }

                if (length > _itemLimit)
                {
                    return ArrayStep.ItemTooLarge;
                }

                ReadOnlySpan<byte> itemJson = span.Slice(0, length);
                var reader = new Utf8JsonReader(itemJson, new JsonReaderOptions());
                reader.Read();
                try
                {
                    using var source = JsonRawValue.Decoding(_buffer, _start, length);
                    item = readItem(ref reader);
                }
                catch (Exception failure) when (failure is JsonException || Utf8Text.IsReaderFailure(failure))
                {
                    // Name the place inside the item, as a buffered call does.
                    JsonException exception = failure as JsonException ?? Utf8Text.ReaderFailure((InvalidOperationException)failure, reader.TokenStartIndex, "value");
                    long offset = Math.Max(reader.TokenStartIndex, exception.BytePositionInLine is null ? 0 : reader.BytesConsumed);
                    string path = exception.Path ?? JsonPath.At(itemJson, offset);
                    throw new JsonException(exception.Message, path, exception.LineNumber, exception.BytePositionInLine, failure);
                }

                _start += length;
                _state = 2;
                ItemIndex++;
                return ArrayStep.Item;
            }
        }

        private static string Describe(byte value) =>
            value is >= 0x20 and < 0x7F
                ? "'" + (char)value + "'"
                : "the byte 0x" + value.ToString("X2", CultureInfo.InvariantCulture);

        /// <summary>Checks the bytes that arrived since the last check, less a sequence that the next read may complete.</summary>
        private void CheckUtf8()
        {
            if (_invalidAt >= 0)
            {
                return;
            }

            // Bytes before _start were separators, which the state machine read as ASCII.
            _checked = Math.Max(_checked, _start);
            var pending = new ReadOnlySpan<byte>(_buffer, _checked, _end - _checked);
            int complete = _final ? pending.Length : Utf8Text.CompleteLength(pending);
            int invalid = Utf8Text.IndexOfInvalid(pending.Slice(0, complete));
            if (invalid >= 0)
            {
                _invalidAt = _checked + invalid;
                return;
            }

            _checked += complete;
        }

        // How far into the current item the scan has got, and the reader state there.
        private int _scanned;
        private JsonReaderState _scanState;

        private bool ScanItem(ReadOnlySpan<byte> item, bool final, out int length)
        {
            var scan = new Utf8JsonReader(item.Slice(_scanned), final, _scanState);
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

        public async Task<int> FillAsync(Stream stream, ApiConnection connection, ApiRequest request, int status, CallScope call)
        {
            MakeRoom();
            int read;
            if (_pooled)
            {
                read = await connection.ReadBodyChunkAsync(stream, _buffer.AsMemory(_end), request, status, call).ConfigureAwait(false);
            }
            else
            {
                // A large buffer is never handed to the transport, which would keep it alive (see ReadWholeBodyAsync).
                byte[] staging = ArrayPool<byte>.Shared.Rent(StreamChunkSize);
                try
                {
                    read = await connection.ReadBodyChunkAsync(stream, staging.AsMemory(0, FreeLength(staging.Length)), request, status, call).ConfigureAwait(false);
                    Append(staging, read);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(staging);
                }
            }

            if (read == 0)
            {
                _final = true;
            }

            _end += read;
            return read;
        }

        // FillAsync goes through these and never holds a large buffer itself (see BodyBuffer).
        private int FreeLength(int chunk) => Math.Min(chunk, _buffer.Length - _end);

        private void Append(byte[] chunk, int count) => chunk.AsSpan(0, count).CopyTo(_buffer.AsSpan(_end));

        /// <summary>
        /// Moves the unread bytes to the start of the buffer and makes room after them: back to a small pooled buffer once a
        /// large item has gone, or a larger one (not past one byte over the item limit) when one item fills the buffer. Not
        /// part of the async fill, where a local holding an array could outlive the call in its finished state.
        /// </summary>
        private void MakeRoom()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _checked = Math.Max(0, _checked - _start);
                if (_invalidAt >= 0)
                {
                    _invalidAt -= _start;
                }

                _start = 0;
            }

            if (!_pooled && _end < StreamChunkSize / 2)
            {
                byte[] small = ResponseBodies.AllocateBuffer(StreamChunkSize, out bool smallPooled);
                Buffer.BlockCopy(_buffer, 0, small, 0, _end);
                ResponseBodies.ReleaseBuffer(_buffer, _pooled);
                _buffer = small;
                _pooled = smallPooled;
            }

            if (_end == _buffer.Length)
            {
                int size = (int)Math.Min((long)_buffer.Length * 2, _itemLimit + 1);
                byte[] larger = ResponseBodies.AllocateBuffer(size, out bool largerPooled);
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ResponseBodies.ReleaseBuffer(_buffer, _pooled, keep: false);
                _buffer = larger;
                _pooled = largerPooled;
            }
        }

        public void Release()
        {
            ResponseBodies.ReleaseBuffer(_buffer, _pooled);
            _buffer = Array.Empty<byte>();
            _pooled = false;
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

    /// <summary>
    /// One read of a streamed body, bounded by the per-read timeout, by what is left of the call's total time limit (the
    /// time spent waiting here is charged to it) and by the caller's token.
    /// </summary>
    private async Task<int> ReadBodyChunkAsync(Stream stream, Memory<byte> destination, ApiRequest request, int status, CallScope call)
    {
        CancellationToken cancellationToken = call.Caller;
        TimeSpan remaining = call.Remaining;
        TimeSpan timeout = _settings.Timeout;
        bool deadlineFirst = call.HasDeadline && (timeout == System.Threading.Timeout.InfiniteTimeSpan || remaining <= timeout);
        if (deadlineFirst && remaining <= TimeSpan.Zero)
        {
            throw CallTimeoutPolicy.CreateTotalTimeoutException(
                _settings,
                call,
                string.Create(CultureInfo.InvariantCulture, $"{request.Operation} passed its total time limit of {ResponseErrors.DescribeTimeout(call.Total)} while the response body was arriving"),
                innerException: null);
        }

        using var readCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadlineFirst)
        {
            readCts.CancelAfter(remaining);
        }
        else if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            readCts.CancelAfter(timeout);
        }

        long started = Stopwatch.GetTimestamp();
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
            if (deadlineFirst)
            {
                throw CallTimeoutPolicy.CreateTotalTimeoutException(
                    _settings,
                    call,
                    string.Create(CultureInfo.InvariantCulture, $"{request.Operation} passed its total time limit of {ResponseErrors.DescribeTimeout(call.Total)} while the response body was arriving"),
                    ex);
            }

            throw new ApiTimeoutException(
                string.Create(CultureInfo.InvariantCulture, $"{request.Operation} timed out after {ResponseErrors.DescribeTimeout(timeout)} waiting for more of the response body (ApiClientOptions.Timeout, which bounds each read of a streamed body)."),
                timeout,
                isTotalTimeout: false,
                ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new ApiException(
                ResponseErrors.Redact(string.Create(CultureInfo.InvariantCulture, $"{request.Operation}: the connection failed while the response body was arriving: {ex.Message}"), call.Secrets)!,
                status,
                innerException: ResponseErrors.WithoutSecrets(ex, call.Secrets));
        }
        finally
        {
            call.Charge(Stopwatch.GetElapsedTime(started));
        }
    }
}
