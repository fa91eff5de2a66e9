using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Integer enums (integer or whole-number enums): a C# enum over <see cref="long"/> whose members are the listed values.
/// A value the document does not list is never made into a member: the reader refuses it, and a record keeps it raw.
/// </summary>
internal sealed partial class Emitter
{
    private void EmitIntegerEnum(SourceWriter writer, TypeSpec type)
    {
        Doc(writer, type.Description);
        writer.Write("""
            /// <remarks>
            /// The values the document lists, sent as JSON numbers. A value it does not list (or a number written
            /// otherwise, such as <c>2.0</c>) is not guessed: a record leaves the property null and keeps the value
            /// in its <c>AdditionalProperties</c>, and writes it back unchanged.
            /// </remarks>
            """);
        Obsolete(writer, type.Deprecated);
        writer.Write($$"""
            [{{JsonConverter}}(typeof({{_jsonClass}}.{{type.Name}}Converter))]
            public enum {{type.Name}} : long
            {
            """);
        writer.Indent();
        foreach (var value in type.EnumValues)
        {
            writer.Write($$"""
                /// <summary>The value <c>{{value.WireValue}}</c>.</summary>
                {{value.MemberName}} = {{value.WireValue}},
                """);
        }
        writer.Close();
    }

    private void EmitIntegerEnumJson(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        var expected = Literal("one of the integers " + type.Name + " lists");
        writer.Write($$"""
            /// <summary>Reads a <see cref="{{typeName}}"/>: a JSON integer the document lists; anything else is a JsonException.</summary>
            public static {{typeName}} Read{{type.Name}}(ref {{Utf8JsonReader}} reader) =>
                TryRead{{type.Name}}(ref reader, out var value) ? value : throw {{Support}}.UnexpectedToken(ref reader, {{expected}});

            /// <summary>Reads a <see cref="{{typeName}}"/> when the reader is on a JSON integer the document lists; false, without moving, otherwise.</summary>
            public static bool TryRead{{type.Name}}(ref {{Utf8JsonReader}} reader, out {{typeName}} value)
            {
                value = default;
                if (reader.TokenType != {{JsonTokenType}}.Number || !reader.TryGetInt64(out var number)) return false;
                switch (number)
                {
            """);
        writer.Indent().Indent();
        foreach (var value in type.EnumValues) writer.Line("case " + value.WireValue + ":");
        writer.Write($$"""
                value = ({{typeName}})number;
                return true;
            default:
                return false;
            """);
        writer.Outdent().Outdent();
        writer.Write($$"""
                }
            }

            /// <summary>Writes a <see cref="{{typeName}}"/> as its number.</summary>
            public static void Write{{type.Name}}({{Utf8JsonWriter}} writer, {{typeName}} value) => writer.WriteNumberValue((long)value);
            """);
    }
}
