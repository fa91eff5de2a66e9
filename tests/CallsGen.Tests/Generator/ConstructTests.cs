using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>Each schema construct of specs/constructs-31.json, checked through the emitted assembly.</summary>
public sealed class ConstructTests
{
    private const string Ns = "Shapes.";

    private static object? Get(object target, string name) =>
        (target.GetType().GetProperty(name) ?? throw new MissingMemberException(target.GetType().FullName, name)).GetValue(target);

    private static object Read(GeneratedAssembly generated, string method, string json) =>
        JsonCalls.Read(generated.Type(Ns + "ShapesClientJson"), method, json);

    private static string Write(GeneratedAssembly generated, string method, object value) =>
        JsonCalls.Write(generated.Type(Ns + "ShapesClientJson"), method, value);

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), "JSON differs.\nexpected: " + expected + "\nactual:   " + actual);

    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();

    /// <summary>A catalog with every property set; dates and numbers in the form the writer produces.</summary>
    private const string FullCatalog = """
        {
          "nullableName": null,
          "optionalNote": "note",
          "nullableCount": 4,
          "owner": null,
          "kind": "catalog",
          "schemaVersion": 3,
          "tree": {"name": "root", "children": [{"name": "a", "children": [{"name": "a1", "children": []}]}, {"name": "b"}]},
          "condition": {"combinator": "and", "conditions": [
            {"field": "x", "value": "1"},
            {"combinator": "or", "conditions": [{"field": "y", "value": "2"}, {"combinator": "and", "conditions": [{"field": "z", "value": "3"}]}]}]},
          "alpha": {"a": "1", "beta": {"b": "2", "gamma": {"c": "3", "alpha": {"a": "4"}}}},
          "extras": {"x": 1, "y": [true, null]},
          "labels": {"env": "prod", "tier": ""},
          "forest": {"oak": {"name": "oak", "children": [{"name": "acorn"}]}},
          "metadata": {"free": {"form": 1}},
          "anything": [1, "two", {"three": 3}],
          "voice": {"provider": "11labs", "voiceId": "v1", "stability": 0.5},
          "model": {"provider": "anthropic", "model": "m", "maxTokens": 100},
          "contact": {"phone": "+100", "label": "home"},
          "shape": {"radius": 2},
          "sampleRate": 22050.5,
          "priority": 2,
          "ratio": 0.25,
          "count": 9007199254740993,
          "createdAt": "2026-03-01T10:00:00.000Z",
          "merged": {"name": "Ann", "age": 40, "city": "Oslo", "postcode": "0150"},
          "wrapped": {"name": "Bob"},
          "hostile": {"do": "d", "operator": "o", "object": "b", "enum": "e", "tools:append": true},
          "latency": {"turnLatency": 1.5, "modelLatency": 0.5},
          "monitor": {"listenUrl": "wss://m"},
          "file": {"path": "/f", "bytes": 10},
          "task": {"done": true},
          "string": {"text": "t"},
          "operator": "<=",
          "stringsByKey": {"k": {"text": "v"}},
          "tagsList": ["a", "b"],
          "stringList": [{"text": "s"}]
        }
        """;

    [Fact]
    public void Full_catalog_round_trips_unchanged()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var catalog = Read(generated, "ReadCatalog", FullCatalog);
        Assert.Null(Get(catalog, "AdditionalProperties"));
        AssertSameJson(FullCatalog, Write(generated, "WriteCatalog", catalog));
    }

    [Fact]
    public void Recursion_decodes_three_levels_deep_through_arrays_unions_and_a_cycle_of_three_schemas()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var catalog = Read(generated, "ReadCatalog", FullCatalog);

        var tree = Get(catalog, "Tree")!;
        var level1 = ((IEnumerable)Get(tree, "Children")!).Cast<object>().First();
        var level2 = ((IEnumerable)Get(level1, "Children")!).Cast<object>().Single();
        Assert.Equal("a1", Get(level2, "Name"));
        Assert.Empty((IEnumerable<object>)Get(level2, "Children")!);

        var condition = Get(catalog, "Condition")!;
        var group = Get(condition, "Value")!;
        Assert.Equal(Ns + "Group", group.GetType().FullName);
        var inner = ((IEnumerable)Get(group, "Conditions")!).Cast<object>().ToList();
        Assert.Equal(Ns + "Leaf", Get(inner[0], "Value")!.GetType().FullName);
        var innerGroup = Get(inner[1], "Value")!;
        var innermost = ((IEnumerable)Get(innerGroup, "Conditions")!).Cast<object>().Last();
        var leaf = Get(((IEnumerable)Get(Get(innermost, "Value")!, "Conditions")!).Cast<object>().Single(), "Value")!;
        Assert.Equal("z", Get(leaf, "Field"));

        var alpha = Get(Get(Get(Get(catalog, "Alpha")!, "Beta")!, "Gamma")!, "Alpha")!;
        Assert.Equal(Ns + "Alpha", alpha.GetType().FullName);
        Assert.Equal("4", Get(alpha, "A"));
        Assert.Equal(generated.Type(Ns + "Beta"), generated.Type(Ns + "Alpha").GetProperty("Beta")!.PropertyType);
    }

    [Fact]
    public void Maps_are_dictionaries_of_their_value_type_and_free_form_values_are_JsonElement()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var catalogType = generated.Type(Ns + "Catalog");
        Type PropertyType(string name) => catalogType.GetProperty(name)!.PropertyType;
        Assert.Equal(typeof(IReadOnlyDictionary<string, string>), PropertyType("Labels"));
        Assert.Equal(typeof(IReadOnlyDictionary<,>).MakeGenericType(typeof(string), generated.Type(Ns + "TreeNode")), PropertyType("Forest"));
        Assert.Equal(typeof(IReadOnlyDictionary<,>).MakeGenericType(typeof(string), generated.Type(Ns + "String")), PropertyType("StringsByKey"));
        Assert.Equal(typeof(IReadOnlyList<string>), PropertyType("TagsList"));
        Assert.Equal(typeof(IReadOnlyList<>).MakeGenericType(generated.Type(Ns + "String")), PropertyType("StringList"));
        Assert.Equal(typeof(JsonElement?), PropertyType("Extras"));
        Assert.Equal(typeof(JsonElement?), PropertyType("Metadata"));
        Assert.Equal(typeof(JsonElement?), PropertyType("Anything"));

        var catalog = Read(generated, "ReadCatalog", FullCatalog);
        var labels = (IReadOnlyDictionary<string, string>)Get(catalog, "Labels")!;
        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["tier"] = "" }, labels);
        var forest = (IDictionary)Get(catalog, "Forest")!;
        Assert.Equal("oak", Get(forest["oak"]!, "Name"));
        var extras = (JsonElement)Get(catalog, "Extras")!;
        Assert.Equal(JsonValueKind.Array, extras.GetProperty("y").ValueKind);
    }

    [Fact]
    public void Nullable_required_properties_read_null_and_write_null_back_but_must_be_present()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var catalogType = generated.Type(Ns + "Catalog");
        Assert.Equal(typeof(string), catalogType.GetProperty("NullableName")!.PropertyType);
        Assert.Equal(typeof(long?), catalogType.GetProperty("NullableCount")!.PropertyType);
        Assert.Equal(generated.Type(Ns + "Person"), catalogType.GetProperty("Owner")!.PropertyType);

        var catalog = Read(generated, "ReadCatalog", FullCatalog);
        Assert.Null(Get(catalog, "NullableName"));
        Assert.Null(Get(catalog, "Owner"));
        var written = Write(generated, "WriteCatalog", catalog);
        Assert.Contains("\"nullableName\":null", written, StringComparison.Ordinal);
        Assert.Contains("\"owner\":null", written, StringComparison.Ordinal);

        var withOwner = FullCatalog.Replace("\"owner\": null", "\"owner\": {\"name\": \"Eve\", \"age\": 3}", StringComparison.Ordinal);
        Assert.Equal("Eve", Get(Get(Read(generated, "ReadCatalog", withOwner), "Owner")!, "Name"));

        var missing = FullCatalog.Replace("\"nullableName\": null,", "", StringComparison.Ordinal);
        var error = Assert.ThrowsAny<JsonException>(() => Read(generated, "ReadCatalog", missing));
        Assert.Contains("nullableName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Const_values_and_number_and_integer_enums_are_typed_and_round_trip()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var catalogType = generated.Type(Ns + "Catalog");
        Assert.Equal(typeof(string), catalogType.GetProperty("Kind")!.PropertyType);
        Assert.Equal(typeof(long?), catalogType.GetProperty("SchemaVersion")!.PropertyType);
        Assert.Equal(typeof(double), catalogType.GetProperty("SampleRate")!.PropertyType);
        // integer enum [1, 2, 3]: a C# enum over long; required, and still nullable, since an unlisted value leaves it null.
        var priorityType = generated.Type(Ns + "Priority");
        Assert.True(priorityType.IsEnum);
        Assert.Equal(typeof(long), Enum.GetUnderlyingType(priorityType));
        Assert.Equal(["Value1", "Value2", "Value3"], Enum.GetNames(priorityType));
        Assert.Equal(typeof(Nullable<>).MakeGenericType(priorityType), catalogType.GetProperty("Priority")!.PropertyType);
        Assert.Equal(typeof(double?), catalogType.GetProperty("Ratio")!.PropertyType);
        Assert.Equal(typeof(long?), catalogType.GetProperty("Count")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset), catalogType.GetProperty("CreatedAt")!.PropertyType);

        var catalog = Read(generated, "ReadCatalog", FullCatalog);
        Assert.Equal("catalog", Get(catalog, "Kind"));
        Assert.Equal(3L, Get(catalog, "SchemaVersion"));
        Assert.Equal(22050.5, Get(catalog, "SampleRate"));
        Assert.Equal(Enum.Parse(priorityType, "Value2"), Get(catalog, "Priority"));
        Assert.Equal(9007199254740993L, Get(catalog, "Count"));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), Get(catalog, "CreatedAt"));
        var written = Write(generated, "WriteCatalog", catalog);
        Assert.Contains("\"sampleRate\":22050.5", written, StringComparison.Ordinal);
        Assert.Contains("\"priority\":2", written, StringComparison.Ordinal);
        Assert.Contains("\"count\":9007199254740993", written, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"catalog\"", written, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11labs", "ElevenLabsVoice", """{"provider":"11labs","voiceId":"v1"}""")]
    [InlineData("vapi.websocketCall", "WebsocketVoice", """{"url":"wss://x","provider":"vapi.websocketCall"}""")]
    [InlineData("azure", "AzureVoice", """{"provider":"azure","region":"westeu"}""")]
    public void Declared_discriminator_dispatches_on_mapping_keys(string tag, string variant, string json)
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var voice = Read(generated, "ReadVoice", json);
        Assert.Equal(Ns + variant, Get(voice, "Value")!.GetType().FullName);
        Assert.True((bool)Get(voice, "Is" + variant)!);
        Assert.Equal(tag, Get(Get(voice, "Value")!, "Provider")!.ToString());
        AssertSameJson(json, Write(generated, "WriteVoice", voice));
    }

    [Fact]
    public void Unknown_discriminator_is_kept_raw_and_written_back_byte_equal()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        const string json = """{"provider":"playht","voiceId":"v9","extra":{"deep":[1,2.50,null]},"speed":1e3}""";
        var voice = Read(generated, "ReadVoice", json);
        Assert.True((bool)Get(voice, "IsUnknown")!);
        Assert.Null(Get(voice, "Value"));
        var written = Write(generated, "WriteVoice", voice);
        Assert.Equal(json, written);
        AssertSameJson(json, written);

        // The same inside a document: the whole catalog still round-trips.
        var catalogJson = FullCatalog.Replace("\"provider\": \"11labs\"", "\"provider\": \"playht\"", StringComparison.Ordinal);
        var catalog = Read(generated, "ReadCatalog", catalogJson);
        Assert.True((bool)Get(Get(catalog, "Voice")!, "IsUnknown")!);
        AssertSameJson(catalogJson, Write(generated, "WriteCatalog", catalog));
    }

    [Theory]
    [InlineData("openai", "OpenAiModel")]
    [InlineData("anthropic", "AnthropicModel")]
    public void Implicit_discriminator_from_single_value_enums_dispatches(string provider, string variant)
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var json = "{\"model\":\"m\",\"provider\":\"" + provider + "\"}";
        var model = Read(generated, "ReadModelChoice", json);
        Assert.Equal(Ns + variant, Get(model, "Value")!.GetType().FullName);
        AssertSameJson(json, Write(generated, "WriteModelChoice", model));
        Assert.True((bool)Get(Read(generated, "ReadModelChoice", "{\"model\":\"m\",\"provider\":\"mistral\"}"), "IsUnknown")!);
    }

    [Fact]
    public void Undiscriminated_union_picks_the_only_variant_whose_required_properties_are_present()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var email = Read(generated, "ReadContact", """{"email":"a@b.c"}""");
        Assert.Equal(Ns + "EmailContact", Get(email, "Value")!.GetType().FullName);
        var phone = Read(generated, "ReadContact", """{"label":"home","phone":"+1"}""");
        Assert.Equal(Ns + "PhoneContact", Get(phone, "Value")!.GetType().FullName);
        Assert.Equal("+1", Get(Get(phone, "Value")!, "Phone"));

        // Both or neither: no single variant, so the JSON is kept as it is.
        const string both = """{"email":"a@b.c","phone":"+1"}""";
        var ambiguous = Read(generated, "ReadContact", both);
        Assert.True((bool)Get(ambiguous, "IsUnknown")!);
        Assert.Equal(both, Write(generated, "WriteContact", ambiguous));
        Assert.True((bool)Get(Read(generated, "ReadContact", """{"label":"x"}"""), "IsUnknown")!);
    }

    [Fact]
    public void Indistinguishable_variants_keep_the_raw_JSON_TryGet_says_no_and_TryReadAs_decodes_each()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        const string json = """{"radius":2.5}""";
        var shape = Read(generated, "ReadShape", json);
        Assert.True((bool)Get(shape, "IsUnknown")!);
        Assert.Equal(json, Write(generated, "WriteShape", shape));

        foreach (var variant in new[] { "Circle", "Disc" })
        {
            // Never bound to a variant the document cannot tell: Is/TryGet say no.
            Assert.False((bool)Get(shape, "Is" + variant)!);
            var bound = new object?[] { null };
            Assert.False((bool)shape.GetType().GetMethod("TryGet" + variant)!.Invoke(shape, bound)!);
            Assert.Null(bound[0]);
            // Read with the variant's shape on request, under a name that says so.
            var arguments = new object?[] { null };
            Assert.True((bool)shape.GetType().GetMethod("TryReadAs" + variant)!.Invoke(shape, arguments)!);
            Assert.Equal(Ns + variant, arguments[0]!.GetType().FullName);
            Assert.Equal(2.5, Get(arguments[0]!, "Radius"));
        }
        var notAnObject = Read(generated, "ReadShape", "\"round\"");
        var none = new object?[] { null };
        Assert.False((bool)notAnObject.GetType().GetMethod("TryReadAsCircle")!.Invoke(notAnObject, none)!);
    }

    [Fact]
    public void Enum_values_with_punctuation_have_distinct_members_and_round_trip_exactly()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var operatorType = generated.Type(Ns + "Operator");
        var expected = new[] { "=", "!=", "<", "<=", "|", "||", "", "#", "*", "wav;l16", "say \"hi\"", "日本語", "a-b", "a_b", "aB" };
        Assert.Equal(expected, VapiSpecTests.KnownValues(operatorType));

        var members = operatorType.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == operatorType).ToList();
        Assert.Equal(expected.Length, members.Count);
        Assert.Equal(members.Count, members.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
        var byValue = members.ToDictionary(m => m.GetValue(null)!.ToString()!, m => m.Name, StringComparer.Ordinal);
        Assert.Equal("Eq", byValue["="]);
        Assert.Equal("NotEq", byValue["!="]);
        Assert.Equal("LtEq", byValue["<="]);
        Assert.Equal("PipePipe", byValue["||"]);
        Assert.Equal("Empty", byValue[""]);
        Assert.Equal("WavL16", byValue["wav;l16"]);
        Assert.Equal(new[] { "AB", "AB2", "AB3" }, new[] { byValue["a-b"], byValue["a_b"], byValue["aB"] });

        foreach (var value in expected)
        {
            var json = JsonSerializer.Serialize(value);
            var read = Read(generated, "ReadOperator", json);
            Assert.True((bool)Get(read, "IsKnown")!);
            Assert.Equal(value, Get(read, "Value"));
            Assert.Equal(value, JsonSerializer.Deserialize<string>(Write(generated, "WriteOperator", read)));
        }
        var unknown = Read(generated, "ReadOperator", "\">=\"");
        Assert.False((bool)Get(unknown, "IsKnown")!);
        Assert.Equal(">=", JsonSerializer.Deserialize<string>(Write(generated, "WriteOperator", unknown)));
    }

    [Fact]
    public void Hostile_names_become_usable_members_and_keep_their_wire_names()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var hostile = generated.Type(Ns + "Hostile");
        var names = hostile.GetProperties().Select(p => p.Name).Where(n => n != "EqualityContract").OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "AdditionalProperties", "Do", "Enum", "Object", "Operator", "ToolsAppend" }, names);
        Assert.Equal(typeof(double), generated.Type(Ns + "TurnLatency").GetProperty("TurnLatencyValue")!.PropertyType);
        foreach (var name in new[] { "Monitor", "File", "Task", "String" }) Assert.True(generated.Type(Ns + name).IsClass);

        const string json = """{"do":"d","operator":"o","object":"b","enum":"e","tools:append":false}""";
        var value = Read(generated, "ReadHostile", json);
        Assert.Equal(false, Get(value, "ToolsAppend"));
        Assert.Equal(json, Write(generated, "WriteHostile", value));
        var latency = Read(generated, "ReadTurnLatency", """{"turnLatency":1.5}""");
        Assert.Equal(1.5, Get(latency, "TurnLatencyValue"));
    }

    [Fact]
    public void AllOf_of_two_refs_merges_their_properties_and_a_single_allOf_is_the_referenced_type_with_its_description()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var merged = generated.Type(Ns + "PersonWithAddress");
        var required = merged.GetProperties()
            .Where(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "RequiredMemberAttribute"))
            .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "City", "Name" }, required);
        Assert.Equal(typeof(long?), merged.GetProperty("Age")!.PropertyType);
        Assert.Equal(typeof(string), merged.GetProperty("Postcode")!.PropertyType);
        Assert.Equal(generated.Type(Ns + "Person"), generated.Type(Ns + "Catalog").GetProperty("Wrapped")!.PropertyType);
        var source = ConstructSpecs.Constructs31Run.Source("Models.Catalog.g.cs");
        Assert.Contains("/// The person who reviewed the catalog.", source, StringComparison.Ordinal);
    }
}
