using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallsGen.Samples.VapiSimulator;

namespace CallsGen.Tests.Samples;

/// <summary>
/// The main job as a process, as a user runs it: <c>ListCalls --transcript ID</c> against its built-in simulator prints who
/// said what, each line labelled from the message's type (the sample's overlay lets every message bind to its kind),
/// over real HTTP. The expected lines come from the simulator's own data (same seed, started here).
/// </summary>
public sealed class TranscriptProcessTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["system"] = "system",
        ["bot"] = "assistant",
        ["user"] = "caller",
        ["tool_calls"] = "tool call",
        ["tool_call_result"] = "tool result",
    };

    [Fact]
    public async Task A_calls_transcript_labels_every_message_by_its_kind()
    {
        // The data the main job's own simulator holds.
        await using var simulator = await VapiSimulator.StartAsync(SimulatorOptions.ForListCalls());
        // The richest ended calls: many spoken lines and a tool call.
        var calls = simulator.GetCalls()
            .Where(c => (string?)c["status"] == "ended" && c["messages"] is JsonArray { Count: > 8 } messages && messages.Any(m => (string?)m!["role"] == "tool_calls"))
            .Take(2)
            .ToList();
        Assert.Equal(2, calls.Count);

        foreach (var call in calls)
        {
            var output = ListCalls.Run(RunTimeout, "--transcript", (string)call["id"]!);
            var lines = output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
            var expected = ((JsonArray)call["messages"]!).Select(m => Labels[(string)m!["role"]!]).ToList();
            Assert.Equal(expected, lines.Select(l => l.Substring(10, 11).Trim()).ToList());
            var spoken = ((JsonArray)call["messages"]!).Where(m => (string?)m!["role"] is "user" or "bot").Select(m => (string)m!["message"]!);
            foreach (var text in spoken) Assert.Contains(lines, l => l.EndsWith(text, StringComparison.Ordinal));
            Assert.DoesNotContain("unknown", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_ID_says_so_and_exits_with_1()
    {
        var (code, _, error) = ListCalls.RunForExit(RunTimeout, "--transcript", "no-such-call");
        Assert.Equal(1, code);
        Assert.Contains("There is no call with the ID 'no-such-call'.", error, StringComparison.Ordinal);
    }
}
