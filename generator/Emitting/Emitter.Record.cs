using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>Records (object schemas): the type, and its lenient reader and writer.</summary>
internal sealed partial class Emitter
{
    /// <summary>The most strings matched by a generated switch; larger sets use a <c>KnownStrings</c> table.</summary>
    private const int MaxSwitchCases = 64;

    // Optional properties are nullable (absent reads as null); required ones only when a present value can read as null.
    private bool IsNullableMember(PropertySpec property) => !property.Required || MayReadAsNull(property);

    // The document allows null, or the type cannot hold every value that may come (an integer enum's unlisted values are
    // kept raw, leaving the property null).
    private bool MayReadAsNull(PropertySpec property) => property.Nullable || IsIntegerEnum(property.Type);

    private string PropertyType(PropertySpec property) => TypeName(property.Type) + (IsNullableMember(property) ? "?" : string.Empty);

    private static string Literal(string text) => CSharpText.StringLiteral(text);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void EmitRecord(SourceWriter writer, TypeSpec type)
    {
        Doc(writer, type.Description);
        Obsolete(writer, type.Deprecated);
        writer.Write($$"""
            [{{JsonConverter}}(typeof({{_jsonClass}}.{{type.Name}}Converter))]
            public sealed partial record {{type.Name}}
            {
            """);
        writer.Indent();
        foreach (var property in type.Properties)
        {
            Doc(writer, property.Description);
            Obsolete(writer, property.Deprecated, property.Required);
            writer.Line("public " + (property.Required ? "required " : string.Empty) + PropertyType(property) + " " + property.Name + " { get; init; }");
            writer.Line();
        }
        writer.Write($$"""
            /// <summary>Properties the server sent that the document does not describe, kept so they are written back unchanged.</summary>
            public {{IReadOnlyDictionary}}<string, {{JsonElement}}>? AdditionalProperties { get; init; }
            """);
        writer.Close();
    }

    private void EmitRecordJson(SourceWriter writer, TypeSpec type)
    {
        EmitRecordReader(writer, type);
        writer.Line();
        if (type.Properties.Count > 0)
        {
            EmitPropertyIndex(writer, type);
            writer.Line();
        }
        EmitRecordWriter(writer, type);
        if (type.Properties.Count > 0)
        {
            writer.Line();
            EmitWritesRaw(writer, type);
        }
    }

