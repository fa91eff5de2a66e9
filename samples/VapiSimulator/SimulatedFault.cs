using System;
using System.Collections.Generic;

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
}
