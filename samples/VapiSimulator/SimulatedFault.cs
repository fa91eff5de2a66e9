using System;
using System.Collections.Generic;
using System.Threading;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>
/// What the simulator does instead of its normal answer for the next request(s), whatever their method or path:
/// wait, then answer with a status code, headers and body. Queued faults are used in order.
/// </summary>
public sealed class SimulatedFault
{
    /// <summary>The status code to answer with; <see langword="null"/> gives the normal answer after <see cref="Delay"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The <c>Retry-After</c> header value, for example <c>"1"</c> or an HTTP date; <see langword="null"/> sends none.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>The response body; <see langword="null"/> sends a Vapi-style JSON error for the status code.</summary>
    public string? Body { get; init; }

    /// <summary>The content type of <see cref="Body"/>; default <c>application/json; charset=utf-8</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>How long to wait before sending the response headers (the request is abandoned if the client goes away).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>How many consecutive requests get this fault. Default 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>
    /// Breaks the connection mid-body: the headers announce the whole <see cref="Body"/> (Content-Length), only its first
    /// this many bytes are sent, then the connection is aborted (a TCP reset). <see langword="null"/> sends the whole body.
    /// </summary>
    public int? AbortAfterBodyBytes { get; init; }

    /// <summary>
    /// A slow body: the headers and the first half of <see cref="Body"/> are sent at once, the rest after this delay
    /// (abandoned if the client goes away). Zero sends the body at once.
    /// </summary>
    public TimeSpan BodyDelay { get; init; }

    /// <summary>
    /// A huge body, generated while it is sent instead of <see cref="Body"/>: this many bytes of filler text in 64 KiB
    /// chunks, without Content-Length. Stops early when the client goes away; see <see cref="BodyBytesWritten"/>.
    /// </summary>
    public long? StreamedBodyLength { get; init; }

    /// <summary>
    /// How many body bytes the simulator has handed to the server for this fault so far, over all its responses. Kestrel
    /// may accept (and discard) writes for a while after the client has gone, so this is an upper bound of what was sent.
    /// </summary>
    public long BodyBytesWritten => Interlocked.Read(ref _bodyBytesWritten);

    private long _bodyBytesWritten;

    internal void AddBodyBytesWritten(long count) => Interlocked.Add(ref _bodyBytesWritten, count);
}
