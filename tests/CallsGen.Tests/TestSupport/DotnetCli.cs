using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace CallsGen.Tests.TestSupport;

/// <summary>Runs the `dotnet` command line as a user would, isolated from the test host's own build.</summary>
internal static class DotnetCli
{
    public static string Run(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, timeout, new Dictionary<string, string>(), arguments);

    /// <summary>Runs `dotnet` from PATH; fails with its output when it exits non-zero or overruns <paramref name="timeout"/>.</summary>
    public static string Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output, _, transcript) = Execute(workingDirectory, timeout, environment, arguments);
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{transcript}");
        return output;
    }

    /// <summary>Runs `dotnet` and returns its exit code, standard output and standard error; fails only when it overruns <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) RunForExit(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var (exitCode, output, error, _) = Execute(workingDirectory, timeout, environment, arguments);
        return (exitCode, output, error);
    }

    private static (int ExitCode, string Output, string Error, string Transcript) Execute(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var isBuild = arguments[0] is "build" or "pack";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (isBuild)
        {
            // No build servers: nothing may outlive the step (a lingering node would hold the test run's pipes open).
            start.ArgumentList.Add("--disable-build-servers");
            start.ArgumentList.Add("-nologo");
        }
        // Variables that the test host's own build may leave behind would point the child at another MSBuild.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExit((int)timeout.TotalMilliseconds);
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
            process.WaitForExit(5000);
        }
        else
        {
            process.WaitForExit(); // drains the output events
        }
        string Output()
        {
            lock (stdout) lock (stderr) return $"$ dotnet {string.Join(' ', start.ArgumentList)}\n(in {workingDirectory}, {watch.Elapsed.TotalSeconds:F0} s)\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}";
        }
        Assert.True(exited, $"timed out after {timeout.TotalSeconds:F0} s\n{Output()}");
        lock (stdout) lock (stderr) return (process.ExitCode, stdout.ToString(), stderr.ToString(), Output());
    }
}
