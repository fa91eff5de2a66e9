using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Parameters in the OpenAPI styles: arrays and objects in the path, query, headers and cookies, label and matrix
/// path parameters, allowReserved query values and JSON content parameters. The runtime's ParameterWriter,
/// QueryBuilder and CookieBuilder do the writing; this file turns a typed value into the texts they take. A parameter
/// in its location's default style with a single value keeps the plain form the operation emitter writes.
/// </summary>
internal sealed partial class Emitter
{
    private const string ParameterWriter = Runtime + ".ParameterWriter";
    private const string ParameterFields = Runtime + ".ParameterFields";
    private const string CookieBuilder = Runtime + ".CookieBuilder";
    private const string StyleEnum = Runtime + ".ParameterStyle";

    /// <summary>The shape of a parameter's value as the styles see it (see ParameterStyles in the reader).</summary>
    private enum ValueShape
    {
        Value,
        Array,
        Object,
    }

    private ValueShape ShapeOf(TypeRef type) => type.Kind switch
    {
        TypeKind.Array => ValueShape.Array,
        TypeKind.Map => ValueShape.Object,
        TypeKind.Named => KindOf(type) switch
        {
            TypeSpecKind.Object => ValueShape.Object,
            // A union is a parameter only with content: application/json, which writes any shape as its JSON text.
            TypeSpecKind.StringEnum or TypeSpecKind.IntegerEnum or TypeSpecKind.Union => ValueShape.Value,
        },
        TypeKind.String or TypeKind.Boolean or TypeKind.Int64 or TypeKind.Double or TypeKind.DateTimeOffset or TypeKind.Json => ValueShape.Value,
    };

    /// <summary>Whether the operation emitter's plain form writes the parameter: one value in its location's default style.</summary>
    private bool IsPlain(ParameterSpec parameter) => parameter.Encoding is not { } encoding
        ? ShapeOf(parameter.Type) == ValueShape.Value || parameter.Location == ParameterLocation.Query && parameter.Type.Kind == TypeKind.Array
        : !encoding.Json && ShapeOf(parameter.Type) == ValueShape.Value && !encoding.AllowReserved
          && !(parameter.Location == ParameterLocation.Path && encoding.Style != ParameterStyle.Simple);

    private static string StyleLiteral(ParameterEncoding encoding) => StyleEnum + "." + encoding.Style;

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>The text of a single value that is never null: a string as it is, a string enum's wire value, others formatted.</summary>
    private string ScalarText(TypeRef type, string value) =>
        type.Kind == TypeKind.String ? value
        : IsStringEnum(type) ? value + ".Value"
        : QueryBuilder + ".Format(" + ScalarValue(type, value) + ")";

    /// <summary>A string? expression: the value's text (its JSON text with <c>content</c>), null when the value is null.</summary>
    private string OptionalText(ParameterSpec parameter, string value)
    {
        var type = parameter.Type;
        var nullableValueType = IsValueType(type) && !parameter.Required;
        if (parameter.Serialization.Json)
        {
            var json = ParameterWriter + ".JsonText(" + value + (nullableValueType ? ".Value" : "") + ", " + WriterDelegate(type) + ")";
            return IsValueType(type) && parameter.Required ? json : "(" + value + " is null ? null : " + json + ")";
        }
        if (type.Kind == TypeKind.String) return value;
        if (IsStringEnum(type)) return value + (nullableValueType ? "?.Value" : ".Value");
        return nullableValueType ? "(" + value + " is null ? null : " + ScalarText(type, value + ".Value") + ")" : ScalarText(type, value);
    }

    /// <summary>An expression for an array's items as texts (null when the array is null).</summary>
    private string ListTexts(TypeRef type, string value) => type.Element!.Kind == TypeKind.String
        ? value
        : ParameterFields + ".Texts(" + value + ", static __item => " + ScalarText(type.Element, "__item") + ")";

    /// <summary>An expression for an object's properties as (name, text) pairs (null when the object is null).</summary>
    private string ObjectFields(TypeRef type, string value, bool neverNull)
    {
        if (type.Kind == TypeKind.Map)
        {
            return ParameterFields + ".Of(" + value + ", static __item => " + ScalarText(type.Element!, "__item") + ")" + (neverNull ? "!" : "");
        }
        var fields = "new " + ParameterFields + "()" + string.Concat(_typesByName[type.Name!].Properties.Select(p => ".Add(" + Literal(p.WireName) + ", " + PropertyText(p, value + "." + p.Name) + ")"));
        return neverNull ? fields : "(" + value + " is null ? null : " + fields + ")";
    }

    /// <summary>A property's value as ParameterFields.Add takes it: string enums as their text, integer enums as their number, others as they are (null adds nothing).</summary>
    private string PropertyText(PropertySpec property, string value) =>
        IsStringEnum(property.Type) ? value + (IsNullableMember(property) ? "?.Value" : ".Value")
        : IsIntegerEnum(property.Type) ? "(long?)" + value
        : value;

