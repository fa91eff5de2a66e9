using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using CallsGen.Generator.Reading;
using CallsGen.Tests.TestSupport;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CallsGen.Tests.Reading;

/// <summary>
/// SchemaFacts answers questions about schemas once per schema and reads a reference without keywords of its own
/// through its resolved target. Its answers must be those of asking Microsoft.OpenApi's objects directly, every
/// time, for every schema of a document: references with and without keywords beside $ref, references to
/// references, references that resolve to nothing.
/// </summary>
public sealed class SchemaFactsTests
{
    private const string Document = """
        {
          "openapi": "3.1.0",
          "info": { "title": "Facts", "version": "1" },
          "paths": {},
          "components": {
            "schemas": {
              "Null": { "type": "null" },
              "NullEnum": { "enum": [null] },
              "MaybeText": { "type": ["string", "null"], "description": "own" },
              "Text": { "type": "string", "deprecated": true },
              "Choice": { "oneOf": [ { "$ref": "#/components/schemas/Text" }, { "$ref": "#/components/schemas/Null" } ] },
              "Alias": { "$ref": "#/components/schemas/MaybeText" },
              "Wrapped": { "allOf": [ { "$ref": "#/components/schemas/MaybeText" } ] },
              "Holder": {
                "type": "object",
                "required": ["a"],
                "properties": {
                  "a": { "$ref": "#/components/schemas/Text" },
                  "b": { "$ref": "#/components/schemas/Text", "type": ["string", "null"] },
                  "c": { "$ref": "#/components/schemas/MaybeText", "type": "string" },
                  "d": { "$ref": "#/components/schemas/Null", "enum": ["x"] },
                  "e": { "$ref": "#/components/schemas/Text", "oneOf": [ { "type": "null" } ] },
                  "f": { "$ref": "#/components/schemas/Choice" },
                  "g": { "$ref": "#/components/schemas/Alias" },
                  "h": { "$ref": "#/components/schemas/Missing" },
                  "i": { "$ref": "#/components/schemas/NullEnum", "description": "mine" },
                  "j": { "allOf": [ { "$ref": "#/components/schemas/Wrapped" } ] },
                  "k": { "type": "array", "items": { "$ref": "#/components/schemas/MaybeText" } },
                  "l": { "anyOf": [ { "$ref": "#/components/schemas/NullEnum" }, { "$ref": "#/components/schemas/Holder" } ] }
                }
              },
              "Child": { "allOf": [ { "$ref": "#/components/schemas/Holder" }, { "type": "object", "required": ["z"], "properties": { "z": { "const": "child" } } } ] }
            }
          }
        }
        """;

    [Fact]
    public void Answers_match_asking_the_document_directly()
    {
        var document = Read(Document);
        CheckEverySchema(document);

        // The document does exercise keywords beside $ref: they win over the target's.
        var holder = document.Components!.Schemas!["Holder"].Properties!;
        Assert.NotNull(((OpenApiSchemaReference)holder["b"]).Reference.SchemaType);
        Assert.NotNull(((OpenApiSchemaReference)holder["d"]).Reference.Enum);
        Assert.NotNull(((OpenApiSchemaReference)holder["e"]).Reference.OneOf);
        var facts = new SchemaFacts();
        Assert.False(facts.IsNullable(holder["a"]));
        Assert.True(facts.IsNullable(holder["b"]));
        Assert.False(facts.IsNullable(holder["c"]));
        Assert.True(facts.IsNullSchema(holder["d"])); // its own enum, its target's type: null
        Assert.True(facts.IsNullable(holder["e"]));
        Assert.Null(facts.Target(holder["h"]));
    }

    [SkippableFact]
    public void Answers_match_asking_the_document_directly_on_the_vendor_document()
    {
        var path = Repo.ReferenceSpec;
        Skip.If(path is null, "The vendor's published document is absent: set CALLSGEN_REFERENCE_SPEC or place it in shared/reference beside the checkout");
        CheckEverySchema(Read(File.ReadAllText(path!)));
    }

    private static OpenApiDocument Read(string text) =>
        new OpenApiJsonReader().Read(JsonNode.Parse(text)!, new Uri("https://openapi.invalid/document"), new OpenApiReaderSettings()).Document!;

