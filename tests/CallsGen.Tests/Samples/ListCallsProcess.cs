using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Samples;

/// <summary>Runs the built main job (samples/ListCalls) as a process, with no VAPI_API_KEY unless given, so it answers from its simulator.</summary>
internal static class ListCalls
{
    public static string Dll
    {
        get
        {
            // Built beside the tests (the test project references it without referencing its assembly), in the same configuration.
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var path = Path.Combine(Repo.Root, "samples", "ListCalls", "bin", configuration, "net10.0", "ListCalls.dll");
            Assert.True(File.Exists(path), path + " is not built");
            return path;
        }
    }

    public static string Run(TimeSpan timeout, params string[] arguments) =>
        DotnetCli.Run(Repo.Root, timeout, new Dictionary<string, string> { ["VAPI_API_KEY"] = "", ["COLUMNS"] = "" }, new[] { Dll }.Concat(arguments).ToArray());

    public static (int ExitCode, string Output, string Error) RunForExit(TimeSpan timeout, params string[] arguments) =>
        RunForExit(timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs it to the end; <paramref name="environment"/> adds to (or with an empty value, removes from) a clean environment.</summary>
    public static (int ExitCode, string Output, string Error) RunForExit(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        process.WaitForExit(timeout);
        return (process.ExitCode, process.Output, process.Error);
    }

    /// <summary>Starts it with standard output and error captured whole (byte for byte, as UTF-8).</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        CliProcess.Start("dotnet", new[] { Dll }.Concat(arguments).ToArray(), environment, readOutput: true);
}

/// <summary>A program started with a clean environment, its output read as it comes.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly Task _outputRead;
    private readonly Task _errorRead;
    private readonly string _command;

    private CliProcess(Process process, bool readOutput, string command)
    {
        _process = process;
        _command = command;
        _outputRead = readOutput ? Pump(process.StandardOutput, _output) : Task.CompletedTask;
        _errorRead = Pump(process.StandardError, _error);
    }

    public static CliProcess Start(string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, bool readOutput)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // What the machine's environment might otherwise decide: the key, the width, the .NET first-run chatter.
        foreach (var name in new[] { "VAPI_API_KEY", "COLUMNS", "LINES", "DOTNET_HOST_PATH" }) start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            if (value.Length == 0) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        process.StandardInput.Close(); // nothing to read: like </dev/null
        return new CliProcess(process, readOutput, fileName + " " + string.Join(' ', arguments));
    }

    public int Id => _process.Id;

    /// <summary>Standard output as a stream, for a test that reads it itself (started with readOutput: false).</summary>
    public StreamReader StandardOutput => _process.StandardOutput;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public string Error
    {
        get
        {
            lock (_error) return _error.ToString();
        }
    }

    /// <summary>Waits for the exit and for the output to be read; fails the test (with what it printed) if it overruns.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            _process.WaitForExit(5000);
            Assert.Fail($"timed out after {timeout.TotalSeconds:F0} s: {_command}\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Error}");
        }
        Task.WaitAll([_outputRead, _errorRead], TimeSpan.FromSeconds(30));
        return true;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until <paramref name="condition"/> holds; false if it never did.</summary>
    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) return false;
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        Assert.Equal(0, kill(_process.Id, 2));
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
        _process.Dispose();
    }

    public override string ToString() => $"{_command}\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Error}";

    private static string Tail(string text) => text.Length > 4000 ? "…" + text[^4000..] : text;

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, 0, buffer.Length)) > 0)
        {
            lock (into) into.Append(buffer, 0, read);
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a test helper: the plain DllImport is enough
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
