using System;
using System.Collections.Generic;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>A request the simulator received, as seen on the wire.</summary>
public sealed class RecordedRequest
{
    internal RecordedRequest(
        string method,
        string path,
        string queryString,
        string? authorization,
        IReadOnlyDictionary<string, string> headers,
        IReadOnlyDictionary<string, IReadOnlyList<string>> query,
        DateTimeOffset receivedAt,
        TimeSpan elapsed)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Authorization = authorization;
        Headers = headers;
        Query = query;
        ReceivedAt = receivedAt;
        Elapsed = elapsed;
    }

    /// <summary>The HTTP method, for example <c>GET</c>.</summary>
    public string Method { get; }

    /// <summary>The path, for example <c>/call</c>.</summary>
    public string Path { get; }

    /// <summary>The raw (still escaped) query string, with its leading '?', or empty.</summary>
    public string QueryString { get; }

    /// <summary>The path and the raw query, for example <c>/call?limit=5</c>.</summary>
    public string PathAndQuery => Path + QueryString;

    /// <summary>Whether an <c>Authorization</c> header was sent.</summary>
    public bool HasAuthorization => Authorization is not null;

    /// <summary>The <c>Authorization</c> header value, or <see langword="null"/>.</summary>
    public string? Authorization { get; }

    /// <summary>The request headers (repeated values joined with ", "), names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The decoded query parameters, names compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Query { get; }

    /// <summary>The wall-clock time the request arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Monotonic time from the simulator's start to the request's arrival: use this to measure gaps between requests.</summary>
    public TimeSpan Elapsed { get; }
}
