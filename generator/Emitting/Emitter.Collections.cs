using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>The client's JSON class file: a reader and a writer for every array and map type the model uses.</summary>
internal sealed partial class Emitter
{
    private string EmitJsonSupport()
    {
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        writer.Write($$"""
            /// <summary>
            /// JSON readers and writers for the types generated from this document, written on Utf8JsonReader and
            /// Utf8JsonWriter without reflection, so they work trimmed and ahead-of-time compiled.
            /// </summary>
            public static partial class {{_spec.ClientName}}Json
            {
            """);
        writer.Indent();
        var first = true;
        foreach (var collection in CollectionTypes())
        {
            if (!first) writer.Line();
            first = false;
            if (collection.Kind == TypeKind.Array) EmitArray(writer, collection);
            else EmitMap(writer, collection);
        }
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    private void EmitArray(SourceWriter writer, TypeRef type)
    {
        var typeName = TypeName(type);
        var mangled = Mangle(type);
        writer.Write($$"""
            /// <summary>Reads a JSON array.</summary>
            public static {{typeName}} Read{{mangled}}(ref {{Utf8JsonReader}} reader)
            {
                {{Support}}.ExpectStartArray(ref reader);
                var items = new {{ListBuilder}}<{{TypeName(type.Element!)}}>();
                while (reader.Read() && reader.TokenType != {{JsonTokenType}}.EndArray)
                {
                    items.Add({{ReadExpression(type.Element!)}});
                }
                return items.ToList();
            }

            /// <summary>Writes a JSON array.</summary>
            public static void Write{{mangled}}({{Utf8JsonWriter}} writer, {{typeName}} value)
            {
                writer.WriteStartArray();
                foreach (var item in value)
                {
                    {{WriteStatement(type.Element!, "item")}}
                }
                writer.WriteEndArray();
            }
            """);
    }

    private void EmitMap(SourceWriter writer, TypeRef type)
    {
        var typeName = TypeName(type);
        var mangled = Mangle(type);
        writer.Write($$"""
            /// <summary>Reads a JSON object as a dictionary.</summary>
            public static {{typeName}} Read{{mangled}}(ref {{Utf8JsonReader}} reader)
            {
                {{Support}}.ExpectStartObject(ref reader, "map");
                var items = new {{Dictionary}}<string, {{TypeName(type.Element!)}}>();
                while (reader.Read() && reader.TokenType != {{JsonTokenType}}.EndObject)
                {
                    var key = {{Support}}.ReadPropertyName(ref reader);
                    reader.Read();
                    items[key] = {{ReadExpression(type.Element!)}};
                }
                return items;
            }

            /// <summary>Writes a dictionary as a JSON object.</summary>
            public static void Write{{mangled}}({{Utf8JsonWriter}} writer, {{typeName}} value)
            {
                writer.WriteStartObject();
                foreach (var pair in value)
                {
                    writer.WritePropertyName(pair.Key);
                    {{WriteStatement(type.Element!, "pair.Value")}}
                }
                writer.WriteEndObject();
            }
            """);
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
            foreach (var type in TypesOf(operation)) Visit(type);
        }
        return found.OrderBy(Mangle, System.StringComparer.Ordinal);
    }

    /// <summary>Every type an operation reads or writes: parameters, each body it offers (and a multipart body's parts), success and error bodies.</summary>
    private static IEnumerable<TypeRef?> TypesOf(OperationSpec operation)
    {
        yield return operation.ResponseType;
        foreach (var parameter in operation.Parameters) yield return parameter.Type;
        var bodies = operation.Body is { } body ? new[] { body }.Concat(operation.OtherBodies) : operation.OtherBodies;
        foreach (var offered in bodies)
        {
            yield return offered.Type;
            foreach (var part in offered.Parts) yield return part.Type;
        }
        if (operation.Response is not { } response) yield break;
        foreach (var status in response.Statuses) yield return status.Type;
        foreach (var error in response.Errors) yield return error.Type;
    }
}
