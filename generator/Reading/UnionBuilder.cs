using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Declares unions: a oneOf/anyOf (or a type array) of several variants, told apart by a discriminator (the
/// declared one, or a property each variant fixes to its own value), else by shape, with CG0012 when some
/// variants cannot be told apart; and a discriminated base that other components extend through allOf.
/// </summary>
internal sealed class UnionBuilder
{
    private readonly ModelContext _context;
    private readonly SchemaFacts _facts;
    private readonly SchemaMapper _schemas;
    private readonly Dictionary<(string?, EquatableArray<UnionVariantSpec>), TypeRef> _inlineUnions = new();

    public UnionBuilder(ModelContext context, SchemaMapper schemas)
    {
        _context = context;
        _facts = context.Facts;
        _schemas = schemas;
    }

    /// <summary>A union of <paramref name="variants"/> (each with its pointer), declared by <paramref name="schema"/> at <paramref name="pointer"/>.</summary>
    public TypeRef Declare(string contextName, IOpenApiSchema schema, List<(IOpenApiSchema Schema, string Pointer)> variants, string pointer)
    {
        var isComponent = ModelNames.IsComponentPointer(pointer);
        var mapped = MapVariants(contextName, variants, isComponent);
        var discriminator = FindDiscriminator(schema, mapped, out var valuesByVariant);
        // A tag maps to one variant only: where a document gives two variants the same value, the first keeps it.
        var claimedValues = new HashSet<string>(StringComparer.Ordinal);
        foreach (var values in valuesByVariant) values.RemoveAll(v => !claimedValues.Add(v));
        var specs = mapped.Select((m, i) => VariantSpec(m.Member, m.Type, m.Schema,
            discriminator is null ? EquatableArray<string>.Empty : valuesByVariant[i].ToEquatableArray())).ToEquatableArray();

        // The same inline oneOf written in several places (Vapi repeats its message union three
        // times) becomes one type, named after the first place it appears.
        var signature = (discriminator, specs);
        if (!isComponent && _inlineUnions.TryGetValue(signature, out var existing)) return existing;
        var name = _context.Names.ClaimFor(contextName, pointer);
        _context.AddType(new TypeSpec(TypeSpecKind.Union, name, schema.Description, schema.Deprecated && isComponent, EquatableArray<PropertySpec>.Empty,
            EquatableArray<EnumValueSpec>.Empty, discriminator, specs));
        if (discriminator is null) ReportAmbiguity(name, specs, mapped.Select(m => m.Schema).ToList(), pointer + (schema.OneOf is { Count: > 0 } ? "/oneOf" : "/anyOf"));
        var named = TypeRef.Named(name);
        if (!isComponent) _inlineUnions[signature] = named;
        return named;
    }

    /// <summary>Each variant's type and member name; repeats dropped, and a component union's mention of itself.</summary>
    private List<MappedVariant> MapVariants(string contextName, List<(IOpenApiSchema Schema, string Pointer)> variants, bool isComponent)
    {
        var members = ModelNames.UnionMembers(contextName);
        var mapped = new List<MappedVariant>();
        for (var i = 0; i < variants.Count; i++)
        {
            var (variant, variantPointer) = variants[i];
            var type = _schemas.Map(variant, contextName + "Variant" + (i + 1).ToString(CultureInfo.InvariantCulture), variantPointer);
            // A component union listing itself ("U: {oneOf: [{$ref: U}, ...]}") adds no shape by doing so.
            if (mapped.Any(m => m.Type == type) || isComponent && type == TypeRef.Named(contextName)) continue;
            mapped.Add(new MappedVariant(type, variant, members.Claim(MemberNameOf(type))));
        }
        return mapped;
    }

    private UnionVariantSpec VariantSpec(string member, TypeRef type, IOpenApiSchema schema, EquatableArray<string> discriminatorValues) =>
        new(member, type, discriminatorValues, _facts.RequiredPropertiesOf(schema).ToEquatableArray(), _facts.ConstantPropertiesOf(schema).ToEquatableArray());

    /// <summary>
    /// The property that tells the variants apart: the declared discriminator, or else a property
    /// every variant has with a single, distinct enum (or const) value. Null when there is none.
    /// </summary>
    private string? FindDiscriminator(IOpenApiSchema union, List<MappedVariant> variants, out List<List<string>> valuesByVariant)
    {
        valuesByVariant = variants.Select(_ => new List<string>()).ToList();
        if (variants.Any(v => v.Type.Kind != TypeKind.Named || _facts.PropertiesOf(v.Schema).Count == 0)) return null;
        if (union.Discriminator is { PropertyName: { Length: > 0 } declared } discriminator)
        {
            var declaredValues = DeclaredValues(discriminator, declared, variants);
            // A discriminator whose values cannot be found (its mapping points outside the document, its
            // variants are inline) tells nothing: fall through to an implicit one, or to matching by shape.
            if (declaredValues.Any(v => v.Count > 0))
            {
                valuesByVariant = declaredValues;
                return declared;
            }
        }
        return ImplicitDiscriminator(variants, valuesByVariant);
    }

    /// <summary>Each variant's values of a declared discriminator: those the mapping gives it, else its component name, else the one value it fixes.</summary>
    private List<List<string>> DeclaredValues(OpenApiDiscriminator discriminator, string property, List<MappedVariant> variants)
    {
        var mapping = discriminator.Mapping;
        var valuesByVariant = new List<List<string>>();
        foreach (var variant in variants)
        {
            var values = new List<string>();
            var id = (variant.Schema as OpenApiSchemaReference)?.Reference?.Id;
            if (mapping is { Count: > 0 })
            {
                foreach (var entry in mapping)
                {
                    if (entry.Value.Reference?.Id is { } target && target == id) values.Add(entry.Key);
                }
            }
            if (values.Count == 0 && id is not null) values.Add(id);
            if (values.Count == 0 && _facts.SingleValueOf(variant.Schema, property) is { } single) values.Add(single);
            valuesByVariant.Add(values);
        }
        return valuesByVariant;
    }

    /// <summary>The first property (<c>type</c> first, then by name) that every variant fixes to its own value; it fills <paramref name="valuesByVariant"/>.</summary>
    private string? ImplicitDiscriminator(List<MappedVariant> variants, List<List<string>> valuesByVariant)
    {
        var first = _facts.PropertiesOf(variants[0].Schema);
        foreach (var property in first.Keys.OrderBy(k => k == "type" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal))
        {
            var values = variants.Select(v => _facts.SingleValueOf(v.Schema, property)).ToList();
            if (values.Any(v => v is null)) continue;
            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count) continue;
            for (var i = 0; i < variants.Count; i++) valuesByVariant[i] = new List<string> { values[i]! };
            return property;
        }
        return null;
    }

    /// <summary>CG0012 when some variants of a union without a discriminator cannot be told apart.</summary>
    private void ReportAmbiguity(string union, EquatableArray<UnionVariantSpec> variants, List<IOpenApiSchema> schemas, string pointer)
    {
        var shadowed = UnionAmbiguity.Find(variants, _context.Types);
        if (shadowed.Count == 0) return;
        var described = string.Join("; ", shadowed.Select(s => "a value shaped like " + s.Variant.MemberName + " also fits " + JoinNames(s.AlsoFits.Select(v => v.MemberName))));
        var involved = shadowed.SelectMany(s => s.AlsoFits.Append(s.Variant)).Distinct().ToList();
        var positions = variants.ToList();
        var advice = UnionAmbiguity.Advice(involved.Select(v => (IReadOnlyCollection<string>)_facts.PropertiesOf(schemas[positions.IndexOf(v)]).Keys.ToList()));
        var readers = JoinNames(shadowed.Select(s => GeneratedMembers.TryReadAsPrefix + s.Variant.MemberName));
        _context.Report(Descriptors.AmbiguousUnion, pointer, union, described, readers, advice);
    }

    private static string JoinNames(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
    }

    /// <summary>The member name of a variant of type <paramref name="type"/>: the type's name, "StringList", "Int64Map", "Json"...</summary>
    private static string MemberNameOf(TypeRef type) => type.Kind switch
    {
        TypeKind.Named => type.Name!,
        TypeKind.Array => MemberNameOf(type.Element!) + "List",
        TypeKind.Map => MemberNameOf(type.Element!) + "Map",
        TypeKind.Json => "Json",
        TypeKind.String or TypeKind.Boolean or TypeKind.Int64 or TypeKind.Double or TypeKind.DateTimeOffset => type.Kind.ToString(),
    };

    /// <summary>
    /// A discriminated base with subtypes: a union (under the base's name) of every subtype and the
    /// base's own record, told apart by the discriminator: the mapping's keys, else the schema names.
    /// </summary>
    public TypeRef DeclarePolymorphicBase(string id, IOpenApiSchema target, string pointer)
    {
        var name = _context.Names.Component(id);
        var named = TypeRef.Named(name);
        var discriminator = target.Discriminator!;
        var members = ModelNames.UnionMembers(name);
        var claimedValues = new HashSet<string>(StringComparer.Ordinal);
        var specs = new List<UnionVariantSpec>();
        foreach (var variantId in _context.Subtypes[id].Append(id))
        {
            var variantSchema = _context.Document.Components!.Schemas![variantId];
            var type = variantId == id
                ? _schemas.DeclareObject(_context.Names.BaseRecord(id), target, pointer)
                : _schemas.MapComponent(variantId, variantSchema);
            // A subtype that adds nothing ("Sub: {allOf: [{$ref: Base}]}") is the base itself, not a variant of it.
            if (type.Kind != TypeKind.Named || type == named) continue;
            var values = MappedValues(discriminator, variantId);
            values.RemoveAll(v => !claimedValues.Add(v));
            specs.Add(VariantSpec(members.Claim(type.Name!), type, variantSchema, values.ToEquatableArray()));
        }
        _context.AddType(new TypeSpec(TypeSpecKind.Union, name, target.Description, target.Deprecated, EquatableArray<PropertySpec>.Empty,
            EquatableArray<EnumValueSpec>.Empty, discriminator.PropertyName, specs.ToEquatableArray()));
        return named;
    }

    /// <summary>The mapping's keys for component <paramref name="variantId"/>, sorted; else its name.</summary>
    private static List<string> MappedValues(OpenApiDiscriminator discriminator, string variantId)
    {
        var values = new List<string>();
        if (discriminator.Mapping is { Count: > 0 } mapping)
        {
            foreach (var entry in mapping.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                if (entry.Value.Reference?.Id == variantId) values.Add(entry.Key);
            }
        }
        if (values.Count == 0) values.Add(variantId);
        return values;
    }

    private sealed record MappedVariant(TypeRef Type, IOpenApiSchema Schema, string Member);
}

