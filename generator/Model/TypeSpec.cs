namespace CallsGen.Generator.Model;

/// <summary>The shapes a value can take in generated code.</summary>
internal enum TypeKind
{
    String,
    Boolean,
    Int64,
    Double,
    DateTimeOffset,
    Json,
    Named,
    Array,
    Map,
}

/// <summary>
/// A reference to a type in generated code: a primitive, a generated type by name, or an array or
/// map of another TypeRef. Compares by value.
/// </summary>
internal sealed record TypeRef(TypeKind Kind, string? Name = null, TypeRef? Element = null)
{
    public static readonly TypeRef String = new(TypeKind.String);
    public static readonly TypeRef Boolean = new(TypeKind.Boolean);
    public static readonly TypeRef Int64 = new(TypeKind.Int64);
    public static readonly TypeRef Double = new(TypeKind.Double);
    public static readonly TypeRef DateTimeOffset = new(TypeKind.DateTimeOffset);
    public static readonly TypeRef Json = new(TypeKind.Json);

    public static TypeRef Named(string name) => new(TypeKind.Named, name);

    public static TypeRef ArrayOf(TypeRef element) => new(TypeKind.Array, null, element);

    public static TypeRef MapOf(TypeRef element) => new(TypeKind.Map, null, element);
}

/// <summary>What kind of generated type a <see cref="TypeSpec"/> describes.</summary>
internal enum TypeSpecKind
{
    Object,
    StringEnum,
    IntegerEnum,
    Union,
}

/// <summary>
/// A generated type: an object record (with <see cref="Properties"/>), a string or integer enum (with
/// <see cref="EnumValues"/>) or a union (with <see cref="Variants"/>, dispatched on
/// <see cref="Discriminator"/> when there is one). Compares by value.
/// </summary>
internal sealed record TypeSpec(
    TypeSpecKind Kind,
    string Name,
    string? Description,
    bool Deprecated,
    EquatableArray<PropertySpec> Properties,
    EquatableArray<EnumValueSpec> EnumValues,
    string? Discriminator,
    EquatableArray<UnionVariantSpec> Variants);

/// <summary>
/// One variant of a union: the generated type it holds, the member name used for its accessors, and
/// the discriminator values that select it (empty when the union has no discriminator). For an
/// object variant, <see cref="RequiredProperties"/> and <see cref="ConstantProperties"/> say which
/// JSON objects it can match when there is no discriminator. Compares by value.
/// </summary>
internal sealed record UnionVariantSpec(
    string MemberName,
    TypeRef Type,
    EquatableArray<string> DiscriminatorValues,
    EquatableArray<string> RequiredProperties,
    EquatableArray<ConstantPropertySpec> ConstantProperties);

/// <summary>A property whose value the document fixes to one string (a single-value enum or const). Compares by value.</summary>
internal sealed record ConstantPropertySpec(string WireName, string Value);

/// <summary>
/// One property of an object record. <see cref="Required"/>: the document requires it to be present;
/// <see cref="Nullable"/>: the document allows it to be null. Compares by value.
/// </summary>
internal sealed record PropertySpec(
    string WireName,
    string Name,
    TypeRef Type,
    bool Required,
    bool Nullable,
    string? Description,
    bool Deprecated);

/// <summary>
/// One known value of an enum and its member name: for a string enum, its exact wire text; for an integer enum,
/// the value as an invariant decimal <see cref="long"/> (<c>-1</c>). Compares by value.
/// </summary>
internal sealed record EnumValueSpec(string WireValue, string MemberName);
