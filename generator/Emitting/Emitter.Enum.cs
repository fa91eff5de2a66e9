using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>String enums: a struct around the wire value, whose known values are static members.</summary>
internal sealed partial class Emitter
{
    private void EmitEnum(SourceWriter writer, TypeSpec type)
    {
        var name = type.Name;
        Doc(writer, type.Description);
        writer.Write("""
            /// <remarks>
            /// A string-backed value: the known values are static members, and a value the document does not
            /// list is kept as sent (see <see cref="IsKnown"/>) and written back unchanged.
            /// </remarks>
            """);
        Obsolete(writer, type.Deprecated);
        writer.Write($$"""
            [{{JsonConverter}}(typeof({{_jsonClass}}.{{name}}Converter))]
            public readonly partial struct {{name}} : global::System.IEquatable<{{name}}>
            {
            """);
        writer.Indent();
        EmitEnumValues(writer, type);
        writer.Outdent();
        EmitEnumMembers(writer, name);
    }

    /// <summary>The table of wire values and a static member for each.</summary>
    private void EmitEnumValues(SourceWriter writer, TypeSpec type)
    {
        var name = type.Name;
        writer.Line("/// <summary>The values the document lists, in its order, found by text or by UTF-8 bytes.</summary>");
        writer.Line("internal static readonly " + KnownStrings + " WireValues = " + KnownStringsExpression(type.EnumValues.Select(v => v.WireValue)) + ";");
        writer.Write($$"""

            private readonly string? _value;

            /// <summary>Wraps a wire value, known or not.</summary>
            public {{name}}(string value) => _value = value ?? throw new {{ArgumentNullException}}(nameof(value));

            """);
        foreach (var value in type.EnumValues)
        {
            writer.Write($$"""
                /// <summary>The value <c>{{(value.WireValue.Length == 0 ? "\"\"</c> (the empty string)" : string.Join(" ", CSharpText.XmlDocLines(value.WireValue)) + "</c>")}}.</summary>
                public static {{name}} {{value.MemberName}} => new {{name}}({{Literal(value.WireValue)}});

                """);
        }
    }

    /// <summary>Equality, conversions and the known-value check, the same for every string enum.</summary>
    private static void EmitEnumMembers(SourceWriter writer, string name)
    {
        writer.Write($$"""
                /// <summary>Every value the document lists, in its order.</summary>
                public static {{IReadOnlyList}}<{{name}}> KnownValues { get; } = WireValues.Select(static value => new {{name}}(value));

                /// <summary>The wire value, exactly as sent or received.</summary>
                public string Value => _value ?? string.Empty;

                /// <summary>Whether the document lists this value.</summary>
                public bool IsKnown => WireValues.IndexOf(_value) >= 0;

                /// <summary>The wire value.</summary>
                public override string ToString() => Value;

                /// <summary>Ordinal comparison of the wire values.</summary>
                public bool Equals({{name}} other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => global::System.StringComparer.Ordinal.GetHashCode(Value);

                /// <summary>Compares wire values.</summary>
                public static bool operator ==({{name}} left, {{name}} right) => left.Equals(right);

                /// <summary>Compares wire values.</summary>
                public static bool operator !=({{name}} left, {{name}} right) => !left.Equals(right);

                /// <summary>Wraps a wire value.</summary>
                public static implicit operator {{name}}(string value) => new {{name}}(value);
            }
            """);
    }

    private void EmitEnumJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Write($$"""
            /// <summary>
            /// Reads a <see cref="{{typeName}}"/>; values the document does not list are kept. A known value
            /// is found by its UTF-8 bytes and shares the known string instead of allocating one.
            /// </summary>
            public static {{typeName}} Read{{type.Name}}(ref {{Utf8JsonReader}} reader)
            {
                var known = {{typeName}}.WireValues.IndexOf(ref reader);
                return new {{typeName}}(known >= 0 ? {{typeName}}.WireValues[known] : {{Support}}.ReadString(ref reader));
            }

            /// <summary>Writes the wire value of a <see cref="{{typeName}}"/>.</summary>
            public static void Write{{type.Name}}({{Utf8JsonWriter}} writer, {{typeName}} value) => writer.WriteStringValue(value.Value);
            """);
    }
}
