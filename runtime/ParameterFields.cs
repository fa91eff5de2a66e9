using System;
using System.Collections;
using System.Collections.Generic;

namespace CallsGen.Runtime;

/// <summary>
/// The properties of an object parameter as (name, text) pairs, in the order they are added, for
/// <see cref="QueryBuilder.AddObject"/>, <see cref="ParameterWriter"/> and <see cref="CookieBuilder"/>. Values are
/// written in the invariant culture, as <see cref="QueryBuilder"/> writes them; a <see langword="null"/> value adds nothing.
/// </summary>
public sealed class ParameterFields : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    /// <summary>The number of properties added.</summary>
    public int Count => _fields.Count;

    /// <summary>The property at <paramref name="index"/>.</summary>
    /// <param name="index">The position.</param>
    public KeyValuePair<string, string> this[int index] => _fields[index];

    /// <summary>A map's entries as pairs, each value formatted; <see langword="null"/> for a null map.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="map">The map.</param>
    /// <param name="format">Formats one value.</param>
    /// <returns>The pairs, or <see langword="null"/>.</returns>
    public static ParameterFields? Of<T>(IEnumerable<KeyValuePair<string, T>>? map, Func<T, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (map is null)
        {
            return null;
        }

        var fields = new ParameterFields();
        foreach (KeyValuePair<string, T> entry in map)
        {
            fields.Add(entry.Key, entry.Value is null ? null : format(entry.Value));
        }

        return fields;
    }

    /// <summary>Adds a text property.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <returns>This, to chain calls.</returns>
    public ParameterFields Add(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is not null)
        {
            _fields.Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    /// <summary>Adds an integer property.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <returns>This, to chain calls.</returns>
    public ParameterFields Add(string name, long? value) => Add(name, value is long v ? QueryBuilder.Format(v) : null);

    /// <summary>Adds a number property.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <returns>This, to chain calls.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public ParameterFields Add(string name, double? value) => Add(name, value is double v ? QueryBuilder.Format(v) : null);

    /// <summary>Adds a boolean property.</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <returns>This, to chain calls.</returns>
    public ParameterFields Add(string name, bool? value) => Add(name, value is bool v ? QueryBuilder.Format(v) : null);

    /// <summary>Adds an instant property (UTC, ISO 8601).</summary>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <returns>This, to chain calls.</returns>
    public ParameterFields Add(string name, DateTimeOffset? value) => Add(name, value is DateTimeOffset v ? QueryBuilder.Format(v) : null);

    /// <summary>The items of an array as texts; <see langword="null"/> for a null array.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="values">The array.</param>
    /// <param name="format">Formats one item.</param>
    /// <returns>The texts, or <see langword="null"/>.</returns>
    public static IReadOnlyList<string>? Texts<T>(IEnumerable<T>? values, Func<T, string> format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (values is null)
        {
            return null;
        }

        var texts = new List<string>();
        foreach (T value in values)
        {
            texts.Add(format(value));
        }

        return texts;
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
