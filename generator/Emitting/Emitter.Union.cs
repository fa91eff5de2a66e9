using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Unions (oneOf/anyOf): a class holding the decoded variant or, when no variant takes the value, the value as it
/// came; read by the discriminator's tag, or by the one variant the value can be.
/// </summary>
internal sealed partial class Emitter
{
    private void EmitUnion(SourceWriter writer, TypeSpec type)
    {
        var name = type.Name;
        Doc(writer, type.Description);
        writer.Write(type.Discriminator is not null
            ? $$"""
                /// <remarks>
                /// One of several shapes, told apart by the <c>{{string.Join(" ", CSharpText.XmlDocLines(type.Discriminator))}}</c> property. A value whose
                /// discriminator the document does not list is kept as raw JSON and written back unchanged.
                /// </remarks>
                """
            : """
                /// <remarks>
                /// One of several shapes, told apart by their JSON kind, the properties each requires and the values each fixes;
                /// a value that fits none or several of them is kept as raw JSON (TryReadAs reads it with a given shape).
                /// </remarks>
                """);
        Obsolete(writer, type.Deprecated);
        writer.Write($$"""
            [{{JsonConverter}}(typeof({{_jsonClass}}.{{name}}Converter))]
            public sealed partial class {{name}}
            {
                // The decoded variant, or the value as it came (a JsonRawValue) when no variant took it.
                private readonly object _value;

                private {{name}}(object value) => _value = value;

                /// <summary>The decoded variant, or null when the value is kept only as raw JSON.</summary>
                public object? Value => _value is {{JsonRawValue}} ? null : _value;

                /// <summary>The JSON as received when no variant was decoded; null otherwise.</summary>
                public {{JsonElement}}? RawJson => (_value as {{JsonRawValue}})?.Element;

                /// <summary>True when no variant was decoded and the value is kept only as raw JSON.</summary>
                public bool IsUnknown => _value is {{JsonRawValue}};

                /// <summary>Keeps a JSON value as it is, without decoding a variant.</summary>
                public static {{name}} FromJson({{JsonElement}} json) => new {{name}}({{JsonRawValue}}.FromElement(json));

                internal static {{name}} FromRaw({{JsonRawValue}} raw) => new {{name}}(raw);

                internal {{JsonRawValue}}? GetRawValue() => _value as {{JsonRawValue}};

            """);
        writer.Indent();
        foreach (var variant in type.Variants) EmitUnionVariant(writer, name, variant);
        writer.Write("""
            /// <summary>The decoded variant or the raw JSON, for display.</summary>
            public override string ToString() => _value.ToString() ?? string.Empty;
            """);
        writer.Close();
    }

    /// <summary>A variant's members: constructor (and conversion), Is, TryGet (bound values only) and TryReadAs (any shape-fitting value).</summary>
    private void EmitUnionVariant(SourceWriter writer, string union, UnionVariantSpec variant)
    {
        var member = variant.MemberName;
        var variantType = TypeName(variant.Type);
        writer.Write($$"""
            /// <summary>Wraps a <c>{{member}}</c> value.</summary>
            public {{union}}({{variantType}} value) : this((object)value ?? throw new {{ArgumentNullException}}(nameof(value))) { }

            """);
        // C# allows no user-defined conversion from an interface (CS0552): arrays and maps are
        // IReadOnlyList/IReadOnlyDictionary, so those variants get only the constructor.
        if (variant.Type.Kind is not (TypeKind.Array or TypeKind.Map))
        {
            writer.Write($$"""
                /// <summary>Wraps a <c>{{member}}</c> value.</summary>
                public static implicit operator {{union}}({{variantType}} value) => new {{union}}(value);

                """);
        }
        writer.Write($$"""
            /// <summary>True when the value was decoded as <c>{{member}}</c>.</summary>
            public bool Is{{member}} => _value is {{variantType}};

            /// <summary>The value when it was decoded as <c>{{member}}</c>; false for another variant or a raw value.</summary>
            public bool TryGet{{member}}([{{NotNullWhen}}(true)] out {{variantType}}? value)
            {
                if (_value is {{variantType}} decoded)
                {
                    value = decoded;
                    return true;
                }
                value = default;
                return false;
            }

            /// <summary>
            /// The value as <c>{{member}}</c>: the decoded variant, or else the raw JSON read with <c>{{member}}</c>'s shape.
            /// True for a raw value says only that the JSON fits that shape, not that the server meant this variant: the
            /// document may give no way to tell it from others (CallsGen warns with CG0012), so check a field that does.
            /// </summary>
            public bool TryReadAs{{member}}([{{NotNullWhen}}(true)] out {{variantType}}? value)
            {
                if (TryGet{{member}}(out value)) return true;
                if (_value is not {{JsonRawValue}} raw) return false;
                try
                {
                    var reader = new {{Utf8JsonReader}}(raw.Utf8);
                    reader.Read();
                    value = {{ReadExpression(variant.Type)}};
                    return true;
                }
                catch ({{JsonException}})
                {
                    return false;
                }
            }

            """);
    }

