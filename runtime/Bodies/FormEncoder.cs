using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace CallsGen.Runtime;

/// <summary>How one property of a form body is written (OpenAPI's <c>style</c> for <c>application/x-www-form-urlencoded</c>).</summary>
public enum FormStyle
{
    /// <summary>
    /// <c>style: form</c>: a list as <c>n=a&amp;n=b</c> (explode) or <c>n=a,b</c>; an object as <c>k=v</c> per property
    /// (explode) or <c>n=k,v</c>.
    /// </summary>
    Form,

    /// <summary><c>style: spaceDelimited</c>: a list as <c>n=a%20b</c>.</summary>
    SpaceDelimited,

    /// <summary><c>style: pipeDelimited</c>: a list as <c>n=a%7Cb</c>.</summary>
    PipeDelimited,

    /// <summary><c>style: deepObject</c>: an object as <c>n[k]=v</c>, a list as <c>n[0]=a</c>, nested to any depth.</summary>
    DeepObject,
}

/// <summary>How the document's <c>encoding</c> object says to write one property of a form body.</summary>
/// <param name="Name">The property's wire name.</param>
/// <param name="Style">The style.</param>
/// <param name="Explode">Whether lists and objects are exploded.</param>
public readonly record struct FormFieldEncoding(string Name, FormStyle Style, bool Explode);

