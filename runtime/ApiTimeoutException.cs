using System;

namespace CallsGen.Runtime;

/// <summary>
/// A call took too long: an attempt (or, for the streaming methods, the wait for a part of the body) took longer than
/// <see cref="ApiClientOptions.Timeout"/> and no retry was left, or the whole call passed
/// <see cref="ApiClientOptions.TotalTimeout"/> (<see cref="IsTotalTimeout"/>). The message says which.
/// Never thrown when the caller's own cancellation token was cancelled: that gives an <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class ApiTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for a per-attempt timeout.</summary>
    /// <param name="message">The message.</param>
    /// <param name="timeout">The per-attempt timeout that was exceeded.</param>
    /// <param name="innerException">The cancellation that ended the attempt.</param>
    public ApiTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : this(message, timeout, isTotalTimeout: false, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message, naming the bound that was passed.</param>
    /// <param name="timeout">The bound that was passed.</param>
    /// <param name="isTotalTimeout">Whether it is the bound of the whole call rather than that of one attempt or read.</param>
    /// <param name="innerException">The cancellation that ended the call.</param>
    public ApiTimeoutException(string message, TimeSpan timeout, bool isTotalTimeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
        IsTotalTimeout = isTotalTimeout;
    }

    /// <summary>
    /// The bound that was passed: <see cref="ApiClientOptions.Timeout"/> (or a caller-provided HttpClient's own, shorter,
    /// timeout), or the whole call's bound when <see cref="IsTotalTimeout"/> is set.
    /// </summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// Whether the whole call passed <see cref="ApiClientOptions.TotalTimeout"/> (or its derived default), rather than one
    /// attempt or one read passing <see cref="ApiClientOptions.Timeout"/>.
    /// </summary>
    public bool IsTotalTimeout { get; }
}
