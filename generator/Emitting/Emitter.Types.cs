using CallsGen.Generator.Model;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    /// <summary>
    /// One generated type's file: the type in the document's namespace, then its reader, writer and
    /// <c>JsonConverter</c> in the client's JSON class.
    /// </summary>
    private string EmitType(TypeSpec type)
    {
        // Switch expressions without a default arm: a type kind with no emitter does not compile (CS8509).
        (System.Action<SourceWriter, TypeSpec> declare, System.Action<SourceWriter, TypeSpec> json) = type.Kind switch
        {
            TypeSpecKind.Object => ((System.Action<SourceWriter, TypeSpec>)EmitRecord, (System.Action<SourceWriter, TypeSpec>)EmitRecordJson),
            TypeSpecKind.StringEnum => (EmitEnum, EmitEnumJson),
            TypeSpecKind.IntegerEnum => (EmitIntegerEnum, EmitIntegerEnumJson),
            TypeSpecKind.Union => (EmitUnion, EmitUnionJson),
        };
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        declare(writer, type);
        writer.Close();
        writer.Line();
        writer.Open("namespace " + _spec.Namespace);
        writer.Open("public static partial class " + _spec.ClientName + "Json");
        json(writer, type);
        EmitConverter(writer, type);
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private void EmitConverter(SourceWriter writer, TypeSpec type)
    {
        var typeName = Qualified(type.Name);
        writer.Write($$"""

            /// <summary>Lets System.Text.Json use the generated reader and writer for <see cref="{{typeName}}"/>.</summary>
            public sealed class {{type.Name}}Converter : {{JsonConverter}}<{{typeName}}>
            {
                /// <inheritdoc/>
                public override {{typeName}} Read(ref {{Utf8JsonReader}} reader, global::System.Type typeToConvert, {{Json}}.JsonSerializerOptions options) => Read{{type.Name}}(ref reader);

                /// <inheritdoc/>
                public override void Write({{Utf8JsonWriter}} writer, {{typeName}} value, {{Json}}.JsonSerializerOptions options) => Write{{type.Name}}(writer, value);
            }
            """);
    }
}
