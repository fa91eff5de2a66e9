using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.Vapi;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>
/// What the generated readers do with JSON that breaks the document's promises: a wrong value in
/// one property never fails the list and is never lost; broken JSON fails with its path.
/// </summary>
public sealed class LenientDecodingTests
{
    private const string Call1 = """{"id":"c1","orgId":"o","createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:05:00.000Z"}""";

    private static Call[] Decode(string json) =>
        JsonHelpers.Deserialize(Encoding.UTF8.GetBytes(json), VapiClientJson.ReadCall_List).ToArray();

    private static string Encode(Call[] calls) =>
        Encoding.UTF8.GetString(JsonHelpers.Serialize<System.Collections.Generic.IReadOnlyList<Call>>(calls, VapiClientJson.WriteCall_List));

    private static string WithCall(string extraProperties) =>
        "[" + Call1 + "," + Call1.Replace("\"c1\"", "\"c2\"").TrimEnd('}') + "," + extraProperties + "}]";

    [Fact]
    public void A_boolean_where_a_string_was_promised_is_kept_as_its_text()
    {
        var calls = Decode(WithCall("""
            "analysis":{"successEvaluation":false,"summary":12.50}
            """));
        Assert.Equal("false", calls[1].Analysis!.SuccessEvaluation);
        Assert.Equal("12.50", calls[1].Analysis!.Summary);
    }

    [Theory]
    [InlineData("cost", "\"0.25\"")]                       // a string where a number was promised
    [InlineData("endedMessage", "{\"code\":7}")]            // an object where a string was promised
    [InlineData("startedAt", "\"yesterday\"")]              // a date-time that does not parse
    [InlineData("messages", "{\"not\":\"a list\"}")]        // an object where a list was promised
    [InlineData("analysis", "[1,2]")]                       // a list where an object was promised
    [InlineData("status", "[\"ended\"]")]                   // a list where an enum was promised
    [InlineData("costBreakdown", "{\"total\":\"lots\"}")]   // a nested value of the wrong kind stays inside its own object
    public void A_value_of_the_wrong_kind_leaves_the_property_unset_and_keeps_the_raw_value(string property, string rawValue)
    {
        var json = WithCall("\"" + property + "\":" + rawValue);
        var calls = Decode(json);

        Assert.Equal(2, calls.Length);
        var call = calls[1];
        var kept = call.AdditionalProperties is { } additional && additional.TryGetValue(property, out var value)
            ? value
            : call.CostBreakdown?.AdditionalProperties?["total"];
        Assert.NotNull(kept);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json)![1]![property], JsonNode.Parse(Encode(calls))![1]![property]));
    }

    [Fact]
    public void Unknown_properties_and_unknown_cost_types_survive_a_round_trip()
    {
        var json = WithCall("""
            "brandNewField":{"nested":[1,"two",null]},"costs":[{"type":"model","cost":0.1,"model":{"provider":"openai"},"promptTokens":120,"completionTokens":30},{"type":"quantum","cost":9,"qubits":3}]
            """);
        var calls = Decode(json);

        Assert.True(calls[1].Costs![0].TryGetModelCost(out var model));
        Assert.Equal(0.1, model.Cost);
        Assert.True(calls[1].Costs![1].IsUnknown);
        AssertSameJson(json, Encode(calls));
    }

    [Fact]
    public async Task A_real_shaped_list_from_the_simulator_round_trips_every_property()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 120 });
        using var http = new System.Net.Http.HttpClient();
        using var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, new Uri(simulator.BaseAddress, "call?limit=1000"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", simulator.ApiKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        var calls = Decode(body);

        Assert.Equal(120, calls.Length);
        AssertSameJson(body, Encode(calls));
    }

    private static void AssertSameJson(string expected, string actual)
    {
        var left = JsonNode.Parse(expected)!.AsArray();
        var right = JsonNode.Parse(actual)!.AsArray();
        Assert.Equal(left.Count, right.Count);
        for (var i = 0; i < left.Count; i++)
        {
            foreach (var property in left[i]!.AsObject())
            {
                var other = right[i]![property.Key];
                Assert.True(JsonNode.DeepEquals(property.Value, other), $"[{i}].{property.Key}: {property.Value?.ToJsonString()} became {other?.ToJsonString()}");
            }
            Assert.Equal(left[i]!.AsObject().Count, right[i]!.AsObject().Count);
        }
    }

    [Fact]
    public void A_missing_required_property_fails_the_response_naming_the_call()
    {
        var json = "[" + Call1 + ",{\"id\":\"c2\",\"orgId\":\"o\",\"updatedAt\":\"2026-03-01T10:05:00.000Z\"}]";
        var error = Assert.Throws<JsonException>(() => Decode(json));
        Assert.Contains("createdAt", error.Message);
        Assert.Equal("$[1]", error.Path);
    }

    [Fact]
    public void A_missing_required_property_in_a_nested_object_keeps_that_object_raw()
    {
        // A transfer destination of type "number" requires "number"; without it the destination cannot be
        // decoded, so the call keeps it as it came instead of failing.
        var json = WithCall("""
            "destination":{"type":"number","message":"hi"}
            """);
        var calls = Decode(json);
        Assert.True(calls[1].Destination!.IsUnknown);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(Encode(calls))));
    }

    [Theory]
    [InlineData("""[{"id":"c1","orgId":"o","createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:05:00.000Z"},{"id":"c2","orgId":"o","creat""", "$[1]")]
    [InlineData("""{"id":"c1"}""", "$")]
    [InlineData("""[1,2]""", "$[0]")]
    public void Structurally_broken_json_fails_with_its_path(string json, string pathPrefix)
    {
        var error = Assert.Throws<JsonException>(() => Decode(json));
        Assert.StartsWith(pathPrefix, error.Path);
        Assert.Contains("(at " + error.Path + ")", error.Message);
    }

    [Fact]
    public async Task Broken_json_from_the_server_is_an_ApiException_with_the_status_and_path()
    {
        await using var simulator = await Simulator.StartAsync(new SimulatorOptions { CallCount = 5 });
        simulator.EnqueueFault(new SimulatedFault { StatusCode = 200, Body = "[" + Call1 + ",{\"id\":", ContentType = "application/json" });
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = simulator.BaseAddress, ApiKey = simulator.ApiKey, MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<ApiException>(() => client.ListCallsAsync());
        Assert.Equal(200, error.StatusCode);
        var inner = Assert.IsType<JsonException>(error.InnerException);
        Assert.StartsWith("$[1]", inner.Path);
    }

    /// <summary>
    /// A required property the document lets be null (OpenAIMessage.content) that arrives as a value of another kind is
    /// kept raw and written back once, in its place; only a null that came as null is written as null.
    /// </summary>
    [Theory]
    [InlineData("""{"content":{"parts":["hi"]},"role":"user"}""")]
    [InlineData("""{"content":["a","b"],"role":"assistant"}""")]
    [InlineData("""{"content":null,"role":"assistant"}""")]
    [InlineData("""{"content":"text","role":"tool"}""")]
    public void A_required_nullable_property_of_the_wrong_kind_is_written_back_once(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        var message = VapiClientJson.ReadOpenAIMessage(ref reader);

        var written = Encoding.UTF8.GetString(JsonHelpers.Serialize(message, VapiClientJson.WriteOpenAIMessage));

        using var document = JsonDocument.Parse(written);
        Assert.Equal(1, document.RootElement.EnumerateObject().Count(p => p.Name == "content"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), JsonNode.Parse(written)), written);
    }
}
