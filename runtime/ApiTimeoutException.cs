using System;

namespace CallsGen.Runtime;

/// <summary>
/// An attempt took longer than <see cref="ApiClientOptions.Timeout"/> and no retry was left.
/// Never thrown when the caller's own cancellation token was cancelled: that gives an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ApiTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="timeout">The per-attempt timeout that was exceeded.</param>
    /// <param name="innerException">The cancellation that ended the attempt.</param>
    public ApiTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The per-attempt timeout that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}
