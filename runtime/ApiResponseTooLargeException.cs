using System;
using System.Collections.Generic;

namespace CallsGen.Runtime;

/// <summary>
/// A successful response was larger than <see cref="ApiClientOptions.MaxResponseBodyLength"/>: its declared
/// <c>Content-Length</c> (then the body was not read), its body (reading stopped at the limit), or, for the streaming
/// methods, one item of the array. The request is not retried. <see cref="ApiException.ResponseBody"/> is
/// <see langword="null"/>: nothing of the body is kept.
/// </summary>
public sealed class ApiResponseTooLargeException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message (must not contain secrets).</param>
    /// <param name="statusCode">The HTTP status code of the response.</param>
    /// <param name="limit">The limit that was passed, in bytes.</param>
    /// <param name="declaredLength">The response's <c>Content-Length</c>, when it declared one.</param>
    /// <param name="headers">The response and content headers, without credentials; <see langword="null"/> for none.</param>
    public ApiResponseTooLargeException(
        string message,
        int statusCode,
        long limit,
        long? declaredLength = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? headers = null)
        : base(message, statusCode, headers)
    {
        Limit = limit;
        DeclaredLength = declaredLength;
    }

    /// <summary>The limit that was passed, in bytes: <see cref="ApiClientOptions.MaxResponseBodyLength"/> (or the largest array, when that is smaller).</summary>
    public long Limit { get; }

    /// <summary>The response's <c>Content-Length</c>, or <see langword="null"/> when it declared none.</summary>
    public long? DeclaredLength { get; }
}
