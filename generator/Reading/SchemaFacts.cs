using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CallsGen.Generator.Model;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Questions the model builder asks about schemas: what a reference points to, what a wrapper wraps, which
/// properties a schema has through allOf, whether it allows null. They read the document only, which does not
/// change while the model is built, so each answer is kept per schema object: the same component is asked
/// about from every place that refers to it, and Microsoft.OpenApi resolves a reference anew (building URIs)
/// on every read of its target or of any keyword through it.
/// </summary>
internal sealed class SchemaFacts
{
    private readonly Dictionary<IOpenApiSchema, IOpenApiSchema?> _targets = new(SameSchema.Instance);
    private readonly Dictionary<(OpenApiDocument?, string), IOpenApiSchema?> _targetsByPlace = new();
    private readonly Dictionary<IOpenApiSchema, IOpenApiSchema?> _unwrapped = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, List<IOpenApiSchema>> _parts = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, Dictionary<string, IOpenApiSchema>> _properties = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, List<string>> _required = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, List<ConstantPropertySpec>> _constants = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, bool> _nullable = new(SameSchema.Instance);
    private readonly Dictionary<IOpenApiSchema, bool> _nullSchemas = new(SameSchema.Instance);

    /// <summary>What <paramref name="schema"/> stands for: a reference's target (null when it cannot be resolved), else itself.</summary>
    public IOpenApiSchema? Target(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchemaReference reference) return schema;
        if (_targets.TryGetValue(reference, out var target)) return target;
        // Every $ref to one place resolves to the same schema, so each place is resolved once (a $dynamicRef
        // depends on more than its text, so it is resolved by the reference itself).
        var own = reference.Reference;
        var place = own is not null && string.IsNullOrEmpty(own.DynamicRef) && own.ReferenceV3 is { } text ? (own.HostDocument, text) : default;
        if (place.text is null || !_targetsByPlace.TryGetValue(place, out target))
        {
            target = reference.Target;
            if (place.text is not null) _targetsByPlace[place] = target;
        }
        return _targets[reference] = target;
    }

    /// <summary>
    /// The target of a reference that has no keywords of its own beside <c>$ref</c> among <paramref name="keywords"/>,
    /// when that target is a schema and not another reference; else null. Microsoft.OpenApi reads each keyword of a
    /// reference as its own value, else its target's, resolving the reference again on every read: the answer
    /// about such a reference is the answer about its target, which is asked once.
    /// </summary>
    private OpenApiSchema? BareTarget(OpenApiSchemaReference reference, Keywords keywords)
    {
        var own = reference.Reference;
        if (own is null) return null;
        if ((keywords & Keywords.Type) != 0 && own.SchemaType is not null) return null;
        if ((keywords & Keywords.Enum) != 0 && own.Enum is not null) return null;
        if ((keywords & Keywords.Variants) != 0 && (own.OneOf is not null || own.AnyOf is not null)) return null;
        return Target(reference) as OpenApiSchema;
    }

    [Flags]
    private enum Keywords
    {
        Type = 1,
        Enum = 2,
        Variants = 4,
    }

    /// <summary>
    /// The schema a chain of references and description-only wrappers (<c>allOf: [{$ref}]</c>) leads to; null when
    /// it cannot be resolved or leads back to itself ("S: {allOf: [{$ref: S}]}" has nothing to unwrap to).
    /// </summary>
    public IOpenApiSchema? Unwrap(IOpenApiSchema? schema)
    {
        if (schema is null) return null;
        if (!_unwrapped.TryGetValue(schema, out var unwrapped)) _unwrapped[schema] = unwrapped = UnwrapUncached(schema);
        return unwrapped;
    }

    private IOpenApiSchema? UnwrapUncached(IOpenApiSchema? schema)
    {
        var visited = new HashSet<IOpenApiSchema>();
        while (schema is not null && visited.Add(schema))
        {
            if (schema is OpenApiSchemaReference)
            {
                schema = Target(schema);
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
        if (_parts.TryGetValue(schema, out var parts)) return parts;
        parts = new List<IOpenApiSchema>();
        CollectParts(schema, parts, new HashSet<IOpenApiSchema>());
        return _parts[schema] = parts;
    }

    private void CollectParts(IOpenApiSchema current, List<IOpenApiSchema> parts, HashSet<IOpenApiSchema> visited)
    {
        var target = Target(current);
        if (target is null || !visited.Add(target)) return;
        if (target.AllOf is not null) foreach (var part in target.AllOf) CollectParts(part, parts, visited);
        parts.Add(target);
    }

    /// <summary>A schema that allows any value: what an empty schema says, and how a boolean schema is read.</summary>
    private static readonly IOpenApiSchema AnyValue = new OpenApiSchema();

    /// <summary>
    /// A property's schema. JSON Schema's boolean schemas (<c>true</c>, <c>false</c>) come from the reader as null
    /// (it warns, CG0002); they are read as any value, which keeps whatever arrives.
    /// </summary>
    public static IOpenApiSchema PropertySchema(IOpenApiSchema? schema) => schema ?? AnyValue;

    /// <summary>The properties of a schema and its allOf parts, by wire name (a later part's wins).</summary>
    public IReadOnlyDictionary<string, IOpenApiSchema> PropertiesOf(IOpenApiSchema schema)
    {
        if (_properties.TryGetValue(schema, out var result)) return result;
        result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var part in AllOfParts(schema))
        {
            if (part.Properties is not null) foreach (var property in part.Properties) result[property.Key] = PropertySchema(property.Value);
        }
        return _properties[schema] = result;
    }

    /// <summary>The wire names a schema and its allOf parts require, sorted.</summary>
    public IReadOnlyList<string> RequiredPropertiesOf(IOpenApiSchema schema)
    {
        if (_required.TryGetValue(schema, out var required)) return required;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in AllOfParts(schema))
        {
            if (part.Required is not null) names.UnionWith(part.Required);
        }
        required = names.ToList();
        required.Sort(StringComparer.Ordinal);
        return _required[schema] = required;
    }

    /// <summary>The properties whose value the schema fixes to one string, sorted by wire name.</summary>
    public IReadOnlyList<ConstantPropertySpec> ConstantPropertiesOf(IOpenApiSchema schema)
    {
        if (_constants.TryGetValue(schema, out var constants)) return constants;
        constants = new List<ConstantPropertySpec>();
        var properties = PropertiesOf(schema);
        if (properties.Count > 0)
        {
            var names = properties.Keys.ToList();
            names.Sort(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (SingleValueOf(schema, name) is { } value) constants.Add(new ConstantPropertySpec(name, value));
            }
        }
        return _constants[schema] = constants;
    }

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
        if (!_nullable.TryGetValue(schema, out var nullable)) _nullable[schema] = nullable = IsNullableUncached(schema);
        return nullable;
    }

    private bool IsNullableUncached(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (Target(reference) is null) return false;
            var target = BareTarget(reference, Keywords.Type | Keywords.Enum | Keywords.Variants);
            return AllowsNullByKeywords(target ?? schema);
        }
        return AllowsNullByKeywords(schema) || schema.AllOf is { Count: 1 } && IsNullable(schema.AllOf[0]);
    }

    private bool AllowsNullByKeywords(IOpenApiSchema schema) =>
        schema.Type is { } type && (type & JsonSchemaType.Null) != 0
        || VariantsOf(schema).Any(IsNullSchema)
        || schema.Enum is { Count: > 0 } values && values.Any(v => v is null);

    /// <summary>A schema that allows only null (<c>type: null</c>, or <c>enum: [null]</c>).</summary>
    public bool IsNullSchema(IOpenApiSchema schema)
    {
        if (_nullSchemas.TryGetValue(schema, out var isNull)) return isNull;
        var keywords = schema is OpenApiSchemaReference reference ? BareTarget(reference, Keywords.Type | Keywords.Enum) ?? schema : schema;
        isNull = keywords.Type == JsonSchemaType.Null || keywords.Enum is { Count: 1 } e && e[0] is null && keywords.Type is null or JsonSchemaType.Null;
        return _nullSchemas[schema] = isNull;
    }

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

    /// <summary>Schemas compared as objects: the same object is the same schema (none of them overrides Equals).</summary>
    private sealed class SameSchema : IEqualityComparer<IOpenApiSchema>
    {
        public static readonly SameSchema Instance = new();

        public bool Equals(IOpenApiSchema? x, IOpenApiSchema? y) => ReferenceEquals(x, y);

        public int GetHashCode(IOpenApiSchema obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
