using System;
using System.Collections.Generic;

namespace CallsGen.Runtime;

/// <summary>A successful response's status and headers, for an operation whose document declares response headers.</summary>
public class ApiResponse
{
    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="headers">The response and content headers, without credentials.</param>
    public ApiResponse(int statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        StatusCode = statusCode;
        Headers = headers;
    }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>
    /// The response and content headers (names compared case-insensitively). Authorization, Proxy-Authorization, Cookie
    /// and Set-Cookie headers are never included.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The first value of a header, or <see langword="null"/> when the response has none.</summary>
    /// <param name="name">The header name, compared case-insensitively.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;
}

/// <summary>A successful response's decoded body with its status and headers.</summary>
/// <typeparam name="T">The body's type.</typeparam>
public sealed class ApiResponse<T> : ApiResponse
{
    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="headers">The response and content headers, without credentials.</param>
    /// <param name="value">The decoded body.</param>
    public ApiResponse(int statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, T value)
        : base(statusCode, headers)
    {
        Value = value;
    }

    /// <summary>The decoded body.</summary>
    public T Value { get; }
}
