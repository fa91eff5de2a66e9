using System;
using System.Collections.Generic;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>How an OpenAPI parameter is serialized (its <c>style</c>).</summary>
public enum ParameterStyle
{
    /// <summary><c>blue,black,brown</c>: path and header parameters.</summary>
    Simple,

    /// <summary><c>.blue.black.brown</c>: path parameters.</summary>
    Label,

    /// <summary><c>;color=blue;color=black</c>: path parameters.</summary>
    Matrix,

    /// <summary><c>color=blue&amp;color=black</c> or <c>color=blue,black</c>: query and cookie parameters.</summary>
    Form,

    /// <summary><c>color=blue%20black</c>: query parameters.</summary>
    SpaceDelimited,

    /// <summary><c>color=blue%7Cblack</c>: query parameters.</summary>
    PipeDelimited,

    /// <summary><c>color%5BR%5D=100</c>: query parameters holding an object.</summary>
    DeepObject,
}

/// <summary>
/// Writes path, header and cookie parameters in the OpenAPI styles (RFC 6570 expansions for <c>simple</c>, <c>label</c>,
/// <c>matrix</c> and <c>form</c>). Values reach these methods already formatted as text in the invariant culture
/// (<see cref="QueryBuilder.Format(long)"/> and its overloads); an array is a list of texts and an object a list of
/// (property name, text) pairs, in the document's property order, without the properties that are null.
/// </summary>
public static class ParameterWriter
{
    /// <summary>A path parameter holding one value: <c>blue</c>, <c>.blue</c> or <c>;color=blue</c>.</summary>
    /// <param name="name">The parameter name (used by <see cref="ParameterStyle.Matrix"/>).</param>
    /// <param name="style"><see cref="ParameterStyle.Simple"/>, <see cref="ParameterStyle.Label"/> or <see cref="ParameterStyle.Matrix"/>.</param>
    /// <param name="value">The value as text; every character but the unreserved ones is percent-encoded.</param>
    /// <returns>The text to put in the path.</returns>
    /// <exception cref="ArgumentException">The style is not a path style.</exception>
    public static string Path(string name, ParameterStyle style, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        string text = Uri.EscapeDataString(value);
        return style switch
        {
            ParameterStyle.Simple => text,
            ParameterStyle.Label => "." + text,
            ParameterStyle.Matrix => value.Length == 0 ? ";" + Uri.EscapeDataString(name) : ";" + Uri.EscapeDataString(name) + "=" + text,
            _ => throw NotAPathStyle(style),
        };
    }

    /// <summary>A path parameter holding an array: <c>blue,black</c>, <c>.blue.black</c>, <c>;color=blue;color=black</c>...</summary>
    /// <param name="name">The parameter name (used by <see cref="ParameterStyle.Matrix"/>).</param>
    /// <param name="style"><see cref="ParameterStyle.Simple"/>, <see cref="ParameterStyle.Label"/> or <see cref="ParameterStyle.Matrix"/>.</param>
    /// <param name="explode">Whether each item is its own label or matrix parameter.</param>
    /// <param name="values">The items as text, each percent-encoded; an empty array writes nothing.</param>
    /// <returns>The text to put in the path.</returns>
    /// <exception cref="ArgumentException">The style is not a path style, or an item is null.</exception>
    public static string Path(string name, ParameterStyle style, bool explode, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        List<string> items = Texts(values, nameof(values));
        if (items.Count == 0)
        {
            return string.Empty;
        }

        string encodedName = Uri.EscapeDataString(name);
        return style switch
        {
            ParameterStyle.Simple => string.Join(",", items),
            ParameterStyle.Label => "." + string.Join(explode ? "." : ",", items),
            ParameterStyle.Matrix => explode
                ? ";" + encodedName + "=" + string.Join(";" + encodedName + "=", items)
                : ";" + encodedName + "=" + string.Join(",", items),
            _ => throw NotAPathStyle(style),
        };
    }

