using System;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>
/// Turns a failed response into a more specific exception, for example an <see cref="ApiException{TError}"/> carrying the
/// error body the document declares for its status; returns the exception it was given when it has nothing better.
/// </summary>
/// <param name="error">The exception for the failed response.</param>
/// <returns>The exception to throw.</returns>
public delegate ApiException ApiErrorDecoder(ApiException error);

/// <summary>
/// The server answered with a status for which the document declares an error body, and that body was decoded into
/// <see cref="Error"/>. Everything else is as for <see cref="ApiException"/> (the message, the headers, the redacted body).
/// </summary>
/// <typeparam name="TError">The error body's type.</typeparam>
public class ApiException<TError> : ApiException
{
    /// <summary>Creates the exception from the plain one for the same response.</summary>
    /// <param name="source">The exception for the failed response.</param>
    /// <param name="error">The decoded error body.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public ApiException(ApiException source, TError error)
        : base(
            (source ?? throw new ArgumentNullException(nameof(source))).Message,
            source.StatusCode,
            source.Headers,
            source.ResponseBody,
            source.ResponseBodyTruncated,
            source.InnerException)
    {
        Error = error;
    }

    /// <summary>The decoded error body.</summary>
    public TError Error { get; }
}

/// <summary>What generated error decoders call.</summary>
public static class ApiErrors
{
    /// <summary>
    /// An <see cref="ApiException{TError}"/> with the body of <paramref name="error"/> decoded; <paramref name="error"/> itself
    /// when the body is missing, was cut at <see cref="ApiClientOptions.MaxErrorBodyLength"/>, or is not what the document says.
    /// </summary>
    /// <typeparam name="TError">The error body's type.</typeparam>
    /// <param name="error">The exception for the failed response.</param>
    /// <param name="read">The generated reader for the error body.</param>
    /// <returns>The exception to throw.</returns>
    public static ApiException Decode<TError>(ApiException error, JsonValueReader<TError> read)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(read);
        if (error.ResponseBody is not { Length: > 0 } body || error.ResponseBodyTruncated || error is ApiResponseTooLargeException)
        {
            return error;
        }

        try
        {
            return new ApiException<TError>(error, JsonHelpers.Deserialize(Encoding.UTF8.GetBytes(body), read));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return error;
        }
    }
}