    private void EmitUnionJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        var probedNames = type.Discriminator is null ? ProbedNames(type) : new List<string>();
        EmitUnionTables(writer, type, probedNames);
        writer.Write($$"""
            /// <summary>
            /// Reads a <see cref="{{typeName}}"/>: decodes the variant the discriminator names, or the only variant the
            /// JSON can be; otherwise, or when that variant does not decode, keeps the raw JSON.
            /// </summary>
            public static {{typeName}} Read{{type.Name}}(ref {{Utf8JsonReader}} reader)
            {
                var start = reader;
                var variant = -1;
            """);
        writer.Indent();
        if (type.Discriminator is not null)
        {
            writer.Write($$"""
                var known = {{Support}}.FindTag(reader, {{Literal(type.Discriminator)}}u8, {{type.Name}}Tags);
                if (known >= 0) variant = {{type.Name}}TagVariants[known];
                """);
        }
        else
        {
            EmitVariantMatching(writer, type, probedNames);
        }
        writer.Write("""
            try
            {
                switch (variant)
                {
            """);
        writer.Indent().Indent();
        for (var i = 0; i < type.Variants.Count; i++)
        {
            writer.Write($$"""
                case {{Number(i)}}:
                    return new {{typeName}}({{ReadExpression(type.Variants[i].Type)}});
                """);
        }
        writer.Outdent().Outdent();
        writer.Write($$"""
                }
            }
            catch ({{JsonException}})
            {
                // The variant did not decode: keep the value as it came rather than lose it.
                reader = start;
                return {{typeName}}.FromRaw({{JsonRawValue}}.Read(ref reader));
            }
            """);
        // An object the probe has read to its end is kept without being read again.
        writer.Line(probedNames.Count > 0
            ? "return " + typeName + ".FromRaw(scanned ? " + JsonRawValue + ".ReadScanned(ref reader, ref probe) : " + JsonRawValue + ".Read(ref reader));"
            : "return " + typeName + ".FromRaw(" + JsonRawValue + ".Read(ref reader));");
        writer.Close();
        writer.Line();
        EmitUnionWriter(writer, type);
    }

    /// <summary>
    /// The lookup tables of a union's reader: the tags and the variant each selects (found by their bytes, escaped or not,
    /// with no string made for them), or the property names whose presence tells the variants apart.
    /// </summary>
    private void EmitUnionTables(SourceWriter writer, TypeSpec type, List<string> probedNames)
    {
        if (type.Discriminator is not null)
        {
            var tags = type.Variants.SelectMany((v, i) => v.DiscriminatorValues.Select(value => (Value: value, Variant: i))).ToList();
            writer.Line("private static readonly " + KnownStrings + " " + type.Name + "Tags = " + KnownStringsExpression(tags.Select(t => t.Value)) + ";");
            writer.Line();
            writer.Line("private static readonly int[] " + type.Name + "TagVariants = { " + string.Join(", ", tags.Select(t => Number(t.Variant))) + " };");
            writer.Line();
        }
        else if (probedNames.Count > 0)
        {
            writer.Line("private static readonly " + KnownStrings + " " + type.Name + "ProbedNames = " + KnownStringsExpression(probedNames) + ";");
            writer.Line();
        }
    }

    private void EmitUnionWriter(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Write($$"""
            /// <summary>Writes a <see cref="{{typeName}}"/>: the decoded variant, or the raw JSON unchanged.</summary>
            public static void Write{{type.Name}}({{Utf8JsonWriter}} writer, {{typeName}} value)
            {
                switch (value.Value)
                {
            """);
        writer.Indent().Indent();
        for (var i = 0; i < type.Variants.Count; i++)
        {
            var variant = type.Variants[i];
            writer.Write($$"""
                case {{TypeName(variant.Type)}} v{{Number(i)}}:
                    {{WriteStatement(variant.Type, "v" + Number(i))}}
                    return;
                """);
        }
        writer.Write("""
            default:
                if (value.GetRawValue() is { } raw) raw.WriteTo(writer); else writer.WriteNullValue();
                return;
            """);
        writer.Close();
        writer.Close();
    }

    /// <summary>The property names whose presence (or fixed value) tells a union's object variants apart.</summary>
    private List<string> ProbedNames(TypeSpec type) => type.Variants
        .Where(v => IsObjectType(v.Type))
        .SelectMany(v => v.RequiredProperties.Concat(v.ConstantProperties.Select(c => c.WireName)))
        .Distinct()
        .OrderBy(n => n, System.StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Without a discriminator, a variant is chosen only when it is the one variant the JSON can be: by token kind,
    /// and for objects by the properties the variant requires and the values it fixes. One pass over an object finds
    /// them (<c>probe</c> ends on its last token, so a value no variant takes is kept without a second read).
    /// </summary>
    private void EmitVariantMatching(SourceWriter writer, TypeSpec type, List<string> names)
    {
        var probe = new ProbedProperties(names, new HashSet<string>(type.Variants.SelectMany(v => v.ConstantProperties.Select(c => c.WireName))));
        if (names.Count > 0) EmitProbe(writer, type, probe);
        writer.Line("var candidates = 0;");
        for (var i = 0; i < type.Variants.Count; i++)
        {
            var variant = type.Variants[i];
            var conditions = new List<string> { KindCondition(variant.Type) };
            if (IsObjectType(variant.Type))
            {
                conditions.AddRange(variant.RequiredProperties.Select(probe.Flag));
                conditions.AddRange(variant.ConstantProperties.Select(c => "(!" + probe.Flag(c.WireName) + " || " + probe.Text(c.WireName) + " == " + Literal(c.Value) + ")"));
            }
            writer.Write($$"""
                if ({{string.Join(" && ", conditions)}})
                {
                    variant = {{Number(i)}};
                    candidates++;
                }
                """);
        }
        writer.Line("if (candidates != 1) variant = -1;");
    }

    /// <summary>One read of a copy of the reader over the object: which probed properties it has, and the text of those a variant fixes.</summary>
    private static void EmitProbe(SourceWriter writer, TypeSpec type, ProbedProperties probe)
    {
        foreach (var name in probe.Names)
        {
            writer.Line("var " + probe.Flag(name) + " = false;");
            if (probe.Constants.Contains(name)) writer.Line("string? " + probe.Text(name) + " = null;");
        }
        writer.Write($$"""
            var probe = reader;
            var scanned = false;
            if (reader.TokenType == {{JsonTokenType}}.StartObject)
            {
                var depth = probe.CurrentDepth;
                while (probe.Read() && probe.CurrentDepth > depth)
                {
                    var name = {{type.Name}}ProbedNames.IndexOf(ref probe);
                    probe.Read();
                    switch (name)
                    {
            """);
        writer.Indent().Indent().Indent();
        foreach (var name in probe.Names)
        {
            writer.Line("case " + probe.Index(name) + ":");
            writer.Line("    " + probe.Flag(name) + " = true;");
            if (probe.Constants.Contains(name)) writer.Line("    " + probe.Text(name) + " = probe.TokenType == " + JsonTokenType + ".String ? " + Support + ".ReadString(ref probe) : null;");
            writer.Line("    break;");
        }
        writer.Outdent().Outdent().Outdent();
        writer.Write($$"""
                    }
                    {{Support}}.Skip(ref probe);
                }
                scanned = true;
            }
            """);
    }

    /// <summary>The properties a union's reader looks for, and the names of the locals that hold what it found.</summary>
    private sealed class ProbedProperties(List<string> names, HashSet<string> constants)
    {
        public List<string> Names { get; } = names;

        /// <summary>The properties some variant fixes to one value, whose text the probe keeps.</summary>
        public HashSet<string> Constants { get; } = constants;

        public string Index(string name) => Number(Names.IndexOf(name));

        public string Flag(string name) => "has" + Index(name);

        public string Text(string name) => "text" + Index(name);
    }
}
