using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// The values and member names of an integer or number enum. It becomes a C# enum over <see cref="long"/> only when
/// every value it lists is a whole number in the range of <see cref="long"/>; a number enum with a fraction
/// (<c>[8000, 22050.5]</c>) stays a <see cref="double"/>, since an enum member could not hold its values.
/// </summary>
internal static class IntegerEnumValues
{
    /// <summary>The vendor extensions that name the members, one per value in the enum's order.</summary>
    private static readonly string[] NameExtensions = { "x-enum-varnames", "x-enumNames" };

    /// <summary>The listed values in order (nulls left out), or null when one is not a whole number that fits a long.</summary>
    public static List<long>? Read(IEnumerable<JsonNode?> listed)
    {
        var values = new List<long>();
        foreach (var node in listed)
        {
            if (node is null) continue;
            if (node.GetValueKind() != JsonValueKind.Number || !TryParseWhole(node.ToJsonString(), out var value)) return null;
            values.Add(value);
        }
        return values.Count > 0 ? values : null;
    }

    private static bool TryParseWhole(string text, out long value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        // 1e3 or 3.0 in the document: whole, and written as 1000 or 3 on the wire.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
        if (number != System.Math.Floor(number) || number < -9.2233720368547758E18 || number >= 9.2233720368547758E18) return false;
        value = (long)number;
        return true;
    }

    /// <summary>
    /// The member names <c>x-enum-varnames</c> (or <c>x-enumNames</c>) gives, as identifiers; null when neither is a list of
    /// <paramref name="count"/> non-blank strings, so the names cannot be paired with the values.
    /// </summary>
    public static string[]? MemberNames(IOpenApiSchema schema, int count)
    {
        if (schema.Extensions is not { } extensions) return null;
        foreach (var key in NameExtensions)
        {
            if (extensions.TryGetValue(key, out var extension) && extension is JsonNodeExtension { Node: JsonArray names } && names.Count == count)
            {
                var result = new string[count];
                for (var i = 0; i < count; i++)
                {
                    if (names[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Trim().Length == 0) return null;
                    result[i] = Identifiers.ToPascalCase(value.GetValue<string>());
                }
                return result;
            }
        }
        return null;
    }

    /// <summary>The member name of a value no extension names: <c>Value1</c>, <c>Value0</c>, <c>ValueMinus1</c>.</summary>
    public static string DefaultMemberName(long value) =>
        value < 0 ? "ValueMinus" + value.ToString(CultureInfo.InvariantCulture).Substring(1) : "Value" + value.ToString(CultureInfo.InvariantCulture);
}
