using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    private string EmitType(TypeSpec type)
    {
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        switch (type.Kind)
        {
            case TypeSpecKind.Object: EmitObject(writer, type); break;
            case TypeSpecKind.StringEnum: EmitEnum(writer, type); break;
            case TypeSpecKind.Union: EmitUnion(writer, type); break;
        }
        writer.Close();
        writer.Line();
        writer.Open("namespace " + _spec.Namespace);
        writer.Open("public static partial class " + _spec.ClientName + "Json");
        switch (type.Kind)
        {
            case TypeSpecKind.Object: EmitObjectJson(writer, type); break;
            case TypeSpecKind.StringEnum: EmitEnumJson(writer, type); break;
            case TypeSpecKind.Union: EmitUnionJson(writer, type); break;
        }
        EmitConverter(writer, type);
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    // Optional properties are nullable (absent reads as null); required ones only when the document allows null.
    private static bool IsNullableMember(PropertySpec property) => !property.Required || property.Nullable;

    private string PropertyType(PropertySpec property) => TypeName(property.Type) + (IsNullableMember(property) ? "?" : string.Empty);

    private void EmitObject(SourceWriter writer, TypeSpec type)
    {
        Doc(writer, type.Description);
        Obsolete(writer, type.Deprecated);
        writer.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _jsonClass + "." + type.Name + "Converter))]");
        writer.Open("public sealed partial record " + type.Name);
        foreach (var property in type.Properties)
        {
            Doc(writer, property.Description);
            Obsolete(writer, property.Deprecated, property.Required);
            writer.Line("public " + (property.Required ? "required " : string.Empty) + PropertyType(property) + " " + property.Name + " { get; init; }");
            writer.Line();
        }
        writer.Line("/// <summary>Properties the server sent that the document does not describe, kept so they are written back unchanged.</summary>");
        writer.Line("public global::System.Collections.Generic.IReadOnlyDictionary<string, " + Json + ".JsonElement>? AdditionalProperties { get; init; }");
        writer.Close();
    }

    private void EmitObjectJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Line("/// <summary>Reads a <see cref=\"" + typeName + "\"/> from the reader, which must be on its first token.</summary>");
        writer.Open("public static " + typeName + " Read" + type.Name + "(ref " + Json + ".Utf8JsonReader reader)");
        writer.Line(Support + ".ExpectStartObject(ref reader, " + CSharpText.StringLiteral(type.Name) + ");");
        var locals = type.Properties.Select((p, i) => (Property: p, Local: "p" + i)).ToList();
        foreach (var (property, local) in locals)
        {
            writer.Line(TypeName(property.Type) + "? " + local + " = default;");
            if (property.Required && property.Nullable) writer.Line("var " + local + "Seen = false;");
        }
        writer.Line("global::System.Collections.Generic.Dictionary<string, " + Json + ".JsonElement>? additional = null;");
        writer.Open("while (reader.Read() && reader.TokenType != " + Json + ".JsonTokenType.EndObject)");
        if (locals.Count == 0)
        {
            writer.Line("var name = " + Support + ".ReadPropertyName(ref reader);");
            writer.Line("reader.Read();");
            writer.Line(Support + ".KeepRaw(ref additional, name, ref reader);");
        }
        else
        {
            writer.Line("var property = " + type.Name + "PropertyIndex(ref reader);");
            writer.Line("var unknown = property < 0 ? " + Support + ".ReadPropertyName(ref reader) : null;");
            writer.Line("reader.Read();");
            writer.Open("switch (property)");
            for (var i = 0; i < locals.Count; i++)
            {
                var (property, local) = locals[i];
                writer.Line("case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":");
                writer.Indent();
                if (property.Required && property.Nullable) writer.Line(local + "Seen = true;");
                writer.Line("if (reader.TokenType == " + Json + ".JsonTokenType.Null) break;");
                EmitLenientRead(writer, property, local, i);
                writer.Line("break;");
                writer.Outdent();
            }
            writer.Line("default:");
            writer.Line("    " + Support + ".KeepRaw(ref additional, unknown!, ref reader);");
            writer.Line("    break;");
            writer.Close();
        }
        writer.Close();
        foreach (var (property, local) in locals.Where(l => l.Property.Required))
        {
            var missing = property.Nullable ? "!" + local + "Seen" : local + " is null";
            writer.Line("if (" + missing + ") throw " + Support + ".MissingRequired(" + CSharpText.StringLiteral(type.Name) + ", " + CSharpText.StringLiteral(property.WireName) + ");");
        }
        writer.Line("return new " + typeName);
        writer.Line("{");
        writer.Indent();
        foreach (var (property, local) in locals)
        {
            var value = IsNullableMember(property) ? local : IsValueType(property.Type) ? local + ".Value" : local + "!";
            writer.Line(property.Name + " = " + value + ",");
        }
        writer.Line("AdditionalProperties = additional,");
        writer.Outdent();
        writer.Line("};");
        writer.Close();
        writer.Line();

        if (type.Properties.Count > 0)
        {
            EmitPropertyIndex(writer, type);
            writer.Line();
        }
        writer.Line("/// <summary>Writes a <see cref=\"" + typeName + "\"/> as a JSON object.</summary>");
        writer.Open("public static void Write" + type.Name + "(" + Json + ".Utf8JsonWriter writer, " + typeName + " value)");
        writer.Line("writer.WriteStartObject();");
        foreach (var property in type.Properties)
        {
            var name = CSharpText.StringLiteral(property.WireName) + "u8";
            var text = TextOf(property);
            if (property.Required && !property.Nullable)
            {
                if (text is not null) writer.Open("if (!" + Support + ".IsRawText(value.AdditionalProperties, " + CSharpText.StringLiteral(property.WireName) + ", " + string.Format(text, "value." + property.Name) + "))");
                writer.Line("writer.WritePropertyName(" + name + ");");
                writer.Line(WriteStatement(property.Type, "value." + property.Name));
                if (text is not null) writer.Close();
            }
            else if (property.Required)
            {
                writer.Line("writer.WritePropertyName(" + name + ");");
                writer.Open("if (value." + property.Name + " is { } " + "v_" + property.Name + ")");
                writer.Line(WriteStatement(property.Type, "v_" + property.Name));
                writer.Close();
                writer.Line("else writer.WriteNullValue();");
            }
            else
            {
                var unchangedRaw = text is null ? string.Empty : " && !" + Support + ".IsRawText(value.AdditionalProperties, " + CSharpText.StringLiteral(property.WireName) + ", " + string.Format(text, "v_" + property.Name) + ")";
                writer.Open("if (value." + property.Name + " is { } " + "v_" + property.Name + unchangedRaw + ")");
                writer.Line("writer.WritePropertyName(" + name + ");");
                writer.Line(WriteStatement(property.Type, "v_" + property.Name));
                writer.Close();
            }
        }
        writer.Open("if (value.AdditionalProperties is { } additional)");
        writer.Open("foreach (var pair in additional)");
        if (type.Properties.Count > 0) writer.Line("if (!" + type.Name + "WritesRaw(value, pair.Key, pair.Value)) continue;");
        writer.Line("writer.WritePropertyName(pair.Key);");
        writer.Line(WriteRaw("pair.Value"));
        writer.Close();
        writer.Close();
        writer.Line("writer.WriteEndObject();");
        writer.Close();

        if (type.Properties.Count > 0)
        {
            writer.Line();
            writer.Line("// A raw value kept under a property's name is written only where the typed property does not");
            writer.Line("// say otherwise: when it is unset, or holds exactly the text of a number or boolean kept raw.");
            writer.Line("private static bool " + type.Name + "WritesRaw(" + typeName + " value, string key, " + Json + ".JsonElement raw) => key switch");
            writer.Line("{");
            writer.Indent();
            foreach (var property in type.Properties)
            {
                var text = TextOf(property);
                var unset = property.Required && !property.Nullable && IsValueType(property.Type) ? "false" : "value." + property.Name + " is null";
                var condition = text is null ? unset : unset + " || " + Support + ".IsRawText(raw, " + string.Format(text, "value." + property.Name) + ")";
                if (text is not null && IsValueType(property.Type) && IsNullableMember(property))
                {
                    condition = "value." + property.Name + " is not { } v_" + property.Name + " || " + Support + ".IsRawText(raw, " + string.Format(text, "v_" + property.Name) + ")";
                }
                writer.Line(CSharpText.StringLiteral(property.WireName) + " => " + condition + ",");
            }
            writer.Line("_ => true,");
            writer.Outdent();
            writer.Line("};");
        }
    }

    /// <summary>For a string or string-enum property, a format turning the C# value into its text; null for other types.</summary>
    private string? TextOf(PropertySpec property) => property.Type.Kind switch
    {
        TypeKind.String => "{0}",
        TypeKind.Named when IsValueType(property.Type) => "{0}.Value",
        _ => null,
    };

    /// <summary>
    /// A property is read only when its JSON has the kind its type needs; anything else (an object
    /// where a string was promised, a date that does not parse, a nested object that does not
    /// decode) leaves the property unset and keeps the raw value in AdditionalProperties, so one
    /// off-spec value never fails a whole response. (A number or boolean for a string is kept as its text.)
    /// </summary>
    private void EmitLenientRead(SourceWriter writer, PropertySpec property, string local, int index)
    {
        var type = property.Type;
        var keep = Support + ".KeepRaw(ref additional, " + CSharpText.StringLiteral(property.WireName) + ", ref reader);";
        var value = "v" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? tryRead = type.Kind switch
        {
            TypeKind.String => "TryReadString",
            TypeKind.Boolean => "TryReadBoolean",
            TypeKind.Int64 => "TryReadInt64",
            TypeKind.Double => "TryReadDouble",
            TypeKind.DateTimeOffset => "TryReadDateTimeOffset",
            TypeKind.Named when _typesByName.TryGetValue(type.Name!, out var spec) && spec.Kind == TypeSpecKind.StringEnum => "TryReadString",
            _ => null,
        };
        if (type.Kind == TypeKind.Json)
        {
            writer.Line(local + " = " + Support + ".ReadJson(ref reader);");
        }
        else if (tryRead == "TryReadString")
        {
            // A number or boolean where a string was promised: the property gets its text, and the raw
            // value is kept too, so writing the object back gives the same JSON kind.
            var wrap = type.Kind == TypeKind.Named ? "new " + TypeName(type) + "(" : "(";
            writer.Line("if (reader.TokenType == " + Json + ".JsonTokenType.String) " + local + " = " + (type.Kind == TypeKind.Named ? ReadExpression(type) : Support + ".ReadString(ref reader)") + ";");
            writer.Line("else if (" + Support + ".TryReadString(ref reader, out var " + value + ")) { " + local + " = " + wrap + value + "); " + keep + " }");
            writer.Line("else " + keep);
        }
        else if (tryRead is not null)
        {
            var assigned = type.Kind == TypeKind.Named ? "new " + TypeName(type) + "(" + value + ")" : value;
            writer.Line("if (" + Support + "." + tryRead + "(ref reader, out var " + value + ")) " + local + " = " + assigned + ";");
            writer.Line("else " + keep);
        }
        else
        {
            // Objects, unions, lists and maps: decoded from a copy of the reader's position, so a
            // value that does not decode can be kept as it came.
            writer.Open("if (" + KindCondition(type) + ")");
            writer.Line("var start = reader;");
            writer.Open("try");
            writer.Line(local + " = " + ReadExpression(type) + ";");
            writer.Line("break;");
            writer.Close();
            writer.Open("catch (" + Json + ".JsonException)");
            writer.Line("reader = start;");
            writer.Close();
            writer.Close();
            writer.Line(keep);
        }
    }

    /// <summary>
    /// The index of the property the reader is on, or -1. A record with few properties matches by length, then
    /// bytes (the fastest for small sets), with a fallback for escaped names; one with many looks the name up in a
    /// <c>KnownStrings</c> table, whose compile cost stays linear where a long switch's does not.
    /// </summary>
    private void EmitPropertyIndex(SourceWriter writer, TypeSpec type)
    {
        if (type.Properties.Count > MaxSwitchCases)
        {
            writer.Line("private static readonly " + Runtime + ".KnownStrings " + type.Name + "PropertyNames = " + KnownStringsExpression(type.Properties.Select(p => p.WireName)) + ";");
            writer.Line();
            writer.Line("private static int " + type.Name + "PropertyIndex(ref " + Json + ".Utf8JsonReader reader) => " + type.Name + "PropertyNames.IndexOf(ref reader);");
            return;
        }
        writer.Line("private static int " + type.Name + "PropertyIndex(ref " + Json + ".Utf8JsonReader reader)");
        writer.Line("{");
        writer.Indent();
        writer.Open("if (reader.ValueIsEscaped || reader.HasValueSequence)");
        for (var i = 0; i < type.Properties.Count; i++)
        {
            writer.Line("if (reader.ValueTextEquals(" + CSharpText.StringLiteral(type.Properties[i].WireName) + "u8)) return " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
        }
        writer.Line("return -1;");
        writer.Close();
        writer.Line("var span = reader.ValueSpan;");
        EmitUtf8Switch(writer, type.Properties.Select((p, i) => (p.WireName, i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        writer.Outdent();
        writer.Line("}");
    }

    /// <summary>The most strings matched by a generated switch; larger sets use a <c>KnownStrings</c> table.</summary>
    private const int MaxSwitchCases = 64;

    /// <summary>A <c>new KnownStrings(...)</c> expression holding <paramref name="values"/>, one per line.</summary>
    private static string KnownStringsExpression(IEnumerable<string> values)
    {
        var builder = new System.Text.StringBuilder("new " + Runtime + ".KnownStrings(new string[]\n{\n");
        foreach (var value in values) builder.Append("    ").Append(CSharpText.StringLiteral(value)).Append(",\n");
        return builder.Append("})").ToString();
    }

    /// <summary>
    /// A switch matching <c>span</c> against UTF-8 strings without making a string: by byte length, then by
    /// bytes; a match returns its result, anything else -1.
    /// </summary>
    private static void EmitUtf8Switch(SourceWriter writer, IEnumerable<(string Wire, string Result)> cases)
    {
        writer.Open("switch (span.Length)");
        foreach (var group in cases.GroupBy(c => System.Text.Encoding.UTF8.GetByteCount(c.Wire)).OrderBy(g => g.Key))
        {
            writer.Line("case " + group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":");
            writer.Indent();
            foreach (var (wire, result) in group)
            {
                writer.Line("if (global::System.MemoryExtensions.SequenceEqual(span, " + CSharpText.StringLiteral(wire) + "u8)) return " + result + ";");
            }
            writer.Line("return -1;");
            writer.Outdent();
        }
        writer.Line("default:");
        writer.Line("    return -1;");
        writer.Close();
    }

    private void EmitEnum(SourceWriter writer, TypeSpec type)
    {
        var name = type.Name;
        Doc(writer, type.Description);
        writer.Line("/// <remarks>");
        writer.Line("/// A string-backed value: the known values are static members, and a value the document does not");
        writer.Line("/// list is kept as sent (see <see cref=\"IsKnown\"/>) and written back unchanged.");
        writer.Line("/// </remarks>");
        Obsolete(writer, type.Deprecated);
        writer.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _jsonClass + "." + name + "Converter))]");
        writer.Open("public readonly partial struct " + name + " : global::System.IEquatable<" + name + ">");
        writer.Line("/// <summary>The values the document lists, in its order, found by text or by UTF-8 bytes.</summary>");
        writer.Line("internal static readonly " + Runtime + ".KnownStrings WireValues = " + KnownStringsExpression(type.EnumValues.Select(v => v.WireValue)) + ";");
        writer.Line();
        writer.Line("private readonly string? _value;");
        writer.Line();
        writer.Line("/// <summary>Wraps a wire value, known or not.</summary>");
        writer.Line("public " + name + "(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        writer.Line();
        foreach (var value in type.EnumValues)
        {
            writer.Line(value.WireValue.Length == 0
                ? "/// <summary>The value <c>\"\"</c> (the empty string).</summary>"
                : "/// <summary>The value <c>" + string.Join(" ", CSharpText.XmlDocLines(value.WireValue)) + "</c>.</summary>");
            writer.Line("public static " + name + " " + value.MemberName + " => new " + name + "(" + CSharpText.StringLiteral(value.WireValue) + ");");
            writer.Line();
        }
        writer.Line("/// <summary>Every value the document lists, in its order.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<" + name + "> KnownValues { get; } = WireValues.Select(static value => new " + name + "(value));");
        writer.Line();
        writer.Line("/// <summary>The wire value, exactly as sent or received.</summary>");
        writer.Line("public string Value => _value ?? string.Empty;");
        writer.Line();
        writer.Line("/// <summary>Whether the document lists this value.</summary>");
        writer.Line("public bool IsKnown => WireValues.IndexOf(_value) >= 0;");
        writer.Line();
        writer.Line("/// <summary>The wire value.</summary>");
        writer.Line("public override string ToString() => Value;");
        writer.Line();
        writer.Line("/// <summary>Ordinal comparison of the wire values.</summary>");
        writer.Line("public bool Equals(" + name + " other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);");
        writer.Line();
        writer.Line("/// <summary>Compares wire values.</summary>");
        writer.Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Compares wire values.</summary>");
        writer.Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        writer.Line();
        writer.Line("/// <summary>Wraps a wire value.</summary>");
        writer.Line("public static implicit operator " + name + "(string value) => new " + name + "(value);");
        writer.Close();
    }

    private void EmitEnumJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Line("/// <summary>");
        writer.Line("/// Reads a <see cref=\"" + typeName + "\"/>; values the document does not list are kept. A known value");
        writer.Line("/// is found by its UTF-8 bytes and shares the known string instead of allocating one.");
        writer.Line("/// </summary>");
        writer.Open("public static " + typeName + " Read" + type.Name + "(ref " + Json + ".Utf8JsonReader reader)");
        writer.Line("var known = " + typeName + ".WireValues.IndexOf(ref reader);");
        writer.Line("return new " + typeName + "(known >= 0 ? " + typeName + ".WireValues[known] : " + Support + ".ReadString(ref reader));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Writes the wire value of a <see cref=\"" + typeName + "\"/>.</summary>");
        writer.Line("public static void Write" + type.Name + "(" + Json + ".Utf8JsonWriter writer, " + typeName + " value) => writer.WriteStringValue(value.Value);");
    }

    private void EmitUnion(SourceWriter writer, TypeSpec type)
    {
        var name = type.Name;
        Doc(writer, type.Description);
        writer.Line("/// <remarks>");
        if (type.Discriminator is not null)
        {
            writer.Line("/// One of several shapes, told apart by the <c>" + string.Join(" ", CSharpText.XmlDocLines(type.Discriminator)) + "</c> property. A value whose");
            writer.Line("/// discriminator the document does not list is kept as raw JSON and written back unchanged.");
        }
        else
        {
            writer.Line("/// One of several shapes, told apart by their JSON kind, the properties each requires and the values each fixes;");
            writer.Line("/// a value that fits none or several of them is kept as raw JSON (TryReadAs reads it with a given shape).");
        }
        writer.Line("/// </remarks>");
        Obsolete(writer, type.Deprecated);
        writer.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(" + _jsonClass + "." + name + "Converter))]");
        writer.Open("public sealed partial class " + name);
        writer.Line("// The decoded variant, or the value as it came (a JsonRawValue) when no variant took it.");
        writer.Line("private readonly object _value;");
        writer.Line();
        writer.Line("private " + name + "(object value) => _value = value;");
        writer.Line();
        writer.Line("/// <summary>The decoded variant, or null when the value is kept only as raw JSON.</summary>");
        writer.Line("public object? Value => _value is " + Runtime + ".JsonRawValue ? null : _value;");
        writer.Line();
        writer.Line("/// <summary>The JSON as received when no variant was decoded; null otherwise.</summary>");
        writer.Line("public " + Json + ".JsonElement? RawJson => (_value as " + Runtime + ".JsonRawValue)?.Element;");
        writer.Line();
        writer.Line("/// <summary>True when no variant was decoded and the value is kept only as raw JSON.</summary>");
        writer.Line("public bool IsUnknown => _value is " + Runtime + ".JsonRawValue;");
        writer.Line();
        writer.Line("/// <summary>Keeps a JSON value as it is, without decoding a variant.</summary>");
        writer.Line("public static " + name + " FromJson(" + Json + ".JsonElement json) => new " + name + "(" + Runtime + ".JsonRawValue.FromElement(json));");
        writer.Line();
        writer.Line("internal static " + name + " FromRaw(" + Runtime + ".JsonRawValue raw) => new " + name + "(raw);");
        writer.Line();
        writer.Line("internal " + Runtime + ".JsonRawValue? GetRawValue() => _value as " + Runtime + ".JsonRawValue;");
        writer.Line();
        foreach (var variant in type.Variants)
        {
            var variantType = TypeName(variant.Type);
            var nullable = variantType + "?";
            writer.Line("/// <summary>Wraps a <c>" + variant.MemberName + "</c> value.</summary>");
            writer.Line("public " + name + "(" + variantType + " value) : this((object)value ?? throw new global::System.ArgumentNullException(nameof(value))) { }");
            writer.Line();
            // C# allows no user-defined conversion from an interface (CS0552): arrays and maps are
            // IReadOnlyList/IReadOnlyDictionary, so those variants get only the constructor.
            if (variant.Type.Kind is not (TypeKind.Array or TypeKind.Map))
            {
                writer.Line("/// <summary>Wraps a <c>" + variant.MemberName + "</c> value.</summary>");
                writer.Line("public static implicit operator " + name + "(" + variantType + " value) => new " + name + "(value);");
                writer.Line();
            }
            writer.Line("/// <summary>True when the value was decoded as <c>" + variant.MemberName + "</c>.</summary>");
            writer.Line("public bool Is" + variant.MemberName + " => _value is " + variantType + ";");
            writer.Line();
            writer.Line("/// <summary>The value when it was decoded as <c>" + variant.MemberName + "</c>; false for another variant or a raw value.</summary>");
            writer.Open("public bool TryGet" + variant.MemberName + "([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out " + nullable + " value)");
            writer.Open("if (_value is " + variantType + " decoded)");
            writer.Line("value = decoded;");
            writer.Line("return true;");
            writer.Close();
            writer.Line("value = default;");
            writer.Line("return false;");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>");
            writer.Line("/// The value as <c>" + variant.MemberName + "</c>: the decoded variant, or else the raw JSON read with <c>" + variant.MemberName + "</c>'s shape.");
            writer.Line("/// True for a raw value says only that the JSON fits that shape, not that the server meant this variant: the");
            writer.Line("/// document may give no way to tell it from others (CallsGen warns with CG0012), so check a field that does.");
            writer.Line("/// </summary>");
            writer.Open("public bool TryReadAs" + variant.MemberName + "([global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out " + nullable + " value)");
            writer.Line("if (TryGet" + variant.MemberName + "(out value)) return true;");
            writer.Line("if (_value is not " + Runtime + ".JsonRawValue raw) return false;");
            writer.Open("try");
            writer.Line("var reader = new " + Json + ".Utf8JsonReader(raw.Utf8);");
            writer.Line("reader.Read();");
            writer.Line("value = " + ReadExpression(variant.Type) + ";");
            writer.Line("return true;");
            writer.Close();
            writer.Open("catch (" + Json + ".JsonException)");
            writer.Line("return false;");
            writer.Close();
            writer.Close();
            writer.Line();
        }
        writer.Line("/// <summary>The decoded variant or the raw JSON, for display.</summary>");
        writer.Line("public override string ToString() => _value.ToString() ?? string.Empty;");
        writer.Close();
    }

    private void EmitUnionJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        var probeNames = type.Discriminator is null ? ProbedNames(type) : new List<string>();
        if (type.Discriminator is not null)
        {
            // The tags, and the variant each selects: the tag is found by its bytes, escaped or not, with no string made for it.
            var tags = type.Variants.SelectMany((v, i) => v.DiscriminatorValues.Select(value => (Value: value, Variant: i))).ToList();
            writer.Line("private static readonly " + Runtime + ".KnownStrings " + type.Name + "Tags = " + KnownStringsExpression(tags.Select(t => t.Value)) + ";");
            writer.Line();
            writer.Line("private static readonly int[] " + type.Name + "TagVariants = { " + string.Join(", ", tags.Select(t => t.Variant.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " };");
            writer.Line();
        }
        else if (probeNames.Count > 0)
        {
            writer.Line("private static readonly " + Runtime + ".KnownStrings " + type.Name + "ProbedNames = " + KnownStringsExpression(probeNames) + ";");
            writer.Line();
        }
        writer.Line("/// <summary>");
        writer.Line("/// Reads a <see cref=\"" + typeName + "\"/>: decodes the variant the discriminator names, or the only variant the");
        writer.Line("/// JSON can be; otherwise, or when that variant does not decode, keeps the raw JSON.");
        writer.Line("/// </summary>");
        writer.Open("public static " + typeName + " Read" + type.Name + "(ref " + Json + ".Utf8JsonReader reader)");
        writer.Line("var start = reader;");
        writer.Line("var variant = -1;");
        if (type.Discriminator is not null)
        {
            writer.Line("var known = " + Support + ".FindTag(reader, " + CSharpText.StringLiteral(type.Discriminator) + "u8, " + type.Name + "Tags);");
            writer.Line("if (known >= 0) variant = " + type.Name + "TagVariants[known];");
        }
        else
        {
            EmitVariantMatching(writer, type, probeNames);
        }
        writer.Open("try");
        writer.Open("switch (variant)");
        for (var i = 0; i < type.Variants.Count; i++)
        {
            writer.Line("case " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":");
            writer.Line("    return new " + typeName + "(" + ReadExpression(type.Variants[i].Type) + ");");
        }
        writer.Close();
        writer.Close();
        writer.Open("catch (" + Json + ".JsonException)");
        writer.Line("// The variant did not decode: keep the value as it came rather than lose it.");
        writer.Line("reader = start;");
        writer.Line("return " + typeName + ".FromRaw(" + Runtime + ".JsonRawValue.Read(ref reader));");
        writer.Close();
        // An object the probe has read to its end is kept without being read again.
        writer.Line(probeNames.Count > 0
            ? "return " + typeName + ".FromRaw(scanned ? " + Runtime + ".JsonRawValue.ReadScanned(ref reader, ref probe) : " + Runtime + ".JsonRawValue.Read(ref reader));"
            : "return " + typeName + ".FromRaw(" + Runtime + ".JsonRawValue.Read(ref reader));");
        writer.Close();
        writer.Line();
        writer.Line("/// <summary>Writes a <see cref=\"" + typeName + "\"/>: the decoded variant, or the raw JSON unchanged.</summary>");
        writer.Open("public static void Write" + type.Name + "(" + Json + ".Utf8JsonWriter writer, " + typeName + " value)");
        writer.Open("switch (value.Value)");
        var index = 0;
        foreach (var variant in type.Variants)
        {
            writer.Line("case " + TypeName(variant.Type) + " v" + index + ":");
            writer.Line("    " + WriteStatement(variant.Type, "v" + index));
            writer.Line("    return;");
            index++;
        }
        writer.Line("default:");
        writer.Line("    if (value.GetRawValue() is { } raw) raw.WriteTo(writer); else writer.WriteNullValue();");
        writer.Line("    return;");
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
        var constants = new HashSet<string>(type.Variants.SelectMany(v => v.ConstantProperties.Select(c => c.WireName)));
        string Index(string name) => names.IndexOf(name).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Flag(string name) => "has" + Index(name);
        string Text(string name) => "text" + Index(name);

        if (names.Count > 0)
        {
            foreach (var name in names)
            {
                writer.Line("var " + Flag(name) + " = false;");
                if (constants.Contains(name)) writer.Line("string? " + Text(name) + " = null;");
            }
            writer.Line("var probe = reader;");
            writer.Line("var scanned = false;");
            writer.Open("if (reader.TokenType == " + Json + ".JsonTokenType.StartObject)");
            writer.Line("var depth = probe.CurrentDepth;");
            writer.Open("while (probe.Read() && probe.CurrentDepth > depth)");
            writer.Line("var name = " + type.Name + "ProbedNames.IndexOf(ref probe);");
            writer.Line("probe.Read();");
            writer.Open("switch (name)");
            foreach (var name in names)
            {
                writer.Line("case " + Index(name) + ":");
                writer.Indent();
                writer.Line(Flag(name) + " = true;");
                if (constants.Contains(name)) writer.Line(Text(name) + " = probe.TokenType == " + Json + ".JsonTokenType.String ? " + Support + ".ReadString(ref probe) : null;");
                writer.Line("break;");
                writer.Outdent();
            }
            writer.Close();
            writer.Line(Support + ".Skip(ref probe);");
            writer.Close();
            writer.Line("scanned = true;");
            writer.Close();
        }

        writer.Line("var candidates = 0;");
        for (var i = 0; i < type.Variants.Count; i++)
        {
            var variant = type.Variants[i];
            var conditions = new List<string> { KindCondition(variant.Type) };
            if (IsObjectType(variant.Type))
            {
                conditions.AddRange(variant.RequiredProperties.Select(Flag));
                conditions.AddRange(variant.ConstantProperties.Select(c => "(!" + Flag(c.WireName) + " || " + Text(c.WireName) + " == " + CSharpText.StringLiteral(c.Value) + ")"));
            }
            writer.Open("if (" + string.Join(" && ", conditions) + ")");
            writer.Line("variant = " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ";");
            writer.Line("candidates++;");
            writer.Close();
        }
        writer.Line("if (candidates != 1) variant = -1;");
    }

    private bool IsObjectType(TypeRef type) =>
        type.Kind == TypeKind.Named && _typesByName.TryGetValue(type.Name!, out var spec) && spec.Kind == TypeSpecKind.Object;

    /// <summary>The token kinds a value of <paramref name="type"/> can start with.</summary>
    private string KindCondition(TypeRef type)
    {
        var token = "reader.TokenType == " + Json + ".JsonTokenType.";
        switch (type.Kind)
        {
            case TypeKind.String:
            case TypeKind.DateTimeOffset:
                return token + "String";
            case TypeKind.Int64:
            case TypeKind.Double:
                return token + "Number";
            case TypeKind.Boolean:
                return "(" + token + "True || " + token + "False)";
            case TypeKind.Array:
                return token + "StartArray";
            case TypeKind.Map:
                return token + "StartObject";
            case TypeKind.Named when _typesByName.TryGetValue(type.Name!, out var spec):
                return spec.Kind switch
                {
                    TypeSpecKind.Object => token + "StartObject",
                    TypeSpecKind.StringEnum => token + "String",
                    _ => "true",
                };
            default:
                return "true";
        }
    }

    private void EmitConverter(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Line();
        writer.Line("/// <summary>Lets System.Text.Json use the generated reader and writer for <see cref=\"" + typeName + "\"/>.</summary>");
        writer.Open("public sealed class " + type.Name + "Converter : global::System.Text.Json.Serialization.JsonConverter<" + typeName + ">");
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override " + typeName + " Read(ref " + Json + ".Utf8JsonReader reader, global::System.Type typeToConvert, " + Json + ".JsonSerializerOptions options) => Read" + type.Name + "(ref reader);");
        writer.Line();
        writer.Line("/// <inheritdoc/>");
        writer.Line("public override void Write(" + Json + ".Utf8JsonWriter writer, " + typeName + " value, " + Json + ".JsonSerializerOptions options) => Write" + type.Name + "(writer, value);");
        writer.Close();
    }
}
