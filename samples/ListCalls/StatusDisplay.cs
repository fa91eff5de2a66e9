using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// Everything the program says on standard error. Notices are whole lines. On a terminal one more line at the bottom is
/// redrawn in place (a few times a second): progress while listing every call, and how long the server has kept us waiting.
/// Elsewhere (a file, a pipe, a CI log) there is no redrawn line: a wait longer than <see cref="SlowAfter"/> gets one line.
/// </summary>
internal sealed class StatusDisplay : IDisposable
{
    /// <summary>How long the server may keep us waiting before we say so.</summary>
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(150);

    private readonly object _gate = new();
    private readonly TextWriter _error;
    private readonly bool _live;
    private readonly bool _sharesTerminalWithOutput;
    private readonly string _host;
    private long _started; // the first wait for the server: what the rate and the elapsed time count from
    private readonly Timer _timer;
    private bool _showProgress;
    private int _calls;
    private Func<int>? _pages;
    private long _waitingSince; // 0: not waiting
    private bool _waitReported;
    private int _drawnLength;
    private bool _disposed;

    /// <param name="error">Standard error.</param>
    /// <param name="live">Whether standard error is a terminal, where a line can be redrawn.</param>
    /// <param name="sharesTerminalWithOutput">Whether standard output goes to the same terminal, so its writes must not land in the middle of the redrawn line.</param>
    /// <param name="host">The server's host name, for "still waiting for HOST".</param>
    public StatusDisplay(TextWriter error, bool live, bool sharesTerminalWithOutput, string host)
    {
        _error = error;
        _live = live;
        _sharesTerminalWithOutput = sharesTerminalWithOutput;
        _host = host;
        _timer = new Timer(_ => Refresh(), null, Tick, Tick);
    }

    /// <summary>Shows progress (calls, pages, rate) on the redrawn line from now on; <paramref name="pages"/> counts the pages so far.</summary>
    public void ShowProgress(Func<int> pages)
    {
        lock (_gate)
        {
            _showProgress = true;
            _pages = pages;
        }
    }

    /// <summary>The program has started waiting for the server (a request, the next page, the rest of a body).</summary>
    public void Waiting()
    {
        lock (_gate)
        {
            if (_waitingSince == 0) _waitingSince = Stopwatch.GetTimestamp();
            if (_started == 0) _started = _waitingSince;
        }
    }

    /// <summary>A call arrived: the wait, if any, is over.</summary>
    public void Received()
    {
        lock (_gate)
        {
            _calls++;
            _waitingSince = 0;
            _waitReported = false;
        }
    }

    /// <summary>A whole line, for example a notice or an error; on a terminal it goes above the redrawn line.</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            Erase();
            _error.WriteLine(text);
            _error.Flush();
            Draw();
        }
    }

    /// <summary>A retry was announced (the line itself comes through <see cref="Line"/>): a new wait starts from now.</summary>
    public void RetryAnnounced(string line)
    {
        lock (_gate)
        {
            if (_waitingSince != 0) _waitingSince = Stopwatch.GetTimestamp();
            _waitReported = false;
            Erase();
            _error.WriteLine(line);
            _error.Flush();
            Draw();
        }
    }

    /// <summary>Runs <paramref name="write"/> (a write to standard output) with the redrawn line out of its way.</summary>
    public void BeforeOutput(Action write)
    {
        lock (_gate)
        {
            if (_sharesTerminalWithOutput) Erase();
            write();
        }
    }

    /// <summary>Stops redrawing and removes the redrawn line.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            _disposed = true;
            Erase();
            _error.Flush();
        }
    }

    /// <summary>The number of calls received so far.</summary>
    public int Calls
    {
        get
        {
            lock (_gate) return _calls;
        }
    }

    /// <summary>Time since the program first waited for the server.</summary>
    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate) return _started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_started);
        }
    }

    private void Refresh()
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (_live)
            {
                Draw();
            }
            else if (_waitingSince != 0 && !_waitReported && Stopwatch.GetElapsedTime(_waitingSince) >= SlowAfter)
            {
                _waitReported = true;
                _error.WriteLine(WaitingText());
                _error.Flush();
            }
        }
    }

    private string WaitingText() =>
        string.Create(CultureInfo.InvariantCulture, $"still waiting for {_host} ({Stopwatch.GetElapsedTime(_waitingSince).TotalSeconds:0} s)…");

    private void Draw()
    {
        if (!_live || _disposed) return;
        var parts = new System.Collections.Generic.List<string>(3);
        if (_showProgress)
        {
            var seconds = _started == 0 ? 0 : Stopwatch.GetElapsedTime(_started).TotalSeconds;
            var pages = _pages?.Invoke() ?? 0;
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"listing every call: {_calls:N0} so far, {pages:N0} {(pages == 1 ? "page" : "pages")}, {(seconds > 0 ? _calls / seconds : 0):N0} calls/s"));
        }
        if (_waitingSince != 0 && Stopwatch.GetElapsedTime(_waitingSince) >= SlowAfter)
        {
            parts.Add(WaitingText());
        }
        if (parts.Count == 0)
        {
            Erase();
            return;
        }
        var text = string.Join(" · ", parts);
        var width = Math.Max(Terminal.ErrorWidth() - 1, 10); // never the last column: some terminals wrap there
        if (text.Length > width) text = text[..(width - 1)] + "…";
        var padding = Math.Max(_drawnLength - text.Length, 0);
        _error.Write('\r');
        _error.Write(text);
        _error.Write(new string(' ', padding)); // over the rest of a longer line drawn before
        _error.Flush();
        _drawnLength = Math.Max(text.Length, _drawnLength);
    }

    private void Erase()
    {
        if (_drawnLength == 0) return;
        _error.Write('\r');
        _error.Write(new string(' ', _drawnLength));
        _error.Write('\r');
        _error.Flush();
        _drawnLength = 0;
    }
}
