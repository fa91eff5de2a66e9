using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallsGen.Samples.VapiSimulator;

namespace CallsGen.Tests.Runtime;

public sealed class VapiSimulatorTests
{
    private static readonly string[] s_types = ["inboundPhoneCall", "outboundPhoneCall", "webCall", "vapi.websocketCall"];
    private static readonly string[] s_statuses = ["scheduled", "queued", "ringing", "in-progress", "forwarding", "ended", "not-found", "deletion-failed"];
    private static readonly string[] s_costTypes = ["transport", "transcriber", "model", "voice", "vapi", "voicemail-detection", "analysis", "knowledge-base"];

    [Fact]
    public async Task TheSameSeedGivesTheSameCallsAndAnotherSeedOthers()
    {
        await using VapiSimulator a = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 40 });
        await using VapiSimulator b = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 40 });
        await using VapiSimulator c = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 40, Seed = 7 });

        string first = string.Join('\n', a.GetCalls().Select(x => x.ToJsonString()));
        Assert.Equal(first, string.Join('\n', b.GetCalls().Select(x => x.ToJsonString())));
        Assert.NotEqual(first, string.Join('\n', c.GetCalls().Select(x => x.ToJsonString())));
        Assert.NotEqual(a.BaseAddress, b.BaseAddress);
    }

    [Fact]
    public async Task SeededCallsLookLikeRealCalls()
    {
        await using VapiSimulator simulator = await VapiSimulator.StartAsync();
        IReadOnlyList<JsonObject> calls = simulator.GetCalls();

        Assert.Equal(250, calls.Count);
        Assert.Equal(calls.Count, calls.Select(c => (string)c["id"]!).Distinct().Count());
        foreach (JsonObject call in calls)
        {
            Assert.True(Guid.TryParse((string)call["id"]!, out _));
            Assert.Equal(simulator.OrgId, (string)call["orgId"]!);
            DateTimeOffset createdAt = DateTimeOffset.Parse((string)call["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture);
            DateTimeOffset updatedAt = DateTimeOffset.Parse((string)call["updatedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(createdAt, simulator.Now.AddDays(-30), simulator.Now);
            Assert.InRange(updatedAt, createdAt, simulator.Now);
            Assert.Contains((string)call["type"]!, s_types);
            Assert.Contains((string)call["status"]!, s_statuses);
            if ((string)call["status"]! == "ended")
            {
                Assert.NotNull((string?)call["endedReason"]);
                JsonArray costs = call["costs"]!.AsArray();
                Assert.All(costs, cost => Assert.Contains((string)cost!["type"]!, s_costTypes));
                Assert.Equal((double)call["cost"]!, (double)call["costBreakdown"]!["total"]!);
                Assert.NotNull(call["artifact"]!["transcript"]);
            }

            if (call["name"] is JsonNode name)
            {
                Assert.True(((string)name!).Length <= 40);
            }
        }

        Assert.Contains(calls, c => (string)c["status"]! != "ended");
        Assert.Contains(calls, c => c["costs"] is JsonArray costs && costs.Any(x => (string)x!["type"]! == "analysis"));
        Assert.True(calls.GroupBy(c => (string)c["createdAt"]!).Any(g => g.Count() > 1), "Some calls must share a createdAt.");
    }

    [Fact]
    public async Task WireQuirksIncludeBooleanSuccessEvaluationsAndUnlistedEndedReasons()
    {
        await using VapiSimulator quirky = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 600 });
        await using VapiSimulator strict = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 600, WireQuirks = false });

        static bool HasBooleanEvaluation(JsonObject call) =>
            call["analysis"]?["successEvaluation"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

        Assert.Contains(quirky.GetCalls(), HasBooleanEvaluation);
        Assert.Contains(quirky.GetCalls(), c => (string?)c["endedReason"] == "simulated-unlisted-ended-reason");
        Assert.DoesNotContain(strict.GetCalls(), HasBooleanEvaluation);
        Assert.DoesNotContain(strict.GetCalls(), c => (string?)c["endedReason"] == "simulated-unlisted-ended-reason");
    }

    [Fact]
    public async Task WithoutTheRightBearerTokenTheAnswerIs401()
    {
        await using VapiSimulator simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 1, ApiKey = "abc" });
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };

        using HttpResponseMessage none = await http.GetAsync(new Uri("call", UriKind.Relative));
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "call") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "abd") } };
        using HttpResponseMessage wrong = await http.SendAsync(wrongRequest);
        using var emptyRequest = new HttpRequestMessage(HttpMethod.Get, "call");
        emptyRequest.Headers.TryAddWithoutValidation("Authorization", "Bearer ");
        using HttpResponseMessage empty = await http.SendAsync(emptyRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "call") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "abc") } };
        using HttpResponseMessage right = await http.SendAsync(rightRequest);

        Assert.Equal(401, (int)none.StatusCode);
        Assert.Equal(401, (int)wrong.StatusCode);
        Assert.Equal(401, (int)empty.StatusCode);
        Assert.Equal(200, (int)right.StatusCode);
        JsonNode body = JsonNode.Parse(await none.Content.ReadAsStringAsync())!;
        Assert.Equal("Unauthorized", (string)body["error"]!);
        Assert.Equal(401, (int)body["statusCode"]!);
        Assert.False(simulator.Requests[0].HasAuthorization);
        Assert.Equal("Bearer abd", simulator.Requests[1].Authorization);
    }

    [Fact]
    public async Task AddedCallsAreValidated()
    {
        await using VapiSimulator simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 0 });
        simulator.AddCall(new JsonObject { ["id"] = "x", ["createdAt"] = "2026-03-01T00:00:00.000Z" });

        Assert.Throws<ArgumentException>(() => simulator.AddCall(new JsonObject { ["id"] = "x", ["createdAt"] = "2026-03-01T00:00:00.000Z" }));
        Assert.Throws<ArgumentException>(() => simulator.AddCall(new JsonObject { ["id"] = "y" }));
        Assert.Throws<ArgumentException>(() => simulator.AddCall(new JsonObject { ["id"] = "z", ["createdAt"] = "soon" }));
        JsonObject stored = Assert.Single(simulator.GetCalls());
        Assert.Equal("2026-03-01T00:00:00.000Z", (string)stored["updatedAt"]!);
        Assert.Equal(simulator.OrgId, (string)stored["orgId"]!);
    }
}