    /// <summary>A path parameter's text in the path: percent-encoded, in its style.</summary>
    private string PathPart(ParameterSpec parameter, string argument)
    {
        var encoding = parameter.Serialization;
        var name = Literal(parameter.WireName);
        if (encoding.Json) return QueryBuilder + ".EscapePathSegment(" + ParameterWriter + ".JsonText(" + argument + ", " + WriterDelegate(parameter.Type) + "))";
        return ShapeOf(parameter.Type) switch
        {
            ValueShape.Value => encoding.Style == ParameterStyle.Simple
                ? QueryBuilder + ".EscapePathSegment(" + QueryBuilder + ".Format(" + ScalarValue(parameter.Type, argument) + "))"
                : ParameterWriter + ".Path(" + name + ", " + StyleLiteral(encoding) + ", " + ScalarText(parameter.Type, argument) + ")",
            ValueShape.Array => ParameterWriter + ".Path(" + name + ", " + StyleLiteral(encoding) + ", " + Bool(encoding.Explode) + ", " + ListTexts(parameter.Type, argument) + (parameter.Type.Element!.Kind == TypeKind.String ? "" : "!") + ")",
            ValueShape.Object => ParameterWriter + ".Path(" + name + ", " + StyleLiteral(encoding) + ", " + Bool(encoding.Explode) + ", " + ObjectFields(parameter.Type, argument, neverNull: true) + ")",
        };
    }

    /// <summary>The statement adding a query parameter that is not plain; null for a plain one.</summary>
    private string? StyledQueryAdd(ParameterSpec parameter, string value)
    {
        if (IsPlain(parameter)) return null;
        var encoding = parameter.Serialization;
        var name = Literal(parameter.WireName);
        if (encoding.Json) return "__query.Add(" + name + ", " + OptionalText(parameter, value) + ");";
        var tail = ", " + StyleLiteral(encoding) + ", " + Bool(encoding.Explode) + ", " + Bool(encoding.AllowReserved) + ");";
        return ShapeOf(parameter.Type) switch
        {
            ValueShape.Value => "__query.AddReserved(" + name + ", " + OptionalText(parameter, value) + ");",
            ValueShape.Array => "__query.AddList(" + name + ", " + ListTexts(parameter.Type, value) + tail,
            ValueShape.Object => "__query.AddObject(" + name + ", " + ObjectFields(parameter.Type, value, neverNull: false) + tail,
        };
    }

    /// <summary>A header parameter that is not plain: its text, if any, added as the header; false for a plain one.</summary>
    private bool TryEmitStyledHeader(SourceWriter writer, ParameterSpec parameter, string requestName, int index)
    {
        if (IsPlain(parameter)) return false;
        var value = requestName + "." + parameter.Name;
        var text = parameter.Serialization.Json ? OptionalText(parameter, value) : ShapeOf(parameter.Type) switch
        {
            ValueShape.Value => OptionalText(parameter, value),
            ValueShape.Array => ParameterWriter + ".Header(" + ListTexts(parameter.Type, value) + ")",
            ValueShape.Object => ParameterWriter + ".Header(" + Bool(parameter.Serialization.Explode) + ", " + ObjectFields(parameter.Type, value, neverNull: false) + ")",
        };
        EmitRequiredCheck(writer, parameter, value, requestName, "header");
        writer.Line("if (" + text + " is { } __h" + Number(index) + ") __headers.Add(new " + KeyValuePair + "<string, string>(" + Literal(parameter.WireName) + ", __h" + Number(index) + "));");
        return true;
    }

    /// <summary>The cookie parameters, written into one Cookie header.</summary>
    private void EmitCookies(SourceWriter writer, List<ParameterSpec> cookies, string requestName)
    {
        if (cookies.Count == 0) return;
        writer.Line("var __cookies = new " + CookieBuilder + "();");
        foreach (var parameter in cookies)
        {
            var value = requestName + "." + parameter.Name;
            var name = Literal(parameter.WireName);
            var explode = Bool(parameter.Serialization.Explode);
            EmitRequiredCheck(writer, parameter, value, requestName, "cookie");
            writer.Line(parameter.Serialization.Json ? "__cookies.Add(" + name + ", " + OptionalText(parameter, value) + ");" : ShapeOf(parameter.Type) switch
            {
                ValueShape.Value => "__cookies.Add(" + name + ", " + OptionalText(parameter, value) + ");",
                ValueShape.Array => "__cookies.AddList(" + name + ", " + ListTexts(parameter.Type, value) + ", " + explode + ");",
                ValueShape.Object => "__cookies.AddObject(" + name + ", " + ObjectFields(parameter.Type, value, neverNull: false) + ", " + explode + ");",
            });
        }
        writer.Line("if (!__cookies.IsEmpty) __headers.Add(new " + KeyValuePair + "<string, string>(\"Cookie\", __cookies.ToString()));");
    }

    /// <summary>A required parameter of a reference type fails before anything is sent when it is null.</summary>
    private void EmitRequiredCheck(SourceWriter writer, ParameterSpec parameter, string value, string requestName, string kind)
    {
        if (!parameter.Required || IsValueType(parameter.Type)) return;
        writer.Line("if (" + value + " is null) throw new " + ArgumentException + "(" + Literal("The required " + kind + " '" + parameter.WireName + "' is null.") + ", nameof(" + requestName + "));");
    }
}
