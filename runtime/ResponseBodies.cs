using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// Reads response bodies within a size limit into buffers that do not outlive the call: small ones rented from the shared
/// pool, large ones plain arrays (one mid-sized spare kept), and never a large one handed to the socket.
/// </summary>
internal static class ResponseBodies
{
    /// <summary>
    /// The largest buffer rented from <see cref="ArrayPool{T}.Shared"/>. Larger bodies go into plain arrays that the GC takes
    /// back after the call: the shared pool keeps what is returned to it, so renting them would leave a large body's
    /// buffers (and every doubling on the way) alive in the process after the call.
    /// </summary>
    internal const int LargestPooledBuffer = 1024 * 1024;

    /// <summary>The chunk a large body is read through (see <see cref="ReadWholeBodyAsync"/>).</summary>
    private const int StagingSize = 128 * 1024;

    /// <summary>
    /// The largest buffer kept alive between calls (<see cref="s_spareBuffer"/>): a body of a few MB to this size, decoded
    /// call after call, reuses one array instead of allocating a large one each time (which would cost a full garbage
    /// collection every few calls).
    /// </summary>
    private const int LargestKeptBuffer = 32 * 1024 * 1024;

    /// <summary>The last large buffer given back, up to <see cref="LargestKeptBuffer"/>; the one buffer the runtime keeps alive.</summary>
    private static byte[]? s_spareBuffer;

    /// <summary>
    /// The last buffer given back that was larger than <see cref="LargestKeptBuffer"/>, held only weakly: reused if another
    /// large call comes before the next full garbage collection, never kept alive by the runtime.
    /// </summary>
    private static WeakReference<byte[]>? s_weakSpareBuffer;

    /// <summary>A buffer of at least <paramref name="size"/> bytes: rented when small, a spare or a plain array when large.</summary>
    internal static byte[] AllocateBuffer(int size, out bool pooled)
    {
        pooled = size <= LargestPooledBuffer;
        if (pooled)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }

        if (size <= LargestKeptBuffer)
        {
            if (Interlocked.Exchange(ref s_spareBuffer, null) is { } spare)
            {
                if (spare.Length >= size)
                {
                    return spare;
                }

                Interlocked.CompareExchange(ref s_spareBuffer, spare, null); // too small for this one: leave it
            }
        }
        else if (Interlocked.Exchange(ref s_weakSpareBuffer, null) is { } weak && weak.TryGetTarget(out byte[]? array) && array.Length >= size)
        {
            return array;
        }

        return GC.AllocateUninitializedArray<byte>(size);
    }

    /// <summary>
    /// Gives a buffer from <see cref="AllocateBuffer"/> back: to the pool when it was rented, else as a spare unless
    /// <paramref name="keep"/> is <see langword="false"/> (a buffer outgrown on the way to a larger one is just dropped).
    /// </summary>
    internal static void ReleaseBuffer(byte[]? buffer, bool pooled, bool keep = true)
    {
        if (buffer is null || (!pooled && !keep))
        {
            return;
        }

        if (pooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else if (buffer.Length <= LargestKeptBuffer)
        {
            // Keep the larger of this one and the current spare.
            byte[]? previous = Interlocked.Exchange(ref s_spareBuffer, buffer);
            if (previous is not null && previous.Length > buffer.Length)
            {
                Interlocked.CompareExchange(ref s_spareBuffer, previous, buffer);
            }
        }
        else
        {
            Volatile.Write(ref s_weakSpareBuffer, new WeakReference<byte[]>(buffer));
        }
    }

    /// <summary>
    /// A whole response body; <see cref="Array"/> is <see langword="null"/> when it was larger than the limit, or once
    /// released. A class, so that releasing it clears the one reference every holder shares (a completed task keeps its
    /// result, and an async method's finished state keeps its locals, for as long as something holds the task).
    /// </summary>
    internal sealed class BodyBuffer
    {
        public static BodyBuffer TooLarge => new();

        public byte[]? Array;
        public int Length;
        public bool Pooled;

        public ReadOnlySpan<byte> Span => Array.AsSpan(0, Length);

        // The async reader goes through these members and never holds the array itself: a reference (or a span) to it
        // in the reader's frame would keep it alive while that frame is on the stack, which it is while the caller's
        // continuation runs inline after the call.

        /// <summary>Whether the body was larger than the limit.</summary>
        public bool IsTooLarge => Array is null;

        /// <summary>Whether the buffer is full.</summary>
        public bool IsFull => Length == Array!.Length;

        /// <summary>The free part of a (small, pooled) buffer, to read into.</summary>
        public Memory<byte> Free => Array.AsMemory(Length);

        /// <summary>How much to read at most: the free space, but at most <paramref name="chunk"/>.</summary>
        public int FreeLength(int chunk) => Math.Min(chunk, Array!.Length - Length);

        /// <summary>Copies what was read into a staging chunk to the end of the body (not counted yet).</summary>
        public void Append(byte[] chunk, int count) => chunk.AsSpan(0, count).CopyTo(Array.AsSpan(Length));

        /// <summary>
        /// Doubles the buffer, but never past one byte over <paramref name="limit"/> (enough to know it was passed). Not part
        /// of the async reader, where a local holding the old or new array could outlive the call in its finished state.
        /// </summary>
        public void Grow(long limit)
        {
            int size = (int)Math.Min((long)Array!.Length * 2, limit + 1);
            byte[] larger = AllocateBuffer(size, out bool largerPooled);
            Array.AsSpan(0, Length).CopyTo(larger);
            ReleaseBuffer(Array, Pooled, keep: false);
            Array = larger;
            Pooled = largerPooled;
        }

        public void Release()
        {
            ReleaseBuffer(Array, Pooled);
            Array = null;
            Length = 0;
        }
    }

    /// <summary>
    /// Reads a whole body of at most <paramref name="limit"/> bytes. A declared Content-Length over the limit is refused
    /// before reading; otherwise reading stops as soon as the body passes the limit.
    /// </summary>
    internal static async Task<BodyBuffer> ReadWholeBodyAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            return BodyBuffer.TooLarge;
        }

        // One byte more than the body, so the read that finds the end needs no larger buffer.
        int initialSize = declared is long d && d >= 0 ? (int)Math.Max(d + 1, 256) : 16 * 1024;
        var body = new BodyBuffer { Array = AllocateBuffer(initialSize, out bool pooled), Pooled = pooled };
        byte[]? staging = null;
        try
        {
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (body.IsFull)
                {
                    body.Grow(limit);
                }

                int read;
                if (body.Pooled)
                {
                    read = await stream.ReadAsync(body.Free, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // A large buffer is never handed to the transport: a socket keeps a reference to the last buffer it
                    // received into for as long as the pooled connection lives, which would keep the whole body alive.
                    staging ??= ArrayPool<byte>.Shared.Rent(StagingSize);
                    read = await stream.ReadAsync(staging.AsMemory(0, body.FreeLength(staging.Length)), cancellationToken).ConfigureAwait(false);
                    body.Append(staging, read);
                }

                if (read == 0)
                {
                    return body;
                }

                body.Length += read;
                if (body.Length > limit)
                {
                    body.Release();
                    return body;
                }
            }
        }
        catch
        {
            body.Release();
            throw;
        }
        finally
        {
            if (staging is not null)
            {
                ArrayPool<byte>.Shared.Return(staging);
            }
        }
    }

    /// <summary>Reads and drops a body the operation does not use, up to the body limit; past it the connection is dropped instead.</summary>
    internal static async Task DiscardBodyAsync(HttpContent content, long limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    return; // disposing the unread response closes the connection
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