    /// <summary>A path parameter holding an object: <c>R,100,G,200</c>, <c>R=100,G=200</c>, <c>.R=100.G=200</c>, <c>;R=100;G=200</c>...</summary>
    /// <param name="name">The parameter name (used by <see cref="ParameterStyle.Matrix"/> without explode).</param>
    /// <param name="style"><see cref="ParameterStyle.Simple"/>, <see cref="ParameterStyle.Label"/> or <see cref="ParameterStyle.Matrix"/>.</param>
    /// <param name="explode">Whether each property is written <c>name=value</c> rather than <c>name,value</c>.</param>
    /// <param name="fields">The properties as (name, text) pairs, each percent-encoded; none writes nothing.</param>
    /// <returns>The text to put in the path.</returns>
    /// <exception cref="ArgumentException">The style is not a path style, or a name or value is null.</exception>
    public static string Path(string name, ParameterStyle style, bool explode, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(name);
        List<KeyValuePair<string, string>> pairs = Pairs(fields, nameof(fields));
        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        string separator = style switch
        {
            ParameterStyle.Simple => ",",
            ParameterStyle.Label => explode ? "." : ",",
            ParameterStyle.Matrix => explode ? ";" : ",",
            _ => throw NotAPathStyle(style),
        };
        string body = Join(pairs, separator, explode ? "=" : ",");
        return style switch
        {
            ParameterStyle.Label => "." + body,
            ParameterStyle.Matrix => explode ? ";" + body : ";" + Uri.EscapeDataString(name) + "=" + body,
            _ => body,
        };
    }

    /// <summary>A header parameter holding an array, in the simple style: <c>blue,black,brown</c>.</summary>
    /// <param name="values">The items as text, sent as they are; <see langword="null"/> or empty sends no header.</param>
    /// <returns>The header value, or <see langword="null"/> for none.</returns>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public static string? Header(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return null;
        }

        List<string> items = Raw(values, nameof(values));
        return items.Count == 0 ? null : string.Join(",", items);
    }

    /// <summary>A header parameter holding an object, in the simple style: <c>R,100,G,200</c>, or <c>R=100,G=200</c> exploded.</summary>
    /// <param name="explode">Whether each property is written <c>name=value</c>.</param>
    /// <param name="fields">The properties, sent as they are; <see langword="null"/> or none sends no header.</param>
    /// <returns>The header value, or <see langword="null"/> for none.</returns>
    /// <exception cref="ArgumentException">A name or value is null.</exception>
    public static string? Header(bool explode, IEnumerable<KeyValuePair<string, string>>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (KeyValuePair<string, string> field in fields)
        {
            if (field.Key is null || field.Value is null)
            {
                throw new ArgumentException("A property name or value is null.", nameof(fields));
            }

            builder.Append(builder.Length == 0 ? string.Empty : ",").Append(field.Key).Append(explode ? '=' : ',').Append(field.Value);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>A value as its UTF-8 JSON text, for a parameter described by <c>content: application/json</c>.</summary>
    /// <typeparam name="T">The type written.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="write">The generated writer for the value.</param>
    /// <returns>The JSON text (non-ASCII characters \u-escaped), not yet percent-encoded.</returns>
    public static string JsonText<T>(T value, JsonValueWriter<T> write) => Encoding.UTF8.GetString(JsonHelpers.Serialize(value, write));

    /// <summary>Each item percent-encoded.</summary>
    internal static List<string> Texts(IEnumerable<string> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        var items = new List<string>();
        foreach (string item in values)
        {
            items.Add(Uri.EscapeDataString(item ?? throw new ArgumentException("An item of the array is null.", parameter)));
        }

        return items;
    }

    /// <summary>Each name and value percent-encoded.</summary>
    internal static List<KeyValuePair<string, string>> Pairs(IEnumerable<KeyValuePair<string, string>> fields, string parameter)
    {
        ArgumentNullException.ThrowIfNull(fields, parameter);
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> field in fields)
        {
            if (field.Key is null || field.Value is null)
            {
                throw new ArgumentException("A property name or value is null.", parameter);
            }

            pairs.Add(new KeyValuePair<string, string>(Uri.EscapeDataString(field.Key), Uri.EscapeDataString(field.Value)));
        }

        return pairs;
    }

    /// <summary>Pairs already encoded, joined: <c>a=1;b=2</c> or <c>a,1,b,2</c>.</summary>
    internal static string Join(List<KeyValuePair<string, string>> pairs, string separator, string assign)
    {
        var builder = new StringBuilder();
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            builder.Append(pair.Key).Append(assign).Append(pair.Value);
        }

        return builder.ToString();
    }

    private static List<string> Raw(IEnumerable<string> values, string parameter)
    {
        var items = new List<string>();
        foreach (string item in values)
        {
            items.Add(item ?? throw new ArgumentException("An item of the array is null.", parameter));
        }

        return items;
    }

    private static ArgumentException NotAPathStyle(ParameterStyle style) =>
        new($"The style {style} is not one of the path styles (simple, label, matrix).", nameof(style));
}
