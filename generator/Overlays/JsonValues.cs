// Small helpers over System.Text.Json.Nodes shared by the JSONPath evaluator and the overlay
// applier: the kind of a node (C# null is JSON null), numbers and strings whatever backs the
// JsonValue, the equality and ordering of RFC 9535 §2.3.5.2.2 (numbers mathematically, strings by
// Unicode scalar values), node counting, and the escaping of normalized paths and JSON pointers.
// Everything here is iterative, so deep documents cannot overflow the stack.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Overlays;

internal static class JsonValues
{
    /// <summary>The JSON kind of a node; a C# null is a JSON null (that is how JsonObject stores one).</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node switch
    {
        null => JsonValueKind.Null,
        JsonObject => JsonValueKind.Object,
        JsonArray => JsonValueKind.Array,
        _ => node.GetValueKind(),
    };

    /// <summary>Numbers, strings, true, false and null (RFC 9535 calls these primitive values).</summary>
    public static bool IsPrimitive(JsonNode? node) => node is not (JsonObject or JsonArray);

    /// <summary>
    /// The number as a double: parsed values are backed by a JsonElement, built ones by a CLR number
    /// of any type, so both are tried before falling back to the JSON text. False for numbers a
    /// double cannot hold (beyond I-JSON), which then compare by their text only.
    /// </summary>
    public static bool TryGetNumber(JsonNode? node, out double number)
    {
        number = 0;
        if (node is not JsonValue value) return false;
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out number) && !double.IsInfinity(number);
        }
        if (value.TryGetValue<double>(out number)) return !double.IsNaN(number) && !double.IsInfinity(number);
        if (value.TryGetValue<int>(out var i)) { number = i; return true; }
        if (value.TryGetValue<long>(out var l)) { number = l; return true; }
        if (value.TryGetValue<decimal>(out var m)) { number = (double)m; return true; }
        if (value.TryGetValue<float>(out var f)) { number = f; return !float.IsNaN(f) && !float.IsInfinity(f); }
        if (value.GetValueKind() != JsonValueKind.Number) return false;
        return double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsInfinity(number);
    }

    /// <summary>The string of a string-valued node, whatever backs it; null when it is not a string.</summary>
    public static string? GetString(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String) return null;
        if (value.TryGetValue<string>(out var text)) return text;
        if (value.TryGetValue<char>(out var c)) return c.ToString();
        return JsonNode.Parse(value.ToJsonString())!.GetValue<string>();
    }

    /// <summary>Equality as RFC 9535 §2.3.5.2.2 defines it: same kind, numbers mathematically, arrays by position, objects by member names.</summary>
    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        var pending = new Stack<KeyValuePair<JsonNode?, JsonNode?>>();
        pending.Push(new KeyValuePair<JsonNode?, JsonNode?>(left, right));
        while (pending.Count > 0)
        {
            var pair = pending.Pop();
            var a = pair.Key;
            var b = pair.Value;
            if (ReferenceEquals(a, b)) continue;
            var kind = KindOf(a);
            if (kind != KindOf(b)) return false;
            switch (kind)
            {
                case JsonValueKind.Number:
                    if (TryGetNumber(a, out var x) && TryGetNumber(b, out var y))
                    {
                        if (x != y) return false;
                    }
                    else if (a!.ToJsonString() != b!.ToJsonString())
                    {
                        return false;
                    }
                    break;
                case JsonValueKind.String:
                    if (!string.Equals(GetString(a), GetString(b), StringComparison.Ordinal)) return false;
                    break;
                case JsonValueKind.Array:
                    var arrayA = (JsonArray)a!;
                    var arrayB = (JsonArray)b!;
                    if (arrayA.Count != arrayB.Count) return false;
                    for (var i = 0; i < arrayA.Count; i++) pending.Push(new KeyValuePair<JsonNode?, JsonNode?>(arrayA[i], arrayB[i]));
                    break;
                case JsonValueKind.Object:
                    var objectA = (JsonObject)a!;
                    var objectB = (JsonObject)b!;
                    if (objectA.Count != objectB.Count) return false;
                    foreach (var member in objectA)
                    {
                        if (!objectB.TryGetPropertyValue(member.Key, out var other)) return false;
                        pending.Push(new KeyValuePair<JsonNode?, JsonNode?>(member.Value, other));
                    }
                    break;
            }
        }
        return true;
    }

    /// <summary>Orders strings by Unicode scalar values (RFC 9535 §2.3.5.2.2), which UTF-16 ordinal order does not do above U+FFFF.</summary>
    public static int CompareScalars(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = ScalarAt(a, ref i);
            var y = ScalarAt(b, ref j);
            if (x != y) return x < y ? -1 : 1;
        }
        if (i < a.Length) return 1;
        return j < b.Length ? -1 : 0;
    }

    /// <summary>The number of Unicode scalar values in a string (RFC 9535 §2.4.4 length()).</summary>
    public static int CountScalars(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; count++) ScalarAt(text, ref i);
        return count;
    }

    private static int ScalarAt(string text, ref int index)
    {
        var c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            index += 2;
            return char.ConvertToUtf32(c, text[index - 1]);
        }
        index++;
        return c;
    }

    /// <summary>The number of nodes in a value (itself included), counted without recursion.</summary>
    public static long CountNodes(JsonNode? node)
    {
        long count = 0;
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            count++;
            if (current is JsonObject obj)
            {
                foreach (var member in obj) pending.Push(member.Value);
            }
            else if (current is JsonArray array)
            {
                foreach (var item in array) pending.Push(item);
            }
        }
        return count;
    }

    /// <summary>Appends a member name as a normalized path selector: <c>['name']</c> with the escapes of RFC 9535 §2.7.</summary>
    public static void AppendNormalizedName(StringBuilder builder, string name)
    {
        builder.Append("['");
        foreach (var c in name)
        {
            switch (c)
            {
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\'': builder.Append("\\'"); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (c < 0x20) builder.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        builder.Append("']");
    }

    /// <summary>Appends '/' and one JSON pointer reference token, escaped by the one rule (<see cref="JsonPointer"/>).</summary>
    public static void AppendPointerToken(StringBuilder builder, string token)
    {
        builder.Append('/');
        JsonPointer.AppendEscaped(builder, token);
    }
}