    private static void CheckEverySchema(OpenApiDocument document)
    {
        var facts = new SchemaFacts();
        var schemas = EverySchema(document).ToList();
        Assert.NotEmpty(schemas);
        // Twice over, so the second round answers from what the first kept.
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var schema in schemas)
            {
                var reference = schema as OpenApiSchemaReference;
                Assert.Same(reference is null ? schema : reference.Target, facts.Target(schema));
                Assert.True(Direct.IsNullSchema(schema) == facts.IsNullSchema(schema), "IsNullSchema of " + Describe(schema));
                Assert.True(Direct.IsNullable(schema) == facts.IsNullable(schema), "IsNullable of " + Describe(schema));
                Assert.Same(Direct.Unwrap(schema), facts.Unwrap(schema));
                Assert.Equal(Direct.PropertiesOf(schema).Keys, facts.PropertiesOf(schema).Keys);
                Assert.Equal(Direct.RequiredPropertiesOf(schema), facts.RequiredPropertiesOf(schema));
            }
        }
    }

    private static string Describe(IOpenApiSchema schema) => schema is OpenApiSchemaReference r ? "$ref " + r.Reference.ReferenceV3 : schema.Type + " " + schema.Description;

    /// <summary>Every schema object reachable from the components, references included, each once.</summary>
    private static IEnumerable<IOpenApiSchema> EverySchema(OpenApiDocument document)
    {
        var seen = new HashSet<IOpenApiSchema>();
        var pending = new Stack<IOpenApiSchema>(document.Components?.Schemas?.Values ?? Enumerable.Empty<IOpenApiSchema>());
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (!seen.Add(schema)) continue;
            yield return schema;
            if (schema is OpenApiSchemaReference) continue;
            foreach (var child in (schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.Properties?.Values ?? []))
            {
                pending.Push(child);
            }
            if (schema.Items is { } items) pending.Push(items);
            if (schema.AdditionalProperties is { } additional) pending.Push(additional);
        }
    }

    /// <summary>The questions asked of Microsoft.OpenApi's objects directly, every time, as the model builder asked them before.</summary>
    private static class Direct
    {
        public static bool IsNullSchema(IOpenApiSchema schema) =>
            schema.Type == JsonSchemaType.Null || schema.Enum is { Count: 1 } e && e[0] is null && schema.Type is null or JsonSchemaType.Null;

        public static bool IsNullable(IOpenApiSchema schema)
        {
            if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0) return true;
            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? new List<IOpenApiSchema>();
            if (variants.Any(IsNullSchema)) return true;
            if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null)) return true;
            return schema is not OpenApiSchemaReference && schema.AllOf is { Count: 1 } && IsNullable(schema.AllOf[0]);
        }

        public static IOpenApiSchema? Unwrap(IOpenApiSchema? schema)
        {
            var visited = new HashSet<IOpenApiSchema>();
            while (schema is not null && visited.Add(schema))
            {
                if (schema is OpenApiSchemaReference reference)
                {
                    schema = reference.Target;
                    continue;
                }
                if (schema.AllOf is { Count: 1 } && (schema.Properties is null || schema.Properties.Count == 0))
                {
                    schema = schema.AllOf[0];
                    continue;
                }
                return schema;
            }
            return null;
        }

        public static List<IOpenApiSchema> AllOfParts(IOpenApiSchema schema)
        {
            var parts = new List<IOpenApiSchema>();
            Collect(schema, new HashSet<IOpenApiSchema>());
            return parts;

            void Collect(IOpenApiSchema current, HashSet<IOpenApiSchema> visited)
            {
                var target = current is OpenApiSchemaReference reference ? reference.Target : current;
                if (target is null || !visited.Add(target)) return;
                if (target.AllOf is not null) foreach (var part in target.AllOf) Collect(part, visited);
                parts.Add(target);
            }
        }

        public static Dictionary<string, IOpenApiSchema> PropertiesOf(IOpenApiSchema schema)
        {
            var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var part in AllOfParts(schema))
            {
                if (part.Properties is not null) foreach (var property in part.Properties) result[property.Key] = property.Value;
            }
            return result;
        }

        public static List<string> RequiredPropertiesOf(IOpenApiSchema schema) =>
            AllOfParts(schema).Where(part => part.Required is not null).SelectMany(part => part.Required!)
                .Distinct(StringComparer.Ordinal).OrderBy(name => name, StringComparer.Ordinal).ToList();
    }
}
