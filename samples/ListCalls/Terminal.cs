using System;
using System.Globalization;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace CallsGen.Samples.ListCalls;

/// <summary>What the program knows about where its output goes.</summary>
internal static class Terminal
{
    /// <summary>Whether standard error is a terminal (progress and live status are drawn only there).</summary>
    public static bool ErrorIsTerminal => !Console.IsErrorRedirected;

    /// <summary>Whether standard output is a terminal.</summary>
    public static bool OutputIsTerminal => !Console.IsOutputRedirected;

    /// <summary>
    /// The width to fit standard output to: COLUMNS when set, else the terminal's width when standard output is one, else
    /// <see langword="null"/> (no limit: a file or a pipe gets every character).
    /// </summary>
    public static int? OutputWidth() => Columns() ?? (OutputIsTerminal ? WindowWidth() : null);

    /// <summary>The width of the terminal standard error draws on: COLUMNS when set, else the terminal's, else 80.</summary>
    public static int ErrorWidth() => Columns() ?? WindowWidth();

    private static int? Columns() =>
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? columns
            : null;

    private static int WindowWidth()
    {
        try
        {
            var width = Console.WindowWidth;
            return width > 0 ? width : 80;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException)
        {
            return 80;
        }
    }

    /// <summary>
    /// Standard output as a stream that reports a reader that went away (a closed pipe, as after <c>| head</c>) as an
    /// <see cref="IOException"/>, so that listing can stop there; .NET's console stream ignores a broken pipe silently.
    /// A file stays on the console stream, which shares the file offset with standard error (as <c>&gt; out 2&gt;&amp;1</c> needs).
    /// </summary>
    public static Stream OpenStandardOutput()
    {
        if (!OperatingSystem.IsWindows() && Console.IsOutputRedirected)
        {
            try
            {
                var pipe = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
                if (!pipe.CanSeek) return pipe;
                pipe.Dispose();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Not a usable descriptor: fall back to the console's stream.
            }
        }
        return Console.OpenStandardOutput();
    }

    /// <summary>Whether <paramref name="exception"/> says the reader of standard output went away.</summary>
    public static bool IsBrokenPipe(Exception exception) =>
        exception is IOException { HResult: 32 } // EPIPE
        || (exception is IOException && exception.Message.Contains("pipe", StringComparison.OrdinalIgnoreCase));
}
