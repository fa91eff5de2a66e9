using System;
using System.Diagnostics;
using System.Threading;

namespace CallsGen.Runtime;

/// <summary>
/// One call: the caller's token, the call's total time limit and the secrets to redact. The limit runs as a wall clock
/// over the attempts and the waits between them; a streaming call then stops the clock and charges only the time spent
/// waiting for reads, so the time the caller spends on each item does not count.
/// </summary>
internal sealed class CallScope : IDisposable
{
    private CancellationTokenSource? _deadline;
    private long _clockStarted;
    private TimeSpan _spent;

    public CallScope(TimeSpan total, CancellationToken caller)
    {
        Total = total;
        Caller = caller;
        Token = caller;
    }

    /// <summary>The caller's token.</summary>
    public CancellationToken Caller { get; }

    /// <summary>The caller's token, also cancelled when the total time limit passes while the clock runs.</summary>
    public CancellationToken Token { get; private set; }

    /// <summary>The total time limit, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>.</summary>
    public TimeSpan Total { get; }

    /// <summary>Whether there is a total time limit.</summary>
    public bool HasDeadline => Total != System.Threading.Timeout.InfiniteTimeSpan;

    /// <summary>The texts to redact in this call's exceptions.</summary>
    public string[] Secrets { get; set; } = [];

    /// <summary>What is left of the total time limit (infinite without one; may be negative).</summary>
    public TimeSpan Remaining =>
        !HasDeadline ? System.Threading.Timeout.InfiniteTimeSpan
        : Total - _spent - (_deadline is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_clockStarted));

    /// <summary>Whether the total time limit has passed (and the caller did not cancel).</summary>
    public bool DeadlinePassed =>
        HasDeadline && !Caller.IsCancellationRequested && (_deadline?.IsCancellationRequested == true || Remaining <= TimeSpan.Zero);

    public void StartClock()
    {
        if (HasDeadline && _deadline is null)
        {
            _clockStarted = Stopwatch.GetTimestamp();
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(Caller);
            _deadline.CancelAfter(Total);
            Token = _deadline.Token;
        }
    }

    /// <summary>Stops the wall clock, keeping the time spent so far; later time counts only through <see cref="Charge"/>.</summary>
    public void StopClock()
    {
        if (_deadline is not null)
        {
            _spent += Stopwatch.GetElapsedTime(_clockStarted);
            _deadline.Dispose();
            _deadline = null;
            Token = Caller;
        }
    }

    /// <summary>Counts time spent waiting for the server after the clock stopped.</summary>
    public void Charge(TimeSpan elapsed) => _spent += elapsed;

    public void Dispose() => _deadline?.Dispose();
}
