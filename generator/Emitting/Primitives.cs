using System;
using CallsGen.Generator.Model;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// How generated code handles one primitive kind of value: the OpenAPI schemas that map to it, its C# type, the
/// runtime calls that read it (strictly and leniently) and write it, and the JSON tokens it can start with.
/// </summary>
internal sealed record Primitive(
    TypeKind Kind,
    string OpenApi,
    string CSharpType,
    bool IsValueType,
    string ReadMethod,
    string? TryReadMethod,
    string WriteFormat,
    JsonTokens Tokens);

/// <summary>The JSON tokens a value can start with.</summary>
[Flags]
internal enum JsonTokens
{
    String = 1,
    Number = 2,
    Boolean = 4,
    StartObject = 8,
    StartArray = 16,
    Any = String | Number | Boolean | StartObject | StartArray,
}

/// <summary>
/// The one table of primitive kinds (see <see cref="TypeKind"/>; named types, arrays and maps are composed in
/// <see cref="Emitter"/>). Adding a primitive means adding a <see cref="TypeKind"/> and its row here; the switch has
/// no default arm, so a kind without a row does not compile (CS8509).
/// </summary>
internal static class Primitives
{
    private const string Json = Names.Json;

    public static readonly Primitive String = new(TypeKind.String, "string (any format but date-time)", "string", false,
        "ReadString", "TryReadString", "writer.WriteStringValue({0});", JsonTokens.String);

    public static readonly Primitive Boolean = new(TypeKind.Boolean, "boolean", "bool", true,
        "ReadBoolean", "TryReadBoolean", "writer.WriteBooleanValue({0});", JsonTokens.Boolean);

    public static readonly Primitive Int64 = new(TypeKind.Int64, "integer (any format)", "long", true,
        "ReadInt64", "TryReadInt64", "writer.WriteNumberValue({0});", JsonTokens.Number);

    public static readonly Primitive Double = new(TypeKind.Double, "number (any format)", "double", true,
        "ReadDouble", "TryReadDouble", "writer.WriteNumberValue({0});", JsonTokens.Number);

    public static readonly Primitive DateTimeOffset = new(TypeKind.DateTimeOffset, "string, format date-time", "global::System.DateTimeOffset", true,
        "ReadDateTimeOffset", "TryReadDateTimeOffset", Names.Support + ".WriteDateTimeOffsetValue(writer, {0});", JsonTokens.String);

    public static readonly Primitive JsonValue = new(TypeKind.Json, "free-form: {}, type: object without properties, every type allowed", Json + ".JsonElement", true,
        "ReadJson", null, "writer.WriteRawValue(global::System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value({0}), skipInputValidation: true);", JsonTokens.Any);

    /// <summary>The row of a primitive kind; null for the composed kinds (named, array, map).</summary>
    public static Primitive? Of(TypeKind kind) => kind switch
    {
        TypeKind.String => String,
        TypeKind.Boolean => Boolean,
        TypeKind.Int64 => Int64,
        TypeKind.Double => Double,
        TypeKind.DateTimeOffset => DateTimeOffset,
        TypeKind.Json => JsonValue,
        TypeKind.Named or TypeKind.Array or TypeKind.Map => null,
    };
}
