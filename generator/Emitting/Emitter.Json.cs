using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    /// <summary>An expression that reads a value of <paramref name="type"/> from a reader on its first token.</summary>
    internal string ReadExpression(TypeRef type) => type.Kind switch
    {
        TypeKind.String => Support + ".ReadString(ref reader)",
        TypeKind.Boolean => Support + ".ReadBoolean(ref reader)",
        TypeKind.Int64 => Support + ".ReadInt64(ref reader)",
        TypeKind.Double => Support + ".ReadDouble(ref reader)",
        TypeKind.DateTimeOffset => Support + ".ReadDateTimeOffset(ref reader)",
        TypeKind.Json => Support + ".ReadJson(ref reader)",
        _ => _jsonClass + ".Read" + Mangle(type) + "(ref reader)",
    };

    /// <summary>A statement that writes <paramref name="value"/> (never null) of <paramref name="type"/>.</summary>
    internal string WriteStatement(TypeRef type, string value) => type.Kind switch
    {
        TypeKind.String => "writer.WriteStringValue(" + value + ");",
        TypeKind.Boolean => "writer.WriteBooleanValue(" + value + ");",
        TypeKind.Int64 or TypeKind.Double => "writer.WriteNumberValue(" + value + ");",
        TypeKind.DateTimeOffset => Support + ".WriteDateTimeOffsetValue(writer, " + value + ");",
        TypeKind.Json => WriteRaw(value),
        _ => _jsonClass + ".Write" + Mangle(type) + "(writer, " + value + ");",
    };

    /// <summary>
    /// Writes a JsonElement's bytes exactly as they were received: JsonElement.WriteTo would re-escape
    /// strings (a "+" becomes "\u002B"), so raw JSON kept for round trips would not come back byte-equal.
    /// </summary>
    internal static string WriteRaw(string element) =>
        "writer.WriteRawValue(global::System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(" + element + "), skipInputValidation: true);";

    private string EmitJsonSupport()
    {
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        writer.Line("/// <summary>");
        writer.Line("/// JSON readers and writers for the types generated from this document, written on Utf8JsonReader and");
        writer.Line("/// Utf8JsonWriter without reflection, so they work trimmed and ahead-of-time compiled.");
        writer.Line("/// </summary>");
        writer.Open("public static partial class " + _spec.ClientName + "Json");
        var first = true;
        foreach (var collection in CollectionTypes())
        {
            if (!first) writer.Line();
            first = false;
            EmitCollection(writer, collection);
        }
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private void EmitCollection(SourceWriter writer, TypeRef type)
    {
        var typeName = TypeName(type);
        var element = TypeName(type.Element!);
        var mangled = Mangle(type);
        if (type.Kind == TypeKind.Array)
        {
            writer.Line("/// <summary>Reads a JSON array.</summary>");
            writer.Open("public static " + typeName + " Read" + mangled + "(ref " + Json + ".Utf8JsonReader reader)");
            writer.Line(Support + ".ExpectStartArray(ref reader);");
            writer.Line("var items = new " + Runtime + ".ListBuilder<" + element + ">();");
            writer.Open("while (reader.Read() && reader.TokenType != " + Json + ".JsonTokenType.EndArray)");
            writer.Line("items.Add(" + ReadExpression(type.Element!) + ");");
            writer.Close();
            writer.Line("return items.ToList();");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>Writes a JSON array.</summary>");
            writer.Open("public static void Write" + mangled + "(" + Json + ".Utf8JsonWriter writer, " + typeName + " value)");
            writer.Line("writer.WriteStartArray();");
            writer.Open("foreach (var item in value)");
            writer.Line(WriteStatement(type.Element!, "item"));
            writer.Close();
            writer.Line("writer.WriteEndArray();");
            writer.Close();
        }
        else
        {
            writer.Line("/// <summary>Reads a JSON object as a dictionary.</summary>");
            writer.Open("public static " + typeName + " Read" + mangled + "(ref " + Json + ".Utf8JsonReader reader)");
            writer.Line(Support + ".ExpectStartObject(ref reader, \"map\");");
            writer.Line("var items = new global::System.Collections.Generic.Dictionary<string, " + element + ">();");
            writer.Open("while (reader.Read() && reader.TokenType != " + Json + ".JsonTokenType.EndObject)");
            writer.Line("var key = " + Support + ".ReadPropertyName(ref reader);");
            writer.Line("reader.Read();");
            writer.Line("items[key] = " + ReadExpression(type.Element!) + ";");
            writer.Close();
            writer.Line("return items;");
            writer.Close();
            writer.Line();
            writer.Line("/// <summary>Writes a dictionary as a JSON object.</summary>");
            writer.Open("public static void Write" + mangled + "(" + Json + ".Utf8JsonWriter writer, " + typeName + " value)");
            writer.Line("writer.WriteStartObject();");
            writer.Open("foreach (var pair in value)");
            writer.Line("writer.WritePropertyName(pair.Key);");
            writer.Line(WriteStatement(type.Element!, "pair.Value"));
            writer.Close();
            writer.Line("writer.WriteEndObject();");
            writer.Close();
        }
    }

    /// <summary>Every distinct array and map type the model uses, nested ones included, in a stable order.</summary>
    private IEnumerable<TypeRef> CollectionTypes()
    {
        var found = new HashSet<TypeRef>();
        void Visit(TypeRef? type)
        {
            if (type is null) return;
            if (type.Kind is TypeKind.Array or TypeKind.Map && found.Add(type)) Visit(type.Element);
        }
        foreach (var type in _spec.Types)
        {
            foreach (var property in type.Properties) Visit(property.Type);
            foreach (var variant in type.Variants) Visit(variant.Type);
        }
        foreach (var operation in _spec.Operations)
        {
            Visit(operation.ResponseType);
            Visit(operation.Body?.Type);
            foreach (var parameter in operation.Parameters) Visit(parameter.Type);
        }
        return found.OrderBy(Mangle, System.StringComparer.Ordinal);
    }
}
