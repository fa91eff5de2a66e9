using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using CallsGen.Generator.Model;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Questions the model builder asks about schemas: what a reference points to, what a wrapper wraps, which
/// properties a schema has through allOf, whether it allows null. They read the document only.
/// </summary>
internal sealed class SchemaFacts
{
    /// <summary>What <paramref name="schema"/> stands for: a reference's target (null when it cannot be resolved), else itself.</summary>
    public IOpenApiSchema? Target(IOpenApiSchema schema) => schema is OpenApiSchemaReference reference ? reference.Target : schema;

    /// <summary>
    /// The schema a chain of references and description-only wrappers (<c>allOf: [{$ref}]</c>) leads to; null when
    /// it cannot be resolved or leads back to itself ("S: {allOf: [{$ref: S}]}" has nothing to unwrap to).
    /// </summary>
    public IOpenApiSchema? Unwrap(IOpenApiSchema? schema)
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

    /// <summary>A schema and, first, everything it takes in through allOf (references resolved, each once).</summary>
    public IReadOnlyList<IOpenApiSchema> AllOfParts(IOpenApiSchema schema)
    {
        var parts = new List<IOpenApiSchema>();
        CollectParts(schema, parts, new HashSet<IOpenApiSchema>());
        return parts;
    }

    private void CollectParts(IOpenApiSchema current, List<IOpenApiSchema> parts, HashSet<IOpenApiSchema> visited)
    {
        var target = Target(current);
        if (target is null || !visited.Add(target)) return;
        if (target.AllOf is not null) foreach (var part in target.AllOf) CollectParts(part, parts, visited);
        parts.Add(target);
    }

    /// <summary>The properties of a schema and its allOf parts, by wire name (a later part's wins).</summary>
    public IReadOnlyDictionary<string, IOpenApiSchema> PropertiesOf(IOpenApiSchema schema)
    {
        var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var part in AllOfParts(schema))
        {
            if (part.Properties is not null) foreach (var property in part.Properties) result[property.Key] = property.Value;
        }
        return result;
    }

    /// <summary>The wire names a schema and its allOf parts require, sorted.</summary>
    public IReadOnlyList<string> RequiredPropertiesOf(IOpenApiSchema schema) =>
        AllOfParts(schema)
            .Where(part => part.Required is not null)
            .SelectMany(part => part.Required!)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

    /// <summary>The properties whose value the schema fixes to one string, sorted by wire name.</summary>
    public IReadOnlyList<ConstantPropertySpec> ConstantPropertiesOf(IOpenApiSchema schema) =>
        PropertiesOf(schema).Keys
            .OrderBy(k => k, StringComparer.Ordinal)
            .Select(k => (Name: k, Value: SingleValueOf(schema, k)))
            .Where(p => p.Value is not null)
            .Select(p => new ConstantPropertySpec(p.Name, p.Value!))
            .ToList();

    /// <summary>The one string <paramref name="property"/> of <paramref name="schema"/> can hold (a const or a one-value enum), or null.</summary>
    public string? SingleValueOf(IOpenApiSchema schema, string property)
    {
        if (!PropertiesOf(schema).TryGetValue(property, out var propertySchema)) return null;
        var target = Unwrap(propertySchema);
        if (target is null) return null;
        if (target.Const is { } constant) return constant;
        if (target.Enum is { Count: 1 } values && values[0] is { } only && only.GetValueKind() == JsonValueKind.String) return only.GetValue<string>();
        return null;
    }

    /// <summary>
    /// Whether the document allows null here: OpenAPI 3.0's <c>nullable: true</c> and 3.1's type arrays
    /// (both read as a Null type flag), a null variant in oneOf/anyOf, or null in an enum.
    /// </summary>
    public bool IsNullable(IOpenApiSchema schema)
    {
        if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0) return true;
        if (VariantsOf(schema).Any(IsNullSchema)) return true;
        if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null)) return true;
        return schema is not OpenApiSchemaReference && schema.AllOf is { Count: 1 } && IsNullable(schema.AllOf[0]);
    }

    /// <summary>A schema that allows only null (<c>type: null</c>, or <c>enum: [null]</c>).</summary>
    public bool IsNullSchema(IOpenApiSchema schema) =>
        schema.Type == JsonSchemaType.Null || schema.Enum is { Count: 1 } e && e[0] is null && schema.Type is null or JsonSchemaType.Null;

    /// <summary>A string schema (or a string enum) with nothing that makes it another C# type (a date-time format).</summary>
    public bool IsPlainString(IOpenApiSchema schema)
    {
        var target = Unwrap(schema);
        if (target is null || target.Properties is { Count: > 0 } || HasOwnShapeBesidesEnum(target) || target.Format == "date-time") return false;
        var type = (target.Type ?? 0) & ~JsonSchemaType.Null;
        if (type == JsonSchemaType.String) return true;
        return type == 0 && target.Enum is { Count: > 0 } values && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String);
    }

    /// <summary>A component that becomes a type of its own: an object, a composition, an enum or a union.</summary>
    public bool IsNamedShape(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference) return false;
        if (schema.Properties is { Count: > 0 }) return true;
        if (schema.AllOf is { Count: > 1 }) return true;
        if (schema.Enum is { Count: > 0 }) return true;
        return VariantsOf(schema).Count(v => !IsNullSchema(v)) > 1;
    }

    /// <summary>The oneOf variants of a schema, else its anyOf variants, else none.</summary>
    public static IList<IOpenApiSchema> VariantsOf(IOpenApiSchema schema) =>
        (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? Array.Empty<IOpenApiSchema>();

    /// <summary>Whether a schema with a single allOf part says more than a description next to it.</summary>
    public static bool HasOwnShape(IOpenApiSchema schema) =>
        schema.Enum is { Count: > 0 } || schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.Items is not null;

    private static bool HasOwnShapeBesidesEnum(IOpenApiSchema schema) =>
        schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.AllOf is { Count: > 0 } || schema.Items is not null;

    /// <summary>A description for a property: its own, or that of the one schema it wraps.</summary>
    public static string? DescriptionOf(IOpenApiSchema schema)
    {
        if (!string.IsNullOrWhiteSpace(schema.Description)) return schema.Description;
        if (schema is not OpenApiSchemaReference && schema.AllOf is { Count: 1 }) return DescriptionOf(schema.AllOf[0]);
        return null;
    }

    /// <summary>A const (3.1) written as text that JSON would read as another kind of value.</summary>
    public static bool IsJsonLiteral(string value) =>
        value is "true" or "false" or "null" || value.StartsWith("{", StringComparison.Ordinal) || value.StartsWith("[", StringComparison.Ordinal)
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
