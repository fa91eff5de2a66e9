using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallsGen.Tests.TestSupport;
using CsCheck;

namespace CallsGen.Tests.Properties;

/// <summary>
/// For random sets of integer enum values and random JSON values sent for them: a value the set lists, written as
/// an integer, reads as its member; any other value (unlisted, with a fraction or exponent, out of range, another JSON
/// kind) leaves the property null and is kept raw; and either way the record writes back exactly the bytes it read.
/// The sets and the values come from CsCheck with a fixed seed (<c>CALLSGEN_PROPERTY_SEED</c> changes it).
/// </summary>
public sealed class IntegerEnumPropertyTests
{
    private const string DefaultSeed = "0JsonPath001";
    private const int Sets = 24;
    private const int Cases = 3000;
    private const string Ns = "EnumProps.";

    /// <summary>Integers small and large, with the ends of the range, so sets hold negative values, zero and extremes.</summary>
    private static readonly Gen<long> Integer = Gen.Frequency(
        (4, Gen.Long[-5, 5]),
        (3, Gen.Long[-100_000, 100_000]),
        (2, Gen.Long),
        (1, Gen.OneOf(long.MinValue, long.MaxValue, long.MinValue + 1, long.MaxValue - 1)));

    private static readonly Gen<long[]> ValueSet = Integer.HashSet[1, 8].Select(set => set.ToArray());

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>JSON text for a property whose enum lists <paramref name="listed"/>: often a listed value, often not one.</summary>
    private static Gen<string> Wire(long[] listed)
    {
        var oneListed = Gen.Int[0, listed.Length - 1].Select(i => listed[i]);
        return Gen.Frequency(
            (4, oneListed.Select(Text)),
            (3, Integer.Select(Text)),
            (1, oneListed.Select(v => Text(v) + ".0")),
            (1, oneListed.Select(v => Text(v) + "e0")),
            (1, Gen.Double[-1e6, 1e6].Where(d => d != Math.Floor(d)).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("9223372036854775808", "-9223372036854775809", "100000000000000000000", "1E400")),
            (1, oneListed.Select(v => "\"" + Text(v) + "\"")),
            (1, Gen.OneOf("true", "false", "[]", "{}", "[1]", "{\"v\":1}")));
    }

    private static string Document(long[][] sets)
    {
        var schemas = new StringBuilder();
        var properties = new StringBuilder();
        for (var i = 0; i < sets.Length; i++)
        {
            schemas.Append(",\n\"Set").Append(i).Append("\": {\"type\": \"integer\", \"enum\": [").Append(string.Join(", ", sets[i].Select(Text))).Append("]}");
            properties.Append(i == 0 ? "" : ",\n").Append("\"e").Append(i).Append("\": {\"$ref\": \"#/components/schemas/Set").Append(i).Append("\"}");
        }
        return """
            {"openapi": "3.0.3", "info": {"title": "Enum properties", "version": "1"}, "servers": [{"url": "https://enums.example"}],
             "paths": {"/holder": {"get": {"operationId": "getHolder", "responses": {"200": {"description": "ok",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}}}}}}},
             "components": {"schemas": {
               "Holder": {"type": "object", "properties": {
            """ + properties + "}}" + schemas + "}}}";
    }

    [Fact]
    public void Listed_integers_read_as_members_and_every_other_value_is_kept_and_written_back_unchanged()
    {
        var seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : DefaultSeed;
        var sets = ValueSet.Array[Sets].Generate(PCG.Parse(seed), null, out _);
        var run = GeneratorHarness.Run(SpecFile.Create("enums.json", Document(sets), "EnumProps", "EnumPropsClient"));
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var json = generated.Type(Ns + "EnumPropsClientJson");

        var cases = Gen.Int[0, Sets - 1].SelectMany(i => Wire(sets[i]).Select(wire => (Set: i, Wire: wire))).Array[Cases].Generate(PCG.Parse(seed), null, out _);
        var members = 0;
        foreach (var (set, wire) in cases)
        {
            var input = "{\"e" + set + "\":" + wire + "}";
            var context = $"set {set} [{string.Join(", ", sets[set])}], input {input} (seed {seed})";
            var holder = JsonCalls.Read(json, "ReadHolder", input);
            var value = holder.GetType().GetProperty("E" + set)!.GetValue(holder);
            var additional = (IReadOnlyDictionary<string, JsonElement>?)holder.GetType().GetProperty("AdditionalProperties")!.GetValue(holder);
            var isListed = long.TryParse(wire, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && Text(number) == wire && sets[set].Contains(number);
            if (isListed)
            {
                members++;
                Assert.True(Enum.ToObject(generated.Type(Ns + "Set" + set), number).Equals(value), "not read as its member: " + context);
                Assert.True(additional is null, "a listed value was also kept raw: " + context);
            }
            else
            {
                Assert.True(value is null, "an unlisted value became " + value + ": " + context);
                Assert.True(additional is not null && additional["e" + set].GetRawText() == wire, "not kept raw as sent: " + context);
            }
            Assert.True(JsonCalls.Write(json, "WriteHolder", holder) == input, "not written back unchanged: " + context);
        }
        // The generator must reach both sides of the property often.
        Assert.InRange(members, Cases / 5, Cases - Cases / 5);
    }
}
