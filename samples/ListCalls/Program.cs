using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using Vapi;

namespace CallsGen.Samples.ListCalls;

/// <summary>The exit codes (also in the help text).</summary>
internal static class ExitCode
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;
}

/// <summary>
/// Lists Vapi calls: a table for people, JSON or JSON Lines for programs. With VAPI_API_KEY set it calls the real API;
/// without it (or with --simulator) it starts the built-in simulator on 127.0.0.1 and lists from that, so it runs
/// anywhere with no account. Standard output carries only the listing; notices, progress, waits and errors go to
/// standard error.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Arguments arguments;
        try
        {
            arguments = Arguments.Parse(args);
        }
        catch (FormatException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Arguments.UsageHint);
            return ExitCode.Usage;
        }
        if (arguments.Help)
        {
            Console.Out.Write(Arguments.Usage + "\n");
            return ExitCode.Ok;
        }

        var apiKey = Environment.GetEnvironmentVariable("VAPI_API_KEY");
        var useSimulator = arguments.Simulator || (string.IsNullOrWhiteSpace(apiKey) && arguments.BaseUrl is null);
        if (!useSimulator && string.IsNullOrWhiteSpace(apiKey))
        {
            Console.Error.WriteLine("--base-url needs the API key in VAPI_API_KEY.");
            return ExitCode.Usage;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C stops listing and keeps what was listed; a second one ends the program at once.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };

        var server = useSimulator ? null : arguments.BaseUrl ?? new Uri(VapiClient.DefaultServer);
        var output = new BufferedStream(Terminal.OpenStandardOutput(), 64 * 1024);
        using var display = new StatusDisplay(Console.Error, Terminal.ErrorIsTerminal, Terminal.ErrorIsTerminal && Terminal.OutputIsTerminal, server?.Host ?? "127.0.0.1");
        using var pages = new PageCounter();
        // Retries and their waits, as the runtime reports them (RetryWatcher says how).
        using var retries = new RetryWatcher(RetryWatcher.RuntimeSourceName, display.RetryAnnounced, TimeSpan.FromMilliseconds(100));

        VapiSimulator.VapiSimulator? simulator = null;
        try
        {
            var options = new ApiClientOptions { ApiKey = apiKey, BaseAddress = server };
            var clock = DateTimeOffset.UtcNow;
            string? clockNote = null;
            if (useSimulator)
            {
                simulator = await VapiSimulator.VapiSimulator.StartAsync(SimulatorOptions.ForListCalls(), cancellation.Token);
                options.ApiKey = simulator.ApiKey;
                options.BaseAddress = simulator.BaseAddress;
                clock = simulator.Now;
                clockNote = string.Create(CultureInfo.InvariantCulture,
                    $"The simulator's clock reads {clock.UtcDateTime:yyyy-MM-dd HH:mm} UTC; ages such as 7d count back from it.");
                var why = arguments.Simulator ? "--simulator" : "VAPI_API_KEY is not set";
                display.Line(string.Create(CultureInfo.InvariantCulture,
                    $"{why}: listing simulated calls from the built-in simulator at {simulator.BaseAddress} (its clock reads {clock.UtcDateTime:yyyy-MM-dd HH:mm} UTC)"));
            }

            using var client = new VapiClient(options);
            if (arguments.Transcript is { } id)
            {
                display.Waiting();
                var found = await client.ListCallsAsync(new ListCallsRequest { Id = id, Limit = 1 }, cancellation.Token);
                display.Received();
                if (found.Count == 0)
                {
                    display.Line($"There is no call with the ID '{id}'.");
                    return ExitCode.Failed;
                }
                display.BeforeOutput(() => output.Write(Encoding.UTF8.GetBytes(Transcript.Format(found[0]))));
                display.BeforeOutput(output.Flush);
                return ExitCode.Ok;
            }

            var since = arguments.Since is { } s ? Arguments.ParseTime(s, clock) : (DateTimeOffset?)null;
            var until = arguments.Until is { } u ? Arguments.ParseTime(u, clock) : (DateTimeOffset?)null;
            if (simulator is not null)
            {
                // An age counts back from the simulator's clock, not this machine's: say what it came to.
                foreach (var (option, text, time) in new[] { ("--since", arguments.Since, since), ("--until", arguments.Until, until) })
                {
                    if (text is not null && time is { } t && Arguments.IsAge(text))
                    {
                        display.Line(string.Create(CultureInfo.InvariantCulture, $"{option} {text} is {t.UtcDateTime:yyyy-MM-dd HH:mm} UTC by the simulator's clock."));
                    }
                }
            }
            var request = new ListCallsRequest { CreatedAtGe = since, CreatedAtLt = until };
            var writer = CallWriter.Create(arguments.Format, output, display, calls => Table(calls, arguments, clockNote));
            if (arguments.All) display.ShowProgress(() => pages.Pages);
            var calls = arguments.All
                ? client.ListAllCallsAsync(request with { Limit = arguments.PageSize }, cancellation.Token)
                : client.ListCallsStreamAsync(request with { Limit = arguments.Limit }, cancellation.Token);
            return await ListAsync(calls, writer, display, arguments, pages, cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            display.Line("Cancelled.");
            return ExitCode.Cancelled;
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            display.Line(Describe(exception));
            return ExitCode.Failed;
        }
        catch (IOException exception) when (Terminal.IsBrokenPipe(exception))
        {
            return ExitCode.Ok; // the reader of standard output has gone (| head): nothing more to do
        }
        finally
        {
            if (simulator is not null) await simulator.DisposeAsync();
            try
            {
                output.Dispose();
            }
            catch (IOException exception) when (Terminal.IsBrokenPipe(exception))
            {
                // What was left for a reader that has gone.
            }
        }
    }

    /// <summary>Takes the calls as they arrive and writes them; whatever stops the listing, what was listed is written.</summary>
    private static async Task<int> ListAsync(IAsyncEnumerable<Call> calls, CallWriter writer, StatusDisplay display, Arguments arguments, PageCounter pages, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var cancelled = false;
        try
        {
            await using var items = calls.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                var next = items.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    // About to wait for the server: what is listed so far goes out now (JSON Lines are streamed).
                    writer.Flush();
                    display.Waiting();
                }
                if (!await next) break;
                display.Received();
                writer.Add(items.Current);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            failure = exception;
        }

        // Cut short by a failure before any call came, there is nothing to write: no empty table or array that looks like an answer.
        if (failure is null || writer.Count > 0) writer.Complete();
        display.Dispose(); // the redrawn line goes; the lines below stay
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{writer.Count:N0} {(writer.Count == 1 ? "call" : "calls")} in {pages.Pages:N0} {(pages.Pages == 1 ? "page" : "pages")}, {display.Elapsed.TotalSeconds:0.0} s");
        if (cancelled)
        {
            display.Line($"Cancelled (Ctrl-C) after {summary}; what was listed is written.");
            return ExitCode.Cancelled;
        }
        if (failure is not null)
        {
            if (writer.Count > 0) display.Line($"Stopped after {summary}:");
            display.Line(Describe(failure));
            return ExitCode.Failed;
        }
        if (arguments.All && Terminal.ErrorIsTerminal) display.Line($"Listed {summary}.");
        return ExitCode.Ok;
    }

    private static string Table(IReadOnlyList<Call> calls, Arguments arguments, string? clockNote)
    {
        var layout = CallTable.Format(calls, Terminal.OutputWidth(), arguments.FullIds, out var table);
        var text = new StringBuilder(table).Append('\n');
        text.Append(calls.Count switch
        {
            0 => "No calls",
            1 => "1 call",
            var n => string.Create(CultureInfo.InvariantCulture, $"{n:N0} calls, newest first"),
        }).Append("; times in UTC.\n");
        if (clockNote is not null) text.Append(clockNote).Append('\n');
        if (layout.IdsShortened) text.Append("IDs are shortened to fit: --full-ids shows them whole.\n");
        else if (layout.Cut) text.Append("Columns are cut to fit the terminal: a wider one (or COLUMNS) shows more.\n");
        if (!arguments.All && arguments.Limit > 0 && calls.Count == arguments.Limit)
        {
            text.Append("There may be more: --limit N shows up to 1000, --all shows every call.\n");
        }
        return text.ToString();
    }

    /// <summary>What ends a listing with exit code 1: the API said no, or the answer never came or made no sense.</summary>
    private static bool IsFailure(Exception exception) => exception is ApiException or TimeoutException or HttpRequestException
        or JsonException or ApiConfigurationException or ArgumentOutOfRangeException or InvalidOperationException
        || (exception is IOException && !Terminal.IsBrokenPipe(exception));

    private static string Describe(Exception exception) => exception switch
    {
        ApiException api => $"The API refused the request: {api.Message}",
        JsonException json => $"The API's answer could not be read: {json.Message}",
        _ => exception.Message,
    };
}