/// <summary>
/// Writes a JSON object (a generated model, serialised) as <c>application/x-www-form-urlencoded</c> fields, each property of
/// the object one field:
/// <list type="bullet">
/// <item>a string, number or boolean as <c>name=value</c> (numbers as JSON writes them, in the invariant culture; booleans
/// as <c>true</c> or <c>false</c>; enums as their wire strings);</item>
/// <item>a list of those by the property's style (default <c>form</c>, exploded: <c>name=a&amp;name=b</c>);</item>
/// <item>an object, or a list holding objects or lists, with brackets the way Stripe, Rails and PHP read them
/// (<c>metadata[key]=v</c>, <c>items[0][price]=p</c>), unless the encoding names <c>form</c> for it. OpenAPI's default
/// for an object (<c>form</c>, exploded) drops the property's name, which no server can read back, so brackets are the
/// default here;</item>
/// <item>null, an empty list and an empty object write nothing; an item of a list in brackets is written under its
/// position, so one with nothing to send leaves its index unused.</item>
/// </list>
/// Names and values are percent-encoded as HTML forms encode them: letters, digits and <c>*-._</c> as they are, a space
/// as <c>+</c>, every other character as the <c>%XX</c> of its UTF-8 bytes (brackets too).
/// </summary>
public static class FormEncoder
{
    /// <summary>Encodes the properties of a JSON object as form fields, in the object's order.</summary>
    /// <param name="utf8Json">A JSON object.</param>
    /// <param name="encodings">The encoding of properties the document gives one for; <see langword="null"/> for none.</param>
    /// <returns>The encoded fields, for example <c>amount=100&amp;metadata%5Border%5D=6735</c>.</returns>
    /// <exception cref="ArgumentException">The JSON is not an object.</exception>
    public static string Encode(ReadOnlySpan<byte> utf8Json, IReadOnlyList<FormFieldEncoding>? encodings = null)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using JsonDocument document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A form body must be a JSON object.", nameof(utf8Json));
        }

        var output = new StringBuilder();
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            FormFieldEncoding? encoding = Find(encodings, property.Name);
            WriteProperty(output, property.Name, property.Value, encoding);
        }

        return output.ToString();
    }

    /// <summary>Appends <paramref name="text"/> percent-encoded as a form name or value.</summary>
    /// <param name="output">Where to append.</param>
    /// <param name="text">The text.</param>
    public static void AppendEscaped(StringBuilder output, string text)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> bytes = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '*' or '-' or '.' or '_')
            {
                output.Append(c);
                continue;
            }

            if (c == ' ')
            {
                output.Append('+');
                continue;
            }

            // A lone surrogate is written as U+FFFD, as a browser does.
            int length = char.IsSurrogatePair(text, i)
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), bytes)
                : Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : text.AsSpan(i, 1), bytes);
            for (int b = 0; b < length; b++)
            {
                output.Append('%').Append(HexDigit(bytes[b] >> 4)).Append(HexDigit(bytes[b] & 0xF));
            }
        }
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static FormFieldEncoding? Find(IReadOnlyList<FormFieldEncoding>? encodings, string name)
    {
        if (encodings is null)
        {
            return null;
        }

        foreach (FormFieldEncoding encoding in encodings)
        {
            if (encoding.Name == name)
            {
                return encoding;
            }
        }

        return null;
    }

    private static void WriteProperty(StringBuilder output, string name, JsonElement value, FormFieldEncoding? encoding)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return;
            case JsonValueKind.Array when encoding?.Style != FormStyle.DeepObject && AllScalar(value):
                WriteList(output, name, value, encoding ?? new FormFieldEncoding(name, FormStyle.Form, Explode: true));
                return;
            case JsonValueKind.Object when encoding?.Style == FormStyle.Form && AllScalar(value):
                WriteFormObject(output, name, value, encoding.Value.Explode);
                return;
            case JsonValueKind.Object:
            case JsonValueKind.Array:
                WriteDeep(output, name, value);
                return;
            default:
                WriteField(output, name, Scalar(value));
                return;
        }
    }

    private static void WriteList(StringBuilder output, string name, JsonElement list, FormFieldEncoding encoding)
    {
        if (encoding.Style == FormStyle.Form && encoding.Explode)
        {
            foreach (JsonElement item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Null)
                {
                    WriteField(output, name, Scalar(item));
                }
            }

            return;
        }

        string delimiter = encoding.Style switch
        {
            FormStyle.SpaceDelimited => "%20",
            FormStyle.PipeDelimited => "%7C",
            FormStyle.Form or FormStyle.DeepObject => ",",
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding.Style, "Unknown form style."),
        };
        var values = new List<string>();
        foreach (JsonElement item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Null)
            {
                values.Add(Scalar(item));
            }
        }

        WriteJoined(output, name, values, delimiter);
    }

    private static void WriteFormObject(StringBuilder output, string name, JsonElement value, bool explode)
    {
        var values = new List<string>();
        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (explode)
            {
                WriteField(output, property.Name, Scalar(property.Value));
            }
            else
            {
                values.Add(property.Name);
                values.Add(Scalar(property.Value));
            }
        }

        if (!explode)
        {
            WriteJoined(output, name, values, ",");
        }
    }

    private static void WriteJoined(StringBuilder output, string name, List<string> values, string delimiter)
    {
        if (values.Count == 0)
        {
            return;
        }

        StartField(output, name);
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                output.Append(delimiter);
            }

            AppendEscaped(output, values[i]);
        }
    }

    /// <summary>An object or list in brackets: <c>name[key]</c> for a property, <c>name[0]</c> for an item, to any depth.</summary>
    private static void WriteDeep(StringBuilder output, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in value.EnumerateObject())
                {
                    WriteDeep(output, name + "[" + property.Name + "]", property.Value);
                }

                return;
            case JsonValueKind.Array:
                int index = 0;
                foreach (JsonElement item in value.EnumerateArray())
                {
                    WriteDeep(output, name + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]", item);
                    index++;
                }

                return;
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return;
            default:
                WriteField(output, name, Scalar(value));
                return;
        }
    }

    private static bool AllScalar(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    return false;
                }
            }

            return true;
        }

        foreach (JsonProperty property in value.EnumerateObject())
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return false;
            }
        }

        return true;
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        // JSON numbers are already invariant; the raw text keeps every digit a long or decimal has.
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new ArgumentException("Not a scalar JSON value: " + value.ValueKind + "."),
    };

    private static void WriteField(StringBuilder output, string name, string value)
    {
        StartField(output, name);
        AppendEscaped(output, value);
    }

    private static void StartField(StringBuilder output, string name)
    {
        if (output.Length > 0)
        {
            output.Append('&');
        }

        AppendEscaped(output, name);
        output.Append('=');
    }
}