    /// <summary>Reads a record: each known property leniently into a local, then the required ones checked, then the record.</summary>
    private void EmitRecordReader(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Write($$"""
            /// <summary>Reads a <see cref="{{typeName}}"/> from the reader, which must be on its first token.</summary>
            public static {{typeName}} Read{{type.Name}}(ref {{Utf8JsonReader}} reader)
            {
                {{Support}}.ExpectStartObject(ref reader, {{Literal(type.Name)}});
            """);
        writer.Indent();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            writer.Line(TypeName(property.Type) + "? p" + Number(i) + " = default;");
            if (property.Required && MayReadAsNull(property)) writer.Line("var p" + Number(i) + "Seen = false;");
        }
        writer.Write($$"""
            {{Dictionary}}<string, {{JsonElement}}>? additional = null;
            while (reader.Read() && reader.TokenType != {{JsonTokenType}}.EndObject)
            {
            """);
        writer.Indent();
        EmitPropertyDispatch(writer, type);
        writer.Close();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            if (!property.Required) continue;
            var missing = MayReadAsNull(property) ? "!p" + Number(i) + "Seen" : "p" + Number(i) + " is null";
            writer.Line("if (" + missing + ") throw " + Support + ".MissingRequired(" + Literal(type.Name) + ", " + Literal(property.WireName) + ");");
        }
        writer.Line("return new " + typeName);
        writer.Line("{");
        writer.Indent();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            var local = "p" + Number(i);
            writer.Line(property.Name + " = " + (IsNullableMember(property) ? local : IsValueType(property.Type) ? local + ".Value" : local + "!") + ",");
        }
        writer.Line("AdditionalProperties = additional,");
        writer.Outdent();
        writer.Line("};");
        writer.Close();
    }

    /// <summary>The loop body: which property the reader is on, and reading it (or keeping an unknown one raw).</summary>
    private void EmitPropertyDispatch(SourceWriter writer, TypeSpec type)
    {
        if (type.Properties.Count == 0)
        {
            writer.Write($$"""
                var name = {{Support}}.ReadPropertyName(ref reader);
                reader.Read();
                {{Support}}.KeepRaw(ref additional, name, ref reader);
                """);
            return;
        }
        writer.Write($$"""
            var property = {{type.Name}}PropertyIndex(ref reader);
            var unknown = property < 0 ? {{Support}}.ReadPropertyName(ref reader) : null;
            reader.Read();
            switch (property)
            {
            """);
        writer.Indent();
        for (var i = 0; i < type.Properties.Count; i++)
        {
            var property = type.Properties[i];
            writer.Line("case " + Number(i) + ":");
            writer.Indent();
            if (property.Required && MayReadAsNull(property)) writer.Line("p" + Number(i) + "Seen = true;");
            writer.Line("if (reader.TokenType == " + JsonTokenType + ".Null) break;");
            EmitLenientRead(writer, property, i);
            writer.Line("break;");
            writer.Outdent();
        }
        writer.Write($$"""
            default:
                {{Support}}.KeepRaw(ref additional, unknown!, ref reader);
                break;
            """);
        writer.Close();
    }

    /// <summary>
    /// A property is read only when its JSON has the kind its type needs; anything else (an object
    /// where a string was promised, a date that does not parse, a nested object that does not
    /// decode) leaves the property unset and keeps the raw value in AdditionalProperties, so one
    /// off-spec value never fails a whole response. (A number or boolean for a string is kept as its text.)
    /// </summary>
    private void EmitLenientRead(SourceWriter writer, PropertySpec property, int index)
    {
        var type = property.Type;
        var local = "p" + Number(index);
        var value = "v" + Number(index);
        var keep = Support + ".KeepRaw(ref additional, " + Literal(property.WireName) + ", ref reader);";
        if (type.Kind == TypeKind.Json)
        {
            writer.Line(local + " = " + ReadExpression(type) + ";");
        }
        else if (type.Kind == TypeKind.String || type.Kind == TypeKind.Named && KindOf(type) == TypeSpecKind.StringEnum)
        {
            // A number or boolean where a string was promised: the property gets its text, and the raw
            // value is kept too, so writing the object back gives the same JSON kind.
            var named = type.Kind == TypeKind.Named;
            writer.Write($$"""
                if (reader.TokenType == {{JsonTokenType}}.String) {{local}} = {{(named ? ReadExpression(type) : Support + ".ReadString(ref reader)")}};
                else if ({{Support}}.TryReadString(ref reader, out var {{value}})) { {{local}} = {{(named ? "new " + TypeName(type) + "(" : "(")}}{{value}}); {{keep}} }
                else {{keep}}
                """);
        }
        else if (TryReaderOf(type) is { } tryRead)
        {
            writer.Write($$"""
                if ({{tryRead}}(ref reader, out var {{value}})) {{local}} = {{value}};
                else {{keep}}
                """);
        }
        else
        {
            // Objects, unions, lists and maps: decoded from a copy of the reader's position, so a
            // value that does not decode can be kept as it came.
            writer.Write($$"""
                if ({{KindCondition(type)}})
                {
                    var start = reader;
                    try
                    {
                        {{local}} = {{ReadExpression(type)}};
                        break;
                    }
                    catch ({{JsonException}})
                    {
                        reader = start;
                    }
                }
                {{keep}}
                """);
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
            writer.Write($$"""
                private static readonly {{KnownStrings}} {{type.Name}}PropertyNames = {{KnownStringsExpression(type.Properties.Select(p => p.WireName))}};

                private static int {{type.Name}}PropertyIndex(ref {{Utf8JsonReader}} reader) => {{type.Name}}PropertyNames.IndexOf(ref reader);
                """);
            return;
        }
        writer.Write($$"""
            private static int {{type.Name}}PropertyIndex(ref {{Utf8JsonReader}} reader)
            {
                if (reader.ValueIsEscaped || reader.HasValueSequence)
                {
                    // Compared as text: an escape that makes no string (a lone surrogate) is a JsonException here.
                    return {{Support}}.ReadPropertyName(ref reader) switch
                    {
            """);
        writer.Indent().Indent().Indent();
        for (var i = 0; i < type.Properties.Count; i++) writer.Line(Literal(type.Properties[i].WireName) + " => " + Number(i) + ",");
        writer.Line("_ => -1,");
        writer.Outdent().Outdent().Outdent();
        writer.Write("""
                    };
                }
                var span = reader.ValueSpan;
            """);
        writer.Indent();
        EmitUtf8Switch(writer, type.Properties.Select((p, i) => (p.WireName, Number(i))));
        writer.Close();
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
            writer.Line("case " + Number(group.Key) + ":");
            writer.Indent();
            foreach (var (wire, result) in group)
            {
                writer.Line("if (global::System.MemoryExtensions.SequenceEqual(span, " + Literal(wire) + "u8)) return " + result + ";");
            }
            writer.Line("return -1;");
            writer.Outdent();
        }
        writer.Write("""
            default:
                return -1;
            """);
        writer.Close();
    }

    /// <summary>A <c>new KnownStrings(...)</c> expression holding <paramref name="values"/>, one per line.</summary>
    private static string KnownStringsExpression(IEnumerable<string> values)
    {
        var builder = new System.Text.StringBuilder("new " + KnownStrings + "(new string[]\n{\n");
        foreach (var value in values) builder.Append("    ").Append(Literal(value)).Append(",\n");
        return builder.Append("})").ToString();
    }

    /// <summary>
    /// The method that reads a value of <paramref name="type"/> only when the token fits, returning false without moving
    /// otherwise (a primitive's, or an integer enum's); null for types read from a copy of the reader instead.
    /// </summary>
    private string? TryReaderOf(TypeRef type) =>
        Primitives.Of(type.Kind) is { TryReadMethod: { } tryRead } ? Support + "." + tryRead
        : IsIntegerEnum(type) ? _jsonClass + ".TryRead" + type.Name
        : null;

    /// <summary>For a string or string-enum property, a format turning the C# value into its text; null for other types.</summary>
    private string? TextOf(PropertySpec property) => property.Type.Kind switch
    {
        TypeKind.String => "{0}",
        TypeKind.Named when IsStringEnum(property.Type) => "{0}.Value",
        _ => null,
    };

    /// <summary>Writes a record: each set property (a raw value kept for it, when unchanged, instead), then the unknown ones.</summary>
    private void EmitRecordWriter(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Write($$"""
            /// <summary>Writes a <see cref="{{typeName}}"/> as a JSON object.</summary>
            public static void Write{{type.Name}}({{Utf8JsonWriter}} writer, {{typeName}} value)
            {
                writer.WriteStartObject();
            """);
        writer.Indent();
        foreach (var property in type.Properties) EmitPropertyWrite(writer, property);
        writer.Write($$"""
            if (value.AdditionalProperties is { } additional)
            {
                foreach (var pair in additional)
                {
            """);
        writer.Indent().Indent();
        if (type.Properties.Count > 0) writer.Line("if (!" + type.Name + "WritesRaw(value, pair.Key, pair.Value)) continue;");
        writer.Line("writer.WritePropertyName(pair.Key);");
        writer.Line(WriteRaw("pair.Value"));
        writer.Close();
        writer.Close();
        writer.Line("writer.WriteEndObject();");
        writer.Close();
    }

    private void EmitPropertyWrite(SourceWriter writer, PropertySpec property)
    {
        var name = Literal(property.WireName) + "u8";
        var text = TextOf(property);
        var set = "v_" + property.Name;
        string IsRawText(string value) => Support + ".IsRawText(value.AdditionalProperties, " + Literal(property.WireName) + ", " + string.Format(text!, value) + ")";
        if (property.Required && !MayReadAsNull(property))
        {
            if (text is not null) writer.Open("if (!" + IsRawText("value." + property.Name) + ")");
            writer.Line("writer.WritePropertyName(" + name + ");");
            writer.Line(WriteStatement(property.Type, "value." + property.Name));
            if (text is not null) writer.Close();
        }
        else if (property.Required)
        {
            // Null, when the value that came was null, or was kept raw (not of the declared type): then the raw
            // value is written in its place by the loop over AdditionalProperties, and null would repeat the name.
            writer.Write($$"""
                if (value.{{property.Name}} is { } {{set}})
                {
                    writer.WritePropertyName({{name}});
                    {{WriteStatement(property.Type, set)}}
                }
                else if (value.AdditionalProperties?.ContainsKey({{Literal(property.WireName)}}) != true)
                {
                    writer.WritePropertyName({{name}});
                    writer.WriteNullValue();
                }
                """);
        }
        else
        {
            writer.Write($$"""
                if (value.{{property.Name}} is { } {{set}}{{(text is null ? "" : " && !" + IsRawText(set))}})
                {
                    writer.WritePropertyName({{name}});
                    {{WriteStatement(property.Type, set)}}
                }
                """);
        }
    }

    /// <summary>Whether a raw value kept under a property's name is written: only where the typed property does not say otherwise.</summary>
    private void EmitWritesRaw(SourceWriter writer, TypeSpec type)
    {
        writer.Write($$"""
            // A raw value kept under a property's name is written only where the typed property does not
            // say otherwise: when it is unset, or holds exactly the text of a number or boolean kept raw.
            private static bool {{type.Name}}WritesRaw({{Qualified(type.Name)}} value, string key, {{JsonElement}} raw) => key switch
            {
            """);
        writer.Indent();
        foreach (var property in type.Properties)
        {
            var text = TextOf(property);
            var unset = property.Required && !MayReadAsNull(property) && IsValueType(property.Type) ? "false" : "value." + property.Name + " is null";
            var condition = text is null ? unset : unset + " || " + Support + ".IsRawText(raw, " + string.Format(text, "value." + property.Name) + ")";
            if (text is not null && IsValueType(property.Type) && IsNullableMember(property))
            {
                condition = "value." + property.Name + " is not { } v_" + property.Name + " || " + Support + ".IsRawText(raw, " + string.Format(text, "v_" + property.Name) + ")";
            }
            writer.Line(Literal(property.WireName) + " => " + condition + ",");
        }
        writer.Line("_ => true,");
        writer.Outdent();
        writer.Line("};");
    }
}
