using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallsGen.Samples.ListCalls;

/// <summary>How the calls are written to standard output.</summary>
internal enum OutputFormat
{
    /// <summary>A table for people, fitted to the terminal.</summary>
    Table,

    /// <summary>One JSON array of the calls as the API sent them.</summary>
    Json,

    /// <summary>One call per line (JSON Lines), written as they arrive.</summary>
    JsonLines,
}

/// <summary>The command line, parsed. Times stay text until the clock they count back from is known.</summary>
internal sealed record Arguments
{
    public const int DefaultLimit = 20;
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public const string Usage = """
        ListCalls: list Vapi calls, newest first.

        Usage:
          ListCalls [--limit N | --all [--page-size N]] [--since TIME] [--until TIME]
                    [--json | --jsonl] [--full-ids] [--simulator | --base-url URL]
          ListCalls --transcript ID
          ListCalls --help

        What to list:
          --limit N        the newest N calls, 0-1000, in one request (default 20)
          --all            every call (within --since/--until), page after page;
                           progress on standard error when it is a terminal;
                           Ctrl-C stops and keeps what was listed
          --page-size N    calls per request with --all, 1-1000 (default 100)
          --since TIME     only calls created at or after TIME
          --until TIME     only calls created before TIME
                           TIME: ISO 8601 (2026-03-01, 2026-03-01T08:00:00Z) or an
                           age (90m, 36h, 7d) counted back from the server's clock
          --transcript ID  who said what in that call (the whole ID: --full-ids)

        How to write them (on standard output; notices, progress and errors go
        to standard error):
          (default)        a table that fits the terminal (COLUMNS sets the width);
                           to a file or pipe nothing is cut
          --json           one JSON array of the calls exactly as the API sent them
                           (unknown fields kept)
          --jsonl          the same, one call per line, written as each arrives
          --full-ids       never shorten IDs in the table

        Where from:
          VAPI_API_KEY     set it to list your calls from https://api.vapi.ai;
                           without it the built-in simulator answers (3,000
                           calls; its clock is fixed at 2026-03-15 12:00 UTC)
          --simulator      use the built-in simulator even when VAPI_API_KEY is set
          --base-url URL   send requests to URL instead of https://api.vapi.ai
                           (with VAPI_API_KEY; plain http only to this machine)

        Exit codes:
          0    listed (also when the reader stopped early, as head does)
          1    the API refused, failed or could not be reached (after the
               retries), or no call has that ID
          2    the command line is wrong
          130  cancelled with Ctrl-C (what was listed so far is written first)

        Examples:
          ListCalls                                 the newest 20 calls, a table
          ListCalls --since 7d --limit 100          the last week's newest 100
          ListCalls --all --since 2026-01-01 --json > calls.json
          ListCalls --all --jsonl | head -n 3
          ListCalls --all --jsonl | jq -r 'select(.endedReason == "voicemail") | .id'
          ListCalls --full-ids --limit 5            then: ListCalls --transcript ID
        """;

    public const string UsageHint = "Run 'ListCalls --help' to see every option.";

    public int Limit { get; init; } = DefaultLimit;

    public bool LimitGiven { get; init; }

    public bool All { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public bool PageSizeGiven { get; init; }

    public string? Since { get; init; }

    public string? Until { get; init; }

    public string? Transcript { get; init; }

    public OutputFormat Format { get; init; } = OutputFormat.Table;

    public bool FullIds { get; init; }

    public bool Simulator { get; init; }

    public Uri? BaseUrl { get; init; }

    public bool Help { get; init; }

    /// <summary>Parses the command line; a mistake is a <see cref="FormatException"/> whose message says what is wrong.</summary>
    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var result = new Arguments();
        string? format = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? inline = null;
            if (name.StartsWith("--", StringComparison.Ordinal) && name.IndexOf('=', StringComparison.Ordinal) is var equals and > 2)
            {
                inline = name[(equals + 1)..];
                name = name[..equals];
            }

            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 < args.Count) return args[++i];
                throw new FormatException($"{name} needs a value.");
            }

            void Flag()
            {
                if (inline is not null) throw new FormatException($"{name} takes no value.");
            }

            switch (name)
            {
                case "--limit":
                    result = result with { Limit = Whole(name, Value(), 0, 1000), LimitGiven = true };
                    break;
                case "--all":
                    Flag();
                    result = result with { All = true };
                    break;
                case "--page-size":
                    result = result with { PageSize = Whole(name, Value(), 1, MaxPageSize), PageSizeGiven = true };
                    break;
                case "--since":
                    result = result with { Since = CheckTime(Value()) };
                    break;
                case "--until":
                    result = result with { Until = CheckTime(Value()) };
                    break;
                case "--transcript":
                    var id = Value();
                    if (string.IsNullOrWhiteSpace(id)) throw new FormatException("--transcript needs a call ID.");
                    result = result with { Transcript = id };
                    break;
                case "--json" or "--jsonl":
                    Flag();
                    if (format is not null && format != name) throw new FormatException($"{format} and {name} cannot be used together.");
                    format = name;
                    result = result with { Format = name == "--json" ? OutputFormat.Json : OutputFormat.JsonLines };
                    break;
                case "--full-ids":
                    Flag();
                    result = result with { FullIds = true };
                    break;
                case "--simulator":
                    Flag();
                    result = result with { Simulator = true };
                    break;
                case "--base-url":
                    var text = Value();
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                    {
                        throw new FormatException($"--base-url must be an absolute http or https URL, not '{text}'.");
                    }
                    result = result with { BaseUrl = url };
                    break;
                case "-h" or "--help":
                    Flag();
                    result = result with { Help = true };
                    break;
                default:
                    throw new FormatException(name.StartsWith('-') ? $"Unknown option '{name}'." : $"Unexpected argument '{name}'.");
            }
        }

        if (result.Help) return result;
        if (result.All && result.LimitGiven) throw new FormatException("--all lists every call; use --since/--until to narrow it, not --limit.");
        if (result.PageSizeGiven && !result.All) throw new FormatException("--page-size goes with --all.");
        if (result.Simulator && result.BaseUrl is not null) throw new FormatException("--simulator and --base-url cannot be used together.");
        if (result.Transcript is not null && (result.All || result.LimitGiven || result.Since is not null || result.Until is not null || format is not null))
        {
            throw new FormatException("--transcript ID prints one call's transcript and takes no listing options.");
        }
        return result;
    }

    private static int Whole(string name, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
        }
        return value;
    }

    private static string CheckTime(string text)
    {
        ParseTime(text, DateTimeOffset.UnixEpoch);
        return text;
    }

    /// <summary>Whether <paramref name="text"/> is an age (90m, 36h, 7d) rather than a time.</summary>
    public static bool IsAge(string text) => text.Length > 1 && text[^1] is 'm' or 'h' or 'd' && char.IsAsciiDigit(text[0]);

    /// <summary>An ISO 8601 time, or an age (90m, 36h, 7d) counted back from <paramref name="now"/>.</summary>
    public static DateTimeOffset ParseTime(string text, DateTimeOffset now)
    {
        if (text.Length > 1 && text[^1] is 'm' or 'h' or 'd'
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            var days = amount / (text[^1] switch { 'm' => 24 * 60, 'h' => 24, _ => 1 });
            if (!(days <= 100 * 366)) throw new FormatException($"'{text}' is more than a hundred years back.");
            return now - TimeSpan.FromDays(days);
        }
        if (text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }
        throw new FormatException($"'{text}' is not a time: use ISO 8601 (2026-03-01T08:00:00Z) or an age such as 7d.");
    }
}
