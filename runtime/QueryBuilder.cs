using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>
/// Builds a URL query string such as <c>?limit=100&amp;createdAtLt=2026-03-01T10%3A00%3A00.000Z</c>.
/// Names and values are escaped with <see cref="Uri.EscapeDataString(string)"/>; every value is written with the
/// invariant culture, whatever the current culture is. A <see langword="null"/> value adds nothing.
/// </summary>
/// <remarks>This type supports the code CallsGen generates and is not meant to be called directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed partial class QueryBuilder
{
    private readonly StringBuilder _builder = new();

    /// <summary>Whether no parameter has been added.</summary>
    public bool IsEmpty => _builder.Length == 0;

    /// <summary>Adds <c>name=value</c>; <see langword="null"/> adds nothing, an empty string adds <c>name=</c>.</summary>
    /// <param name="name">The parameter name (not yet escaped).</param>
    /// <param name="value">The value (not yet escaped).</param>
    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            Append(name, value);
        }
    }

    /// <summary>
    /// Adds a number in the invariant culture: whole numbers without a fraction or exponent (<c>100</c>, <c>1e16</c> as
    /// <c>10000000000000000</c>), others in the shortest round-trippable form (<c>1.5</c>).
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Add(string name, double? value)
    {
        if (value is double v)
        {
            Append(name, FormatDouble(v));
        }
    }

    /// <summary>Adds an integer in the invariant culture.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    public void Add(string name, long? value)
    {
        if (value is long v)
        {
            Append(name, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Adds <c>true</c> or <c>false</c>.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    public void Add(string name, bool? value)
    {
        if (value is bool v)
        {
            Append(name, v ? "true" : "false");
        }
    }

    /// <summary>
    /// Adds an instant converted to UTC, as ISO 8601 with a 'Z' suffix and millisecond precision
    /// (<c>2026-03-01T08:00:00.000Z</c>); seven fraction digits are written only when the value has ticks below the millisecond.
    /// </summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    public void Add(string name, DateTimeOffset? value)
    {
        if (value is DateTimeOffset v)
        {
            Append(name, IsoDateTime.Format(v));
        }
    }

    /// <summary>Adds one <c>name=value</c> pair per value (the "explode" style); <see langword="null"/> items are skipped.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values; <see langword="null"/> adds nothing.</param>
    public void Add(string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (string? value in values)
        {
            if (value is not null)
            {
                Append(name, value);
            }
        }
    }

    /// <summary>Adds one <c>name=value</c> pair per integer (the "explode" style), in the invariant culture.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values; <see langword="null"/> adds nothing.</param>
    public void Add(string name, IEnumerable<long>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (long value in values)
        {
            Append(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Adds one <c>name=value</c> pair per number (the "explode" style), written as <see cref="Add(string, double?)"/> does.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values; <see langword="null"/> adds nothing.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN or infinite.</exception>
    public void Add(string name, IEnumerable<double>? values)
    {
        if (values is null)
        {
            return;
        }

        // Formatted first, so a NaN leaves the query as it was.
        var texts = new List<string>();
        foreach (double value in values)
        {
            texts.Add(FormatDouble(value));
        }

        foreach (string text in texts)
        {
            Append(name, text);
        }
    }

    /// <summary>Adds one <c>name=true</c> or <c>name=false</c> pair per value (the "explode" style).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values; <see langword="null"/> adds nothing.</param>
    public void Add(string name, IEnumerable<bool>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (bool value in values)
        {
            Append(name, value ? "true" : "false");
        }
    }

    /// <summary>Returns the query: empty when nothing was added, otherwise starting with '?'.</summary>
    /// <returns>The query string.</returns>
    public override string ToString() => _builder.ToString();

    internal static string FormatDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A query parameter cannot be NaN or infinite.");
        }

        // Whole numbers in the long range: plain digits, never an exponent ("100", not "1E+02").
        if (value == Math.Floor(value) && value >= -9.2233720368547758E18 && value < 9.2233720368547758E18)
        {
            return ((long)value).ToString(CultureInfo.InvariantCulture);
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private void Append(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        _builder.Append(_builder.Length == 0 ? '?' : '&');
        _builder.Append(Uri.EscapeDataString(name));
        _builder.Append('=');
        _builder.Append(Uri.EscapeDataString(value));
    }
}
