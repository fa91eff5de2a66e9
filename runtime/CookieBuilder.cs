using System;
using System.Collections.Generic;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>
/// Builds the one <c>Cookie</c> header that carries an operation's cookie parameters, in the form style:
/// <c>name=value</c> pairs separated by <c>"; "</c>, names and values percent-encoded so no value can end its pair
/// or start another. A <see langword="null"/> value adds nothing.
/// </summary>
public sealed class CookieBuilder
{
    private readonly StringBuilder _builder = new();

    /// <summary>Whether no cookie has been added.</summary>
    public bool IsEmpty => _builder.Length == 0;

    /// <summary>Adds <c>name=value</c>.</summary>
    /// <param name="name">The cookie name (not yet escaped).</param>
    /// <param name="value">The value as text; <see langword="null"/> adds nothing.</param>
    public void Add(string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (value is not null)
        {
            Append(Uri.EscapeDataString(name), Uri.EscapeDataString(value));
        }
    }

    /// <summary>Adds an array: <c>color=blue,black</c>, or exploded <c>color=blue; color=black</c>.</summary>
    /// <param name="name">The cookie name.</param>
    /// <param name="values">The items as text; <see langword="null"/> or empty adds nothing.</param>
    /// <param name="explode">Whether each item is its own cookie.</param>
    /// <exception cref="ArgumentException">An item is null.</exception>
    public void AddList(string name, IEnumerable<string>? values, bool explode)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values is null)
        {
            return;
        }

        List<string> items = ParameterWriter.Texts(values, nameof(values));
        if (items.Count == 0)
        {
            return;
        }

        string encodedName = Uri.EscapeDataString(name);
        if (!explode)
        {
            Append(encodedName, string.Join(",", items));
            return;
        }

        foreach (string item in items)
        {
            Append(encodedName, item);
        }
    }

    /// <summary>Adds an object: <c>color=R,100,G,200</c>, or exploded <c>R=100; G=200</c>.</summary>
    /// <param name="name">The cookie name (not used when exploded).</param>
    /// <param name="fields">The properties as (name, text) pairs; <see langword="null"/> or none adds nothing.</param>
    /// <param name="explode">Whether each property is its own cookie.</param>
    /// <exception cref="ArgumentException">A name or value is null.</exception>
    public void AddObject(string name, IEnumerable<KeyValuePair<string, string>>? fields, bool explode)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (fields is null)
        {
            return;
        }

        List<KeyValuePair<string, string>> pairs = ParameterWriter.Pairs(fields, nameof(fields));
        if (pairs.Count == 0)
        {
            return;
        }

        if (!explode)
        {
            Append(Uri.EscapeDataString(name), ParameterWriter.Join(pairs, ",", ","));
            return;
        }

        foreach (KeyValuePair<string, string> pair in pairs)
        {
            Append(pair.Key, pair.Value);
        }
    }

    /// <summary>The header value, for example <c>session=abc; theme=dark</c>; empty when nothing was added.</summary>
    /// <returns>The value.</returns>
    public override string ToString() => _builder.ToString();

    private void Append(string encodedName, string encodedValue)
    {
        if (_builder.Length > 0)
        {
            _builder.Append("; ");
        }

        _builder.Append(encodedName).Append('=').Append(encodedValue);
    }
}
