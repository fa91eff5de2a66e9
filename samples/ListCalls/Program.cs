using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using Vapi;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// Lists Vapi calls as a table. With VAPI_API_KEY set it calls the real API; without it, it starts
/// the built-in simulator on 127.0.0.1 and lists from that, so it runs anywhere with no account.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: ListCalls [--limit N] [--since TIME] [--until TIME]
               ListCalls --transcript ID

          --limit N        at most N calls, 0-1000 (default 20)
          --since TIME     only calls created at or after TIME
          --until TIME     only calls created before TIME
                           TIME is ISO 8601 (2026-03-01 or 2026-03-01T08:00:00Z) or an age such as 90m, 36h, 7d
          --transcript ID  who said what in the call with that ID

        Set VAPI_API_KEY to list your real calls; without it the built-in simulator answers.
        """;

    public static async Task<int> Main(string[] args)
    {
        Arguments arguments;
        try
        {
            arguments = Arguments.Parse(args, DateTimeOffset.UtcNow);
        }
        catch (FormatException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (arguments.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var apiKey = Environment.GetEnvironmentVariable("VAPI_API_KEY");
        VapiSimulator.VapiSimulator? simulator = null;
        try
        {
            var options = new ApiClientOptions { ApiKey = apiKey };
            if (string.IsNullOrWhiteSpace(apiKey))
            {
                simulator = await VapiSimulator.VapiSimulator.StartAsync(null, cancellation.Token);
                options.ApiKey = simulator.ApiKey;
                options.BaseAddress = simulator.BaseAddress;
                // Ages such as "7d" count back from the simulator's clock, which its seeded calls follow.
                arguments = Arguments.Parse(args, simulator.Now);
                Console.WriteLine($"VAPI_API_KEY is not set: listing from the built-in simulator at {simulator.BaseAddress}");
            }
            else
            {
                Console.WriteLine($"Listing from {VapiClient.DefaultServer}");
            }

            using var client = new VapiClient(options);
            if (arguments.Transcript is { } id)
            {
                var found = await client.ListCallsAsync(new ListCallsRequest { Id = id, Limit = 1 }, cancellation.Token);
                if (found.Count == 0)
                {
                    Console.Error.WriteLine($"There is no call with the ID '{id}'.");
                    return 1;
                }
                Console.WriteLine();
                Console.Write(Transcript.Format(found[0]));
                return 0;
            }

            var calls = await client.ListCallsAsync(
                new ListCallsRequest { Limit = arguments.Limit, CreatedAtGe = arguments.Since, CreatedAtLt = arguments.Until },
                cancellation.Token);
            Console.WriteLine();
            Console.Write(CallTable.Format(calls));
            Console.WriteLine();
            Console.WriteLine($"{calls.Count} call(s)");
            return 0;
        }
        catch (ApiException exception)
        {
            Console.Error.WriteLine($"The API refused the request: {exception.Message}");
            return 1;
        }
        catch (Exception exception) when (exception is ApiConfigurationException or ApiTimeoutException or ArgumentOutOfRangeException or System.Net.Http.HttpRequestException)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
        finally
        {
            if (simulator is not null) await simulator.DisposeAsync();
        }
    }
}

/// <summary>The command line, parsed.</summary>
internal sealed record Arguments(double Limit, DateTimeOffset? Since, DateTimeOffset? Until, string? Transcript, bool Help)
{
    public static Arguments Parse(IReadOnlyList<string> args, DateTimeOffset now)
    {
        double limit = 20;
        DateTimeOffset? since = null, until = null;
        string? transcript = null;
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--limit":
                    var text = Value();
                    if (!double.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 0 || limit > 1000)
                    {
                        throw new FormatException($"--limit must be a whole number from 0 to 1000, not '{text}'.");
                    }
                    break;
                case "--since":
                    since = ParseTime(Value(), now);
                    break;
                case "--until":
                    until = ParseTime(Value(), now);
                    break;
                case "--transcript":
                    transcript = Value();
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                default:
                    throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }
        return new Arguments(limit, since, until, transcript, help);
    }

    private static DateTimeOffset ParseTime(string text, DateTimeOffset now)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            switch (text[^1])
            {
                case 'm': return now.AddMinutes(-amount);
                case 'h': return now.AddHours(-amount);
                case 'd': return now.AddDays(-amount);
            }
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new FormatException($"'{text}' is not a time: use ISO 8601 (2026-03-01T08:00:00Z) or an age such as 7d.");
    }
}

/// <summary>Formats calls as a plain-text table.</summary>
internal static class CallTable
{
    public static string Format(IReadOnlyList<Call> calls)
    {
        var header = new[] { "ID", "CREATED (UTC)", "STATUS", "ENDED REASON", "DURATION", "COST" };
        var rows = calls.Select(call => new[]
        {
            call.Id,
            call.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            call.Status?.Value ?? "-",
            call.EndedReason?.Value ?? "-",
            Duration(call),
            call.Cost is { } cost ? "$" + cost.ToString("0.0000", CultureInfo.InvariantCulture) : "-",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var builder = new System.Text.StringBuilder();
        void Row(string[] cells) => builder.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Row(header);
        Row(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows) Row(row);
        return builder.ToString();
    }

    private static string Duration(Call call)
    {
        if (call.StartedAt is not { } started || call.EndedAt is not { } ended || ended < started) return "-";
        var span = ended - started;
        return span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
