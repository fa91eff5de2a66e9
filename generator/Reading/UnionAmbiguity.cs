using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Which variants of a union without a discriminator the document gives no way to tell apart. The generated
/// reader binds a value to a variant only when it is the one variant the value can be (by JSON kind, required
/// properties and fixed values); a variant whose plainest value also fits another is therefore never bound, and
/// its values stay raw. This finds those variants, so the user hears about it (CG0012) and can fix the document
/// with an overlay, rather than finding raw values at run time.
/// </summary>
internal static class UnionAmbiguity
{
    /// <summary>The JSON kinds a value of a type can have.</summary>
    [Flags]
    private enum JsonKinds
    {
        None = 0,
        String = 1,
        Number = 2,
        Boolean = 4,
        Object = 8,
        Array = 16,
        Any = String | Number | Boolean | Object | Array,
    }

    // Properties that usually say what a value is; named first when one is common to the variants.
    private static readonly string[] TellingNames = { "type", "role", "kind", "object", "event", "provider", "status" };

    /// <summary>
    /// For each variant whose plainest value also fits other variants, those variants (by member name); empty when
    /// every variant can be told apart. <paramref name="types"/> resolves named types.
    /// </summary>
    public static List<(UnionVariantSpec Variant, List<UnionVariantSpec> AlsoFits)> Find(IReadOnlyList<UnionVariantSpec> variants, IReadOnlyDictionary<string, TypeSpec> types)
    {
        var kinds = variants.Select(v => KindsOf(v.Type, types)).ToList();
        var result = new List<(UnionVariantSpec, List<UnionVariantSpec>)>();
        for (var a = 0; a < variants.Count; a++)
        {
            var alsoFits = new List<UnionVariantSpec>();
            for (var b = 0; b < variants.Count; b++)
            {
                if (a != b && PlainValueOfFirstFitsSecond(variants[a], kinds[a], variants[b], kinds[b], types)) alsoFits.Add(variants[b]);
            }
            if (alsoFits.Count > 0) result.Add((variants[a], alsoFits));
        }
        return result;
    }

    /// <summary>The advice part of the message: a property every listed variant has that could tell them apart, or a discriminator.</summary>
    public static string Advice(IEnumerable<IReadOnlyCollection<string>> propertiesOfVariants)
    {
        var sets = propertiesOfVariants.ToList();
        var common = sets.Count == 0 ? new List<string>() : sets.Skip(1).Aggregate((IEnumerable<string>)sets[0], (acc, next) => acc.Intersect(next, StringComparer.Ordinal)).ToList();
        var property = TellingNames.FirstOrDefault(n => common.Contains(n, StringComparer.Ordinal)) ?? common.OrderBy(n => n, StringComparer.Ordinal).FirstOrDefault();
        return property is null
            ? "Tell them apart with an overlay (CallsGenOverlays) that gives the union a discriminator, or gives each variant a property with a single value (enum: [...])."
            : "Tell them apart with an overlay (CallsGenOverlays) that gives each variant's '" + property + "' property the one value it has on the wire (update: {enum: [...]}), or gives the union a discriminator";
    }

    private static bool PlainValueOfFirstFitsSecond(UnionVariantSpec first, JsonKinds firstKinds, UnionVariantSpec second, JsonKinds secondKinds, IReadOnlyDictionary<string, TypeSpec> types)
    {
        if (secondKinds == JsonKinds.Any) return true;
        var shared = firstKinds & secondKinds;
        if (shared == JsonKinds.None) return false;
        if ((shared & ~JsonKinds.Object) != JsonKinds.None) return true;

        // Both take objects. The plainest object of a record has its required properties (with any values it fixes);
        // that of a map is {}. A map takes every object; a record takes one with all it requires, whose fixed values agree.
        if (!IsRecord(second.Type, types)) return true;
        var firstIsRecord = IsRecord(first.Type, types);
        if (second.RequiredProperties.Any(p => !firstIsRecord || !first.RequiredProperties.Contains(p))) return false;
        return !firstIsRecord || !second.ConstantProperties.Any(c => first.ConstantProperties.Any(f => f.WireName == c.WireName && f.Value != c.Value));
    }

    private static bool IsRecord(TypeRef type, IReadOnlyDictionary<string, TypeSpec> types) =>
        type.Kind == TypeKind.Named && (!types.TryGetValue(type.Name!, out var spec) || spec.Kind == TypeSpecKind.Object);

    private static JsonKinds KindsOf(TypeRef type, IReadOnlyDictionary<string, TypeSpec> types) => type.Kind switch
    {
        TypeKind.String or TypeKind.DateTimeOffset => JsonKinds.String,
        TypeKind.Int64 or TypeKind.Double => JsonKinds.Number,
        TypeKind.Boolean => JsonKinds.Boolean,
        TypeKind.Array => JsonKinds.Array,
        TypeKind.Map => JsonKinds.Object,
        TypeKind.Json => JsonKinds.Any,
        TypeKind.Named => NamedKinds(type.Name!, types),
    };

    // As the generated reader sees them: a nested union is tried on any value.
    private static JsonKinds NamedKinds(string name, IReadOnlyDictionary<string, TypeSpec> types)
    {
        // A type still being declared (recursion) is a record: unions and enums are declared before they are referenced.
        if (!types.TryGetValue(name, out var spec)) return JsonKinds.Object;
        return spec.Kind switch
        {
            TypeSpecKind.Object => JsonKinds.Object,
            TypeSpecKind.StringEnum => JsonKinds.String,
            TypeSpecKind.IntegerEnum => JsonKinds.Number,
            TypeSpecKind.Union => JsonKinds.Any,
        };
    }
}
