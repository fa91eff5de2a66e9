using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Maps schemas to types: primitives, arrays and maps as they are; objects, string enums and components as
/// declared types (unions through <see cref="UnionBuilder"/>). Only schemas reached this way become types.
/// </summary>
internal sealed class SchemaMapper
{
    private readonly ModelContext _context;
    private readonly SchemaFacts _facts;
    private readonly UnionBuilder _unions;
    private readonly Dictionary<string, TypeRef> _componentTypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _componentsInProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _objectsInProgress = new(StringComparer.Ordinal);

    public SchemaMapper(ModelContext context)
    {
        _context = context;
        _facts = context.Facts;
        _unions = new UnionBuilder(context, this);
    }

    /// <summary>
    /// The type of <paramref name="schema"/>, found at <paramref name="pointer"/>; a type it declares is named
    /// <paramref name="contextName"/> (with a number when taken) unless it is a component, which has its own name.
    /// </summary>
    public TypeRef Map(IOpenApiSchema schema, string contextName, string pointer)
    {
        _context.ThrowIfCancellationRequested();
        if (schema is OpenApiSchemaReference reference) return MapReference(reference, pointer);

        // allOf: [ {$ref} ] is how OpenAPI 3.0 puts a description next to a reference.
        if (schema.AllOf is { Count: 1 } && (schema.Properties is null || schema.Properties.Count == 0) && !SchemaFacts.HasOwnShape(schema))
        {
            return Map(schema.AllOf[0], contextName, pointer + "/allOf/0");
        }
        if (MapVariants(schema, contextName, pointer) is { } variantType) return variantType;
        if (schema.AllOf is { Count: > 1 } || schema.AllOf is { Count: 1 } && schema.Properties is { Count: > 0 })
        {
            return DeclareObject(contextName, schema, pointer);
        }

        var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
        if (schema.Enum is { Count: > 0 } values
            && type is 0 or JsonSchemaType.String && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String))
        {
            return DeclareEnum(contextName, schema, values, pointer);
        }
        if (schema.Enum is { Count: > 0 } numbers && type is JsonSchemaType.Integer or JsonSchemaType.Number
            && IntegerEnumValues.Read(numbers) is { } integers)
        {
            return DeclareIntegerEnum(contextName, schema, integers, pointer);
        }
        // A const with no type (3.1): a string when the value can only be one.
        if (type == 0 && schema.Const is { } constant && schema.Properties is not { Count: > 0 } && !SchemaFacts.IsJsonLiteral(constant))
        {
            return TypeRef.String;
        }
        return MapByType(schema, type, contextName, pointer);
    }

    private TypeRef MapReference(OpenApiSchemaReference reference, string pointer)
    {
        var id = reference.Reference?.Id;
        var target = _facts.Target(reference);
        if (id is null || target is null || !_context.Names.IsComponent(id))
        {
            _context.Report(Descriptors.JsonFallback, pointer, "The reference at " + pointer, "its target '" + (reference.Reference?.ReferenceV3 ?? "?") + "' cannot be resolved");
            return TypeRef.Json;
        }
        return MapComponent(id, target);
    }

    /// <summary>
    /// A oneOf/anyOf without properties of its own: its one non-null variant's type, an enum when every variant is a
    /// string and some list values ("one of these known strings, or any string"), else a union. Null when not one.
    /// </summary>
    private TypeRef? MapVariants(IOpenApiSchema schema, string contextName, string pointer)
    {
        var variants = SchemaFacts.VariantsOf(schema);
        if (variants.Count == 0 || schema.Properties is { Count: > 0 }) return null;
        var keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
        var nonNull = variants.Select((v, i) => (Schema: v, Pointer: JsonPointer.Append(pointer + "/" + keyword, i)))
            .Where(v => !_facts.IsNullSchema(v.Schema)).ToList();
        if (nonNull.Count == 1) return Map(nonNull[0].Schema, contextName, nonNull[0].Pointer);
        if (nonNull.Count <= 1) return null;
        if (nonNull.All(v => _facts.IsPlainString(v.Schema)) && nonNull.Any(v => _facts.Unwrap(v.Schema)?.Enum is { Count: > 0 }))
        {
            return DeclareEnum(contextName, schema, nonNull.SelectMany(v => _facts.Unwrap(v.Schema)!.Enum ?? new List<JsonNode>()), pointer);
        }
        return _unions.Declare(contextName, schema, nonNull, pointer);
    }

    private TypeRef MapByType(IOpenApiSchema schema, JsonSchemaType type, string contextName, string pointer)
    {
        switch (type)
        {
            case JsonSchemaType.String:
                return schema.Format == "date-time" ? TypeRef.DateTimeOffset : TypeRef.String;
            case JsonSchemaType.Integer:
                return TypeRef.Int64;
            case JsonSchemaType.Number:
                return TypeRef.Double;
            case JsonSchemaType.Boolean:
                return TypeRef.Boolean;
            case JsonSchemaType.Array:
                return schema.Items is null
                    ? TypeRef.ArrayOf(TypeRef.Json)
                    : TypeRef.ArrayOf(Map(schema.Items, contextName + "Item", pointer + "/items"));
            case JsonSchemaType.Object:
            case 0:
                if (schema.Properties is { Count: > 0 }) return DeclareObject(contextName, schema, pointer);
                if (schema.AdditionalProperties is { } additional)
                {
                    return TypeRef.MapOf(Map(additional, contextName + "Value", pointer + "/additionalProperties"));
                }
                return TypeRef.Json;
            default:
                // Several types (3.1's ["string", "boolean"]; 3.0's oneOf of plain types reads the same): a union whose
                // variants differ in JSON kind, so every value binds to one. One that allows any JSON value is a JsonElement.
                const JsonSchemaType anyValue = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Object | JsonSchemaType.Array;
                if ((type & anyValue) == anyValue) return TypeRef.Json;
                return _unions.Declare(contextName, schema, KindVariants(schema, type, pointer), pointer);
        }
    }

    /// <summary>One schema per JSON kind a type array allows: a string (with the format), a number (an integer when
    /// only integers are allowed), a boolean, an array of the items, an object with the properties (or a map).</summary>
    private static List<(IOpenApiSchema Schema, string Pointer)> KindVariants(IOpenApiSchema schema, JsonSchemaType type, string pointer)
    {
        var variants = new List<(IOpenApiSchema, string)>();
        if ((type & JsonSchemaType.String) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.String, Format = schema.Format }, pointer));
        if ((type & JsonSchemaType.Number) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Number }, pointer));
        else if ((type & JsonSchemaType.Integer) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Integer }, pointer));
        if ((type & JsonSchemaType.Boolean) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Boolean }, pointer));
        if ((type & JsonSchemaType.Array) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema.Items }, pointer));
        if ((type & JsonSchemaType.Object) != 0)
        {
            // A free-form object becomes a map of raw values, which takes only objects (JsonElement would take anything).
            variants.Add((new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = schema.Properties,
                Required = schema.Required,
                AdditionalProperties = schema.AdditionalProperties ?? (schema.Properties is { Count: > 0 } ? null : new OpenApiSchema()),
            }, pointer));
        }
        return variants;
    }

    /// <summary>The type of component <paramref name="id"/>, declared the first time it is reached.</summary>
    public TypeRef MapComponent(string id, IOpenApiSchema target)
    {
        if (_componentTypes.TryGetValue(id, out var known)) return known;
        var name = _context.Names.Component(id);
        var pointer = JsonPointer.ComponentSchema(id);
        if (!_componentsInProgress.Add(id))
        {
            // A component that refers to itself without passing through a named type (e.g. an
            // array of itself) has no finite C# shape; it stays raw JSON.
            _context.Report(Descriptors.JsonFallback, pointer, "Schema '" + id + "'", "it contains itself without an object in between");
            return TypeRef.Json;
        }
        try
        {
            // A named type is registered before the walk, so that recursive references resolve to the name.
            var named = TypeRef.Named(name);
            if (_context.Subtypes.ContainsKey(id))
            {
                _componentTypes[id] = named;
                return _unions.DeclarePolymorphicBase(id, target, pointer);
            }
            if (!_facts.IsNamedShape(target)) return _componentTypes[id] = Map(target, name, pointer);
            _componentTypes[id] = named;
            var mapped = Map(target, name, pointer);
            if (mapped != named) _componentTypes[id] = mapped;
            return mapped;
        }
        finally
        {
            _componentsInProgress.Remove(id);
        }
    }

    /// <summary>A record declared from <paramref name="schema"/> at <paramref name="pointer"/> (its properties and those of its allOf parts).</summary>
    public TypeRef DeclareObject(string contextName, IOpenApiSchema schema, string pointer)
    {
        // An inline schema reached again while it is being declared (a property whose allOf extends
        // the object that holds it) is the type being declared: without this it would nest forever.
        if (_objectsInProgress.TryGetValue(pointer, out var inProgress)) return TypeRef.Named(inProgress);
        var name = _context.Names.ClaimFor(contextName, pointer);
        _objectsInProgress[pointer] = name;
        try
        {
            return DeclareObjectNamed(name, schema, pointer);
        }
        finally
        {
            _objectsInProgress.Remove(pointer);
        }
    }

    private TypeRef DeclareObjectNamed(string name, IOpenApiSchema schema, string pointer)
    {
        var collected = new CollectedProperties(schema.Description);
        CollectProperties(schema, pointer, collected);

        var members = ModelNames.RecordMembers(name);
        var specs = new List<PropertySpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (wire, propertySchema, propertyPointer) in collected.Properties)
        {
            if (!seen.Add(wire)) continue;
            var pascal = Identifiers.ToPascalCase(wire);
            var memberName = members.Claim(pascal == name ? pascal + "Value" : pascal);
            var type = Map(propertySchema, name + pascal, propertyPointer);
            specs.Add(new PropertySpec(wire, memberName, type, collected.Required.Contains(wire), _facts.IsNullable(propertySchema),
                SchemaFacts.DescriptionOf(propertySchema), propertySchema.Deprecated));
        }

        _context.AddType(new TypeSpec(TypeSpecKind.Object, name, collected.Description, schema.Deprecated && ModelNames.IsComponentPointer(pointer), specs.ToEquatableArray(),
            EquatableArray<EnumValueSpec>.Empty, null, EquatableArray<UnionVariantSpec>.Empty));
        return TypeRef.Named(name);
    }

    /// <summary>The properties of an object and of everything it takes in through allOf, each reference followed once.</summary>
    private void CollectProperties(IOpenApiSchema schema, string pointer, CollectedProperties collected)
    {
        var target = _facts.Target(schema);
        if (target is null || !collected.Visited.Add(target)) return;
        if (schema is OpenApiSchemaReference reference && reference.Reference?.Id is { } id) pointer = JsonPointer.ComponentSchema(id);
        if (target.AllOf is not null)
        {
            for (var i = 0; i < target.AllOf.Count; i++)
            {
                CollectProperties(target.AllOf[i], JsonPointer.Append(pointer + "/allOf", i), collected);
            }
        }
        if (target.Properties is not null)
        {
            foreach (var property in target.Properties)
            {
                collected.Properties.Add((property.Key, SchemaFacts.PropertySchema(property.Value), JsonPointer.Append(pointer + "/properties", property.Key)));
            }
        }
        if (target.Required is not null) collected.Required.UnionWith(target.Required);
        collected.Description ??= target.Description;
    }

    /// <summary>A string enum of <paramref name="enumValues"/> (non-strings and repeats dropped), described by <paramref name="schema"/>.</summary>
    private TypeRef DeclareEnum(string contextName, IOpenApiSchema schema, IEnumerable<JsonNode?> enumValues, string pointer)
    {
        var name = _context.Names.ClaimFor(contextName, pointer);
        var members = ModelNames.EnumMembers(name);
        var values = new List<EnumValueSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in enumValues)
        {
            if (node is null || node.GetValueKind() != JsonValueKind.String) continue;
            var wire = node.GetValue<string>();
            if (!seen.Add(wire)) continue;
            values.Add(new EnumValueSpec(wire, members.Claim(Identifiers.ToPascalCase(wire))));
        }
        _context.AddType(new TypeSpec(TypeSpecKind.StringEnum, name, schema.Description, schema.Deprecated && ModelNames.IsComponentPointer(pointer), EquatableArray<PropertySpec>.Empty,
            values.ToEquatableArray(), null, EquatableArray<UnionVariantSpec>.Empty));
        return TypeRef.Named(name);
    }

    /// <summary>
    /// An integer enum (a C# enum over <see cref="long"/>) of <paramref name="integers"/>, members named by the schema's
    /// <c>x-enum-varnames</c> or <c>x-enumNames</c> when it gives a usable name for every value, else <c>Value1</c>,
    /// <c>ValueMinus1</c>. A number enum with a value that is not a whole number never gets here: it stays a double.
    /// </summary>
    private TypeRef DeclareIntegerEnum(string contextName, IOpenApiSchema schema, List<long> integers, string pointer)
    {
        var name = _context.Names.ClaimFor(contextName, pointer);
        var members = ModelNames.IntegerEnumMembers(name);
        var given = IntegerEnumValues.MemberNames(schema, integers.Count);
        var values = new List<EnumValueSpec>();
        var seen = new HashSet<long>();
        for (var i = 0; i < integers.Count; i++)
        {
            if (!seen.Add(integers[i])) continue;
            var member = given?[i] ?? IntegerEnumValues.DefaultMemberName(integers[i]);
            values.Add(new EnumValueSpec(integers[i].ToString(CultureInfo.InvariantCulture), members.Claim(member)));
        }
        _context.AddType(new TypeSpec(TypeSpecKind.IntegerEnum, name, schema.Description, schema.Deprecated && ModelNames.IsComponentPointer(pointer), EquatableArray<PropertySpec>.Empty,
            values.ToEquatableArray(), null, EquatableArray<UnionVariantSpec>.Empty));
        return TypeRef.Named(name);
    }

    /// <summary>What collecting an object's properties gathers: each property with its pointer, the required names, the first description.</summary>
    private sealed class CollectedProperties
    {
        public CollectedProperties(string? description) => Description = description;

        public List<(string Wire, IOpenApiSchema Schema, string Pointer)> Properties { get; } = new();

        public HashSet<string> Required { get; } = new(StringComparer.Ordinal);

        public HashSet<IOpenApiSchema> Visited { get; } = new();

        public string? Description { get; set; }
    }
}