/// <summary>Swagger 2.0 inheritance: a component with a discriminator that others extend through allOf.</summary>
internal static class Polymorphism
{
    /// <summary>Each discriminated base (see <see cref="SubtypesOf"/>) with the components that extend it, sorted.</summary>
    public static Dictionary<string, List<string>> FindSubtypes(IDictionary<string, IOpenApiSchema> components)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sorted = components.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        foreach (var pair in sorted)
        {
            var subtypes = SubtypesOf(pair.Key, pair.Value, sorted);
            if (subtypes.Count > 0) result[pair.Key] = subtypes;
        }
        return result;
    }

    /// <summary>
    /// The components that extend <paramref name="id"/> through allOf, sorted, when <paramref name="id"/>
    /// declares a discriminator and is not itself a oneOf/anyOf; empty otherwise.
    /// </summary>
    private static List<string> SubtypesOf(string id, IOpenApiSchema schema, List<KeyValuePair<string, IOpenApiSchema>> sorted)
    {
        var result = new List<string>();
        if (schema is OpenApiSchemaReference || schema.Discriminator?.PropertyName is not { Length: > 0 }) return result;
        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 }) return result;
        if (schema.Properties is not { Count: > 0 } && schema.AllOf is not { Count: > 0 }) return result;
        foreach (var pair in sorted)
        {
            if (pair.Key == id || pair.Value is OpenApiSchemaReference || pair.Value.AllOf is null) continue;
            if (pair.Value.AllOf.Any(part => part is OpenApiSchemaReference r && r.Reference?.Id == id)) result.Add(pair.Key);
        }
        return result;
    }
}
