using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Generator.Naming;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>Facts about the Vapi list-calls endpoint, checked on the emitted assembly through reflection.</summary>
public sealed class VapiSpecTests
{
    private static GeneratorRun RunVapi() => Specs.VapiRun;

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        var run = RunVapi();
        // The one warning: the document gives no way to tell its message variants apart (see CompileTests).
        Assert.Equal(new[] { "CG0012" }, run.Diagnostics.Select(d => d.Id));
        if (run.CompileDiagnostics.Count > 0) Assert.Fail(string.Join("\n", run.CompileDiagnostics.Take(30).Select(d => d.ToString())));
    }

    [Fact]
    public void Call_has_the_40_spec_properties_plus_AdditionalProperties()
    {
        using var generated = Specs.LoadVapi();
        var call = generated.Type("Vapi.Call");
        var expected = SpecModel.CallPropertyNames(SpecModel.Read(Repo.Spec("vapi-list-calls.yaml")));
        Assert.Equal(40, expected.Count);
        var actual = call.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType == call && p.Name != "EqualityContract")
            .Select(p => p.Name).ToList();
        Assert.Equal(expected.Select(Identifiers.ToPascalCase).Append("AdditionalProperties").OrderBy(n => n, StringComparer.Ordinal), actual.OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(typeof(IReadOnlyDictionary<string, JsonElement>), call.GetProperty("AdditionalProperties")!.PropertyType);
    }

    [Fact]
    public void Call_required_members_are_id_orgId_createdAt_updatedAt()
    {
        using var generated = Specs.LoadVapi();
        var call = generated.Type("Vapi.Call");
        var required = call.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes().Any(a => a.GetType().FullName == typeof(RequiredMemberAttribute).FullName))
            .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "CreatedAt", "Id", "OrgId", "UpdatedAt" }, required);
        Assert.Equal(typeof(string), call.GetProperty("Id")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset), call.GetProperty("CreatedAt")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset?), call.GetProperty("StartedAt")!.PropertyType);
    }

    [Fact]
    public void ListCallsAsync_takes_a_request_with_exactly_the_12_filters_and_a_trailing_cancellation_token()
    {
        using var generated = Specs.LoadVapi();
        var client = generated.Type("Vapi.VapiClient");
        var method = Assert.Single(client.GetMethods(BindingFlags.Public | BindingFlags.Instance), m => m.Name == "ListCallsAsync");
        var parameters = method.GetParameters();
        Assert.Equal(2, parameters.Length);
        Assert.Equal("Vapi.ListCallsRequest", parameters[0].ParameterType.FullName);
        Assert.True(parameters[0].IsOptional);
        Assert.Equal(typeof(CancellationToken), parameters[^1].ParameterType);
        Assert.True(parameters[^1].IsOptional);
        var call = generated.Type("Vapi.Call");
        Assert.Equal(typeof(Task<>).MakeGenericType(typeof(IReadOnlyList<>).MakeGenericType(call)), method.ReturnType);

        var request = generated.Type("Vapi.ListCallsRequest");
        var properties = request.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name != "EqualityContract")
            .ToDictionary(p => p.Name, p => p.PropertyType);
        var expected = new Dictionary<string, Type>
        {
            ["Id"] = typeof(string),
            ["AssistantId"] = typeof(string),
            ["PhoneNumberId"] = typeof(string),
            ["Limit"] = typeof(double?),
            ["CreatedAtGt"] = typeof(DateTimeOffset?),
            ["CreatedAtLt"] = typeof(DateTimeOffset?),
            ["CreatedAtGe"] = typeof(DateTimeOffset?),
            ["CreatedAtLe"] = typeof(DateTimeOffset?),
            ["UpdatedAtGt"] = typeof(DateTimeOffset?),
            ["UpdatedAtLt"] = typeof(DateTimeOffset?),
            ["UpdatedAtGe"] = typeof(DateTimeOffset?),
            ["UpdatedAtLe"] = typeof(DateTimeOffset?),
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), properties.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void EndedReason_KnownValues_are_the_distinct_values_of_the_document()
    {
        using var generated = Specs.LoadVapi();
        var expected = SpecModel.DistinctEndedReasons(SpecModel.Read(Repo.Spec("vapi-list-calls.yaml")));
        Assert.NotEmpty(expected);
        var actual = KnownValues(generated.Type("Vapi.CallEndedReason"));
        Assert.Equal(expected, actual);
    }

    internal static IReadOnlyList<string> KnownValues(Type enumType)
    {
        var known = (IEnumerable)enumType.GetProperty("KnownValues", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var value = enumType.GetProperty("Value")!;
        return known.Cast<object>().Select(v => (string)value.GetValue(v)!).ToList();
    }

    // JSON round trip through the generated VapiClientJson.ReadCall_List / WriteCall_List.

    private const string CallsJson = """
        [
          {"id":"c1","orgId":"o1","createdAt":"2026-03-01T10:00:00.000Z","updatedAt":"2026-03-01T10:05:00.000Z",
           "status":"teleporting","endedReason":"brand-new-reason","futureField":{"nested":[1,2,{"x":null}]},
           "costs":[
             {"type":"model","model":{"provider":"openai"},"promptTokens":10,"completionTokens":5,"cost":0.25},
             {"type":"quantum-compute","qubits":7,"cost":1.5}
           ]},
          {"id":"c2","orgId":"o1","createdAt":"2026-03-02T10:00:00.000Z","updatedAt":"2026-03-02T10:05:00.000Z",
           "status":"ended","endedReason":"customer-ended-call"}
        ]
        """;

    [Fact]
    public void Json_round_trip_keeps_unknown_enum_values_unknown_properties_and_unknown_union_variants()
    {
        using var generated = Specs.LoadVapi();
        var json = generated.Type("Vapi.VapiClientJson");
        var calls = ((IEnumerable)JsonCalls.Read(json, "ReadCall_List", CallsJson)).Cast<object>().ToList();
        Assert.Equal(2, calls.Count);
        var callType = generated.Type("Vapi.Call");
        object? Get(object target, string name) => target.GetType().GetProperty(name)!.GetValue(target);

        // Unknown enum values: kept as sent, not known, not mapped to some other member.
        var status = Get(calls[0], "Status")!;
        Assert.False((bool)Get(status, "IsKnown")!);
        Assert.Equal("teleporting", Get(status, "Value"));
        Assert.Equal("teleporting", status.ToString());
        var endedReason = Get(calls[0], "EndedReason")!;
        Assert.False((bool)Get(endedReason, "IsKnown")!);
        Assert.Equal("brand-new-reason", Get(endedReason, "Value"));
        Assert.Equal("brand-new-reason", endedReason.ToString());

        // Known values are known.
        Assert.True((bool)Get(Get(calls[1], "Status")!, "IsKnown")!);
        Assert.Equal("ended", Get(Get(calls[1], "Status")!, "Value"));
        Assert.True((bool)Get(Get(calls[1], "EndedReason")!, "IsKnown")!);

        // An unknown property is kept.
        var additional = (IReadOnlyDictionary<string, JsonElement>)Get(calls[0], "AdditionalProperties")!;
        Assert.Equal(new[] { "futureField" }, additional.Keys);
        Assert.Null(Get(calls[1], "AdditionalProperties"));

        // Costs: a known discriminator decodes to its variant; an unknown one is kept raw.
        var costs = ((IEnumerable)Get(calls[0], "Costs")!).Cast<object>().ToList();
        Assert.Equal(2, costs.Count);
        Assert.Equal("Vapi.ModelCost", Get(costs[0], "Value")!.GetType().FullName);
        Assert.True((bool)Get(costs[0], "IsModelCost")!);
        Assert.False((bool)Get(costs[0], "IsUnknown")!);
        Assert.Equal(0.25, (double)Get(Get(costs[0], "Value")!, "Cost")!);
        Assert.Null(Get(costs[1], "Value"));
        Assert.True((bool)Get(costs[1], "IsUnknown")!);
        var raw = (JsonElement)Get(costs[1], "RawJson")!;
        Assert.Equal("quantum-compute", raw.GetProperty("type").GetString());

        // Writing back gives the same JSON (property order may differ, values may not).
        // Dates are written in the runtime's canonical form (milliseconds, Z), which the input already uses.
        var written = JsonCalls.Write(json, "WriteCall_List", CastList(calls, callType));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(CallsJson), JsonNode.Parse(written)), "Round trip changed the JSON:\n" + written);
        Assert.Contains("\"status\":\"teleporting\"", written, StringComparison.Ordinal);
        Assert.Contains("\"endedReason\":\"brand-new-reason\"", written, StringComparison.Ordinal);
        Assert.Contains("{\"type\":\"quantum-compute\",\"qubits\":7,\"cost\":1.5}", written, StringComparison.Ordinal);
    }

    private static object CastList(List<object> items, Type elementType)
    {
        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
        foreach (var item in items) list.Add(item);
        return list;
    }
}
