using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;

namespace CallsGen.Tests.Samples;

/// <summary>
/// The main job as a command-line tool, driven as a process the way people and scripts use it: what it writes to standard
/// output, what it says on standard error, and its exit code. Where a test needs the server to misbehave, it runs a
/// simulator of its own and points the program at it with --base-url.
/// </summary>
public sealed class ListCallsCliTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static readonly Regex FullId = new("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.CultureInvariant);

    // ---- the command line ----

    [Fact]
    public void Help_lists_every_option_with_examples_and_exit_codes()
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, "--help");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        foreach (var option in new[] { "--limit", "--all", "--page-size", "--since", "--until", "--transcript", "--json", "--jsonl", "--full-ids", "--simulator", "--base-url", "VAPI_API_KEY", "COLUMNS" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("ListCalls --all --jsonl | head", output, StringComparison.Ordinal);
        foreach (var exit in new[] { "0 ", "1 ", "2 ", "130 " }) Assert.Matches(new Regex("^  " + Regex.Escape(exit), RegexOptions.Multiline), output);
    }

    [Theory]
    [InlineData("--limit 5000", "--limit must be a whole number from 0 to 1000")]
    [InlineData("--limit many", "--limit must be a whole number")]
    [InlineData("--all --limit 5", "--all lists every call")]
    [InlineData("--page-size 50", "--page-size goes with --all")]
    [InlineData("--all --page-size 0", "--page-size must be a whole number from 1 to 1000")]
    [InlineData("--json --jsonl", "cannot be used together")]
    [InlineData("--since yesterday", "'yesterday' is not a time")]
    [InlineData("--simulator --base-url https://example.test", "cannot be used together")]
    [InlineData("--base-url ftp://example.test", "--base-url must be an absolute http or https URL")]
    [InlineData("--transcript abc --json", "--transcript ID prints one call's transcript")]
    [InlineData("--colour", "Unknown option '--colour'")]
    [InlineData("--since", "--since needs a value")]
    public void A_wrong_command_line_says_why_on_standard_error_and_exits_with_2(string arguments, string message)
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, arguments.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("ListCalls --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_url_without_an_API_key_is_a_usage_error()
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, "--base-url", "https://api.example.test");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("--base-url needs the API key in VAPI_API_KEY", error, StringComparison.Ordinal);
    }

    // ---- every call, exactly as the API sent them ----

    [Fact]
    public async Task All_as_JSON_lines_is_every_simulated_call_once_newest_first_exactly_as_the_API_sent_it()
    {
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        var expected = NewestFirst(simulator.GetCalls());
        // The data makes the walk cross createdAt ties at page boundaries (page size 100), where a naive pager repeats or skips.
        var tiesOnBoundaries = Enumerable.Range(1, (expected.Count - 1) / 100).Count(page => CreatedAt(expected[(page * 100) - 1]) == CreatedAt(expected[page * 100]));
        Assert.True(tiesOnBoundaries >= 2, $"only {tiesOnBoundaries} page boundaries fall inside a createdAt tie");
        Assert.InRange(expected.Count, 2000, 10000);
        Assert.True(DateTimeOffset.Parse(CreatedAt(expected[0]), CultureInfo.InvariantCulture) - DateTimeOffset.Parse(CreatedAt(expected[^1]), CultureInfo.InvariantCulture) > TimeSpan.FromDays(90));

        var watch = Stopwatch.StartNew();
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, "--all", "--jsonl");
        watch.Stop();

        Assert.True(code == 0, error);
        var lines = output.Split('\n');
        Assert.Equal("", lines[^1]);
        var listed = lines[..^1].Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        Assert.Equal(expected.Select(Id), listed.Select(Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(expected[i], listed[i]), $"call {Id(expected[i])} differs:\nsent   {expected[i].ToJsonString()}\nlisted {listed[i].ToJsonString()}");
        }
        // Notices on standard error only; no progress when standard error is not a terminal.
        Assert.Contains("VAPI_API_KEY is not set: listing simulated calls from the built-in simulator", error, StringComparison.Ordinal);
        Assert.DoesNotContain("listing every call", error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < RunTimeout, $"--all over {expected.Count} calls took {watch.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task Fields_and_values_the_document_does_not_know_come_back_unchanged()
    {
        await using var simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 3 });
        simulator.AddCall(JsonNode.Parse("""
            {
              "id": "call-from-next-year", "orgId": "org-1", "createdAt": "2026-03-15T11:59:00.000Z", "updatedAt": "2026-03-15T11:59:30.000Z",
              "type": "vapi.holographicCall", "status": "teleported", "endedReason": "a-reason-added-next-week",
              "futureField": { "nested": [1, 2.5, "x", null, true, { "deep": "é → ✓ +1" }] },
              "analysis": { "successEvaluation": true, "sentiment": 0.93 },
              "cost": 0.1234,
              "costs": [ { "type": "teleportation", "cost": 0.5, "lightYears": 2 } ],
              "messages": [ { "role": "narrator", "message": "Once upon a time", "time": 1 } ]
            }
            """)!.AsObject());
        var expected = NewestFirst(simulator.GetCalls());

        foreach (var format in new[] { "--jsonl", "--json" })
        {
            var (code, output, error) = ListCalls.RunForExit(RunTimeout, WithKey(simulator), format, "--base-url", simulator.BaseAddress.ToString());

            Assert.True(code == 0, error);
            var listed = format == "--json"
                ? JsonNode.Parse(output)!.AsArray().Select(n => n!.AsObject()).ToList()
                : output.TrimEnd('\n').Split('\n').Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
            Assert.Equal(expected.Count, listed.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(expected[i], listed[i]), $"{format}: call {Id(expected[i])} differs:\nsent   {expected[i].ToJsonString()}\nlisted {listed[i].ToJsonString()}");
            }
            Assert.Equal("", error); // no notice: this is not the built-in simulator
        }
    }

    [Fact]
    public async Task Ages_count_back_from_the_simulators_clock_and_the_JSON_array_holds_just_those_calls()
    {
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        var since = simulator.Now.AddDays(-7);
        var expected = NewestFirst(simulator.GetCalls()).Where(c => DateTimeOffset.Parse(CreatedAt(c), CultureInfo.InvariantCulture) >= since).ToList();
        Assert.InRange(expected.Count, 101, 1000); // more than one page

        var (code, output, error) = ListCalls.RunForExit(RunTimeout, "--all", "--json", "--since", "7d");

        Assert.True(code == 0, error);
        var listed = JsonNode.Parse(output)!.AsArray(); // nothing but the array on standard output
        Assert.Equal(expected.Select(Id), listed.Select(c => Id(c!.AsObject())));
        Assert.Contains("its clock reads 2026-03-15 12:00 UTC", error, StringComparison.Ordinal);
        Assert.Contains("--since 7d is 2026-03-08 12:00 UTC by the simulator's clock.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_reader_stops_early_as_head_does_listing_stops_and_exits_0()
    {
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        using var process = CliProcess.Start("dotnet", [ListCalls.Dll, "--all", "--jsonl", "--base-url", simulator.BaseAddress.ToString()], WithKey(simulator), readOutput: false);

        for (var i = 0; i < 3; i++) Assert.StartsWith("{", process.StandardOutput.ReadLine(), StringComparison.Ordinal);
        process.StandardOutput.Dispose(); // | head -n 3

        process.WaitForExit(RunTimeout);
        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.DoesNotContain("Exception", process.Error, StringComparison.Ordinal);
        // Stopped within a few pages of the 31 that listing every call takes.
        Assert.InRange(simulator.Requests.Count, 1, 10);
    }

    // ---- the table ----

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(160)]
    [InlineData(250)]
    public void The_table_fits_the_width_it_is_given(int width)
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, new Dictionary<string, string> { ["COLUMNS"] = width.ToString(CultureInfo.InvariantCulture) }, "--limit", "50");

        Assert.True(code == 0, error);
        var table = TableLines(output);
        Assert.Equal(52, table.Count); // header, rule, 50 calls
        Assert.All(table, line => Assert.True(line.Length <= width, $"{line.Length} > {width}: {line}"));
        Assert.StartsWith("ID ", table[0], StringComparison.Ordinal);
        Assert.Contains("CREATED (UTC)", table[0], StringComparison.Ordinal);
        Assert.Contains("STATUS", table[0], StringComparison.Ordinal);
        var footer = output[(output.IndexOf("\n\n", StringComparison.Ordinal) + 2)..];
        Assert.Contains("50 calls, newest first; times in UTC.", footer, StringComparison.Ordinal);
        Assert.Contains("The simulator's clock reads 2026-03-15 12:00 UTC", footer, StringComparison.Ordinal);
        if (width >= 250)
        {
            Assert.All(table.Skip(2), row => Assert.Matches(FullId, row));
            Assert.Contains("TYPE", table[0], StringComparison.Ordinal);
            Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        }
        if (width <= 100)
        {
            Assert.All(table.Skip(2), row => Assert.Matches("^[0-9a-f]{8}… ", row));
            Assert.Contains("--full-ids shows them whole", footer, StringComparison.Ordinal);
        }
        Assert.Equal(width >= 60, table[0].Contains("ENDED REASON", StringComparison.Ordinal));
    }

    [Fact]
    public void Full_ids_keeps_whole_IDs_in_a_narrow_table()
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, new Dictionary<string, string> { ["COLUMNS"] = "80" }, "--limit", "10", "--full-ids");

        Assert.True(code == 0, error);
        var table = TableLines(output);
        Assert.All(table.Skip(2), row => Assert.Matches(FullId, row));
        Assert.All(table, line => Assert.True(line.Length <= 80, line));
    }

    [Fact]
    public void A_table_written_to_a_file_or_pipe_is_not_cut()
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, "--limit", "200");

        Assert.True(code == 0, error);
        var table = TableLines(output);
        Assert.Equal(202, table.Count);
        Assert.All(table.Skip(2), row => Assert.Matches(FullId, row));
        Assert.DoesNotContain("…", output, StringComparison.Ordinal);
        Assert.Contains("There may be more: --limit N shows up to 1000, --all shows every call.", output, StringComparison.Ordinal);
    }

    // ---- where from ----

    [Fact]
    public void Simulator_forces_the_built_in_simulator_even_with_an_API_key()
    {
        var (code, output, error) = ListCalls.RunForExit(RunTimeout, new Dictionary<string, string> { ["VAPI_API_KEY"] = "sk-not-a-real-key" }, "--simulator", "--limit", "3", "--jsonl");

        Assert.True(code == 0, error);
        Assert.Equal(3, output.TrimEnd('\n').Split('\n').Length);
        Assert.Contains("--simulator: listing simulated calls from the built-in simulator at http://127.0.0.1:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_from_the_API_exits_with_1_and_says_why_on_standard_error()
    {
        await using var simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 3 });

        var (code, output, error) = ListCalls.RunForExit(RunTimeout, new Dictionary<string, string> { ["VAPI_API_KEY"] = "sk-wrong" }, "--jsonl", "--base-url", simulator.BaseAddress.ToString());

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("The API refused the request", error, StringComparison.Ordinal);
        Assert.Contains("401", error, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_exits_with_1_after_the_retries()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now: every connection is refused

        var (code, output, error) = ListCalls.RunForExit(RunTimeout, new Dictionary<string, string> { ["VAPI_API_KEY"] = "sk-any" }, "--base-url", $"http://127.0.0.1:{port}/");

        Assert.Equal(1, code);
        Assert.Equal("", output); // no empty table that would look like an answer
        Assert.Contains("Connection refused", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
    }

    // ---- waits, retries, progress ----

    [Fact]
    public async Task A_slow_answer_gets_one_line_on_standard_error_when_it_is_not_a_terminal()
    {
        await using var simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 5 });
        simulator.EnqueueFault(new SimulatedFault { Delay = StatusDisplayWait + TimeSpan.FromSeconds(2) });

        var (code, output, error) = ListCalls.RunForExit(RunTimeout, WithKey(simulator), "--limit", "3", "--jsonl", "--base-url", simulator.BaseAddress.ToString());

        Assert.True(code == 0, error);
        Assert.Equal(3, output.TrimEnd('\n').Split('\n').Length);
        var waits = Regex.Matches(error, @"^still waiting for 127\.0\.0\.1 \(\d+ s\)…$", RegexOptions.Multiline);
        Assert.True(waits.Count == 1, error);
        Assert.DoesNotContain("\r", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_retry_line_is_made_from_the_runtimes_retry_event_while_the_wait_is_on()
    {
        // The CLI's watcher, in this process, against an ActivitySource of the test's own that emits the runtime's event.
        var watcherType = Assembly.LoadFrom(ListCalls.Dll).GetType("CallsGen.Samples.ListCalls.RetryWatcher", throwOnError: true)!;
        var lines = new ConcurrentQueue<string>();
        using var source = new ActivitySource("CallsGen.Tests.FakeRuntime." + Guid.NewGuid().ToString("N"));
        using var watcher = (IDisposable)Activator.CreateInstance(watcherType, source.Name, (Action<string>)lines.Enqueue, TimeSpan.FromMilliseconds(20))!;

        using (var operation = source.StartActivity("GET /call"))
        {
            Assert.NotNull(operation); // the watcher asks for every operation
            operation.AddEvent(Retry(2, 4, 2000, ("http.response.status_code", 503)));
            // Shown while the operation is still waiting to retry (it has not stopped).
            Assert.True(CliProcess.WaitUntil(() => lines.Count >= 1, TimeSpan.FromSeconds(30)), "no line for the retry");
            Assert.Equal(new[] { "503 from api.vapi.ai, retrying in 2 s, attempt 2 of 4" }, lines);

            operation.AddEvent(new ActivityEvent("callsgen.something_else"));
            operation.AddEvent(Retry(3, 4, 400, ("error.type", "System.Net.Http.HttpRequestException")));
            Assert.True(CliProcess.WaitUntil(() => lines.Count >= 2, TimeSpan.FromSeconds(30)), "no line for the second retry");
        }

        // A retry on an operation that stops before the watcher next looks is still shown, once.
        var quick = source.StartActivity("GET /call")!;
        quick.AddEvent(Retry(2, 2, 0, ("error.type", "timeout")));
        quick.Stop();

        Assert.Equal(
            new[]
            {
                "503 from api.vapi.ai, retrying in 2 s, attempt 2 of 4",
                "HttpRequestException talking to api.vapi.ai, retrying in 0.4 s, attempt 3 of 4",
                "timeout talking to api.vapi.ai, retrying now, attempt 2 of 2",
            },
            lines);
    }

    [Fact]
    public async Task A_retry_shows_one_status_line_on_standard_error()
    {
        await using var simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 5 });
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 503 });

        var (code, output, error) = ListCalls.RunForExit(RunTimeout, WithKey(simulator), "--limit", "3", "--jsonl", "--base-url", simulator.BaseAddress.ToString());

        Assert.True(code == 0, error);
        Assert.Equal(3, output.TrimEnd('\n').Split('\n').Length);
        var retries = Regex.Matches(error, @"^503 from 127\.0\.0\.1, retrying (now|in \d+(\.\d)? s), attempt 2 of 4$", RegexOptions.Multiline);
        Assert.True(retries.Count == 1, error);
    }

    [SkippableFact]
    public async Task On_a_terminal_listing_every_call_shows_progress_and_waits_on_one_redrawn_line()
    {
        Skip.If(OperatingSystem.IsWindows() || !File.Exists("/usr/bin/script"), "needs util-linux 'script' to give the program a terminal");
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        simulator.EnqueueFault(new SimulatedFault { Times = 2 }); // two pages as usual...
        simulator.EnqueueFault(new SimulatedFault { Delay = StatusDisplayWait + TimeSpan.FromSeconds(2) }); // ...then a slow one
        var file = Path.Combine(Path.GetTempPath(), "listcalls-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var command = $"dotnet '{ListCalls.Dll}' --all --jsonl --base-url '{simulator.BaseAddress}' > '{file}'";
            using var process = CliProcess.Start("/usr/bin/script", ["-qec", command, "/dev/null"], WithKey(simulator, ("COLUMNS", "100")), readOutput: true);
            process.WaitForExit(RunTimeout);

            Assert.True(process.ExitCode == 0, process.ToString());
            Assert.Equal(3000, File.ReadAllLines(file).Length);
            var terminal = process.Output;
            // Two pages in (a createdAt tie on their boundary may make the second one a call short of 100 new ones).
            Assert.Matches(@"listing every call: 1\d\d so far, 2 pages", terminal);
            Assert.Matches(@"still waiting for 127\.0\.0\.1 \(\d+ s\)…", terminal);
            Assert.Contains("\r", terminal, StringComparison.Ordinal); // redrawn in place, not line after line
            Assert.Contains("Listed 3,000 calls in 31 pages", terminal, StringComparison.Ordinal);
            var drawn = terminal.Split('\r', '\n').Where(s => s.Contains("listing every call", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(drawn);
            Assert.All(drawn, line => Assert.True(line.Length < 100, line));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // ---- Ctrl-C ----

    [SkippableTheory]
    [InlineData("--json")]
    [InlineData("--jsonl")]
    [InlineData("table")]
    public async Task Ctrl_C_stops_and_writes_what_was_listed_then_exits_with_130(string format)
    {
        Skip.If(OperatingSystem.IsWindows(), "sends SIGINT");
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        var expected = NewestFirst(simulator.GetCalls()).Select(Id).ToList();
        simulator.EnqueueFault(new SimulatedFault { Times = 2 }); // two pages, then no answer
        simulator.EnqueueFault(new SimulatedFault { Delay = TimeSpan.FromMinutes(10) });
        string[] arguments = format == "table"
            ? [ListCalls.Dll, "--all", "--base-url", simulator.BaseAddress.ToString()]
            : [ListCalls.Dll, "--all", format, "--base-url", simulator.BaseAddress.ToString()];
        using var process = CliProcess.Start("dotnet", arguments, WithKey(simulator), readOutput: true);

        // The third request is the one left unanswered: by then the first two pages have been taken.
        Assert.True(CliProcess.WaitUntil(() => simulator.Requests.Count >= 3, RunTimeout), process.ToString());
        process.Interrupt();
        process.WaitForExit(RunTimeout);

        Assert.True(process.ExitCode == 130, process.ToString());
        var output = process.Output;
        var listed = format switch
        {
            "--json" => JsonNode.Parse(output)!.AsArray().Select(c => Id(c!.AsObject())).ToList(),
            "--jsonl" => output.TrimEnd('\n').Split('\n').Select(line => Id(JsonNode.Parse(line)!.AsObject())).ToList(),
            _ => TableLines(output).Skip(2).Select(row => row[..row.IndexOf(' ', StringComparison.Ordinal)]).ToList(),
        };
        // Two pages' worth (a createdAt tie on their boundary may make the second a call short of 100 new ones), newest first.
        Assert.InRange(listed.Count, 150, 200);
        Assert.Equal(expected.Take(listed.Count), listed);
        Assert.Contains($"Cancelled (Ctrl-C) after {listed.Count} calls in 2 pages", process.Error, StringComparison.Ordinal);
    }

    // ---- helpers ----

    private static readonly TimeSpan StatusDisplayWait = TimeSpan.FromSeconds(3);

    private static ActivityEvent Retry(int attempt, int maxAttempts, double delayMs, (string Key, object Value) cause) =>
        new("callsgen.retry", tags: new ActivityTagsCollection
        {
            ["callsgen.attempt"] = attempt,
            ["callsgen.max_attempts"] = maxAttempts,
            ["callsgen.delay_ms"] = delayMs,
            ["server.address"] = "api.vapi.ai",
            [cause.Key] = cause.Value,
        });

    private static Dictionary<string, string> WithKey(VapiSimulator simulator, params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["VAPI_API_KEY"] = simulator.ApiKey };
        foreach (var (name, value) in more) environment[name] = value;
        return environment;
    }

    /// <summary>The order GET /call answers in: newest first, then by ID, descending.</summary>
    private static List<JsonObject> NewestFirst(IEnumerable<JsonObject> calls) =>
        calls.OrderByDescending(CreatedAt, StringComparer.Ordinal).ThenByDescending(Id, StringComparer.Ordinal).ToList();

    private static string Id(JsonObject call) => (string)call["id"]!;

    private static string CreatedAt(JsonObject call) => (string)call["createdAt"]!;

    /// <summary>The table's lines: header, rule and rows, up to the blank line before the footer.</summary>
    private static List<string> TableLines(string output) =>
        output.Split('\n').TakeWhile(line => line.Length > 0).ToList();
}
