using System;

namespace CallsGen.Runtime;

/// <summary>
/// The client is not set up so that it can send the request, for example no API key, or a token over plain http
/// to a host that is not loopback. Thrown before any request is sent; the message never contains the token.
/// </summary>
public sealed class ApiConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public ApiConfigurationException()
        : base("The API client is not configured correctly.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ApiConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public ApiConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
