using System;
using System.Collections.Generic;
using System.Text;

namespace CallsGen.Runtime;

/// <summary>The OpenAPI query styles beyond one <c>name=value</c> pair per value (see <see cref="ParameterStyle"/>).</summary>
public sealed partial class QueryBuilder
{
    // RFC 3986 reserved characters that allowReserved keeps as they are. '#', '[' and ']' are not allowed in a query,
    // and '&', '=' and '+' would change how a form-encoded query reads, so those are percent-encoded even then.
    private const string KeptReserved = ":/?@!$'()*,;";

    /// <summary>
    /// Adds <c>name=value</c> with the value's reserved characters (<c>:/?@!$'()*,;</c>) and its percent-encoded triples
    /// kept as they are (<c>allowReserved</c>); every other character outside the unreserved set is percent-encoded.
    /// </summary>
    /// <param name="name">The parameter name (not yet escaped).</param>
    /// <param name="value">The value; <see langword="null"/> adds nothing.</param>
    public void AddReserved(string name, string? value)
    {
        if (value is not null)
        {
            AppendEncoded(Uri.EscapeDataString(name), EscapeReserved(value));
        }
    }

    /// <summary>
    /// Adds an array in a query style: <see cref="ParameterStyle.Form"/> writes <c>color=blue,black</c> (or one pair per
    /// item exploded), <see cref="ParameterStyle.SpaceDelimited"/> <c>color=blue%20black</c> and
    /// <see cref="ParameterStyle.PipeDelimited"/> <c>color=blue%7Cblack</c>; those two exploded write one pair per item.
    /// <see cref="ParameterStyle.DeepObject"/>, which OpenAPI defines only for objects, writes the indexes:
    /// <c>color%5B0%5D=blue&amp;color%5B1%5D=black</c>.
    /// </summary>
    /// <param name="name">The parameter name (not yet escaped).</param>
    /// <param name="values">The items as text; <see langword="null"/> or empty adds nothing.</param>
    /// <param name="style">The style.</param>
    /// <param name="explode">Whether each item is its own pair.</param>
    /// <param name="allowReserved">Whether reserved characters in the items are kept (see <see cref="AddReserved"/>).</param>
    /// <exception cref="ArgumentException">An item is null, or the style is not one for arrays in a query.</exception>
    public void AddList(string name, IEnumerable<string>? values, ParameterStyle style, bool explode, bool allowReserved)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (values is null)
        {
            return;
        }

        var items = new List<string>();
        foreach (string item in values)
        {
            items.Add(Escape(item ?? throw new ArgumentException("An item of the array is null.", nameof(values)), allowReserved));
        }

        if (items.Count == 0)
        {
            return;
        }

        string encodedName = Uri.EscapeDataString(name);
        if (style == ParameterStyle.DeepObject)
        {
            // OpenAPI defines deepObject only for objects; an array is written with its indexes, as Stripe reads it.
            for (int i = 0; i < items.Count; i++)
            {
                AppendEncoded(encodedName + "%5B" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "%5D", items[i]);
            }

            return;
        }

        if (explode)
        {
            foreach (string item in items)
            {
                AppendEncoded(encodedName, item);
            }

            return;
        }

        AppendEncoded(encodedName, string.Join(Delimiter(style), items));
    }

    /// <summary>
    /// Adds an object in a query style: <see cref="ParameterStyle.Form"/> writes <c>R=100&amp;G=200</c> exploded and
    /// <c>color=R,100,G,200</c> otherwise; <see cref="ParameterStyle.SpaceDelimited"/> and
    /// <see cref="ParameterStyle.PipeDelimited"/> write <c>color=R%20100%20G%20200</c> and <c>color=R%7C100%7CG%7C200</c>;
    /// <see cref="ParameterStyle.DeepObject"/> writes <c>color%5BR%5D=100&amp;color%5BG%5D=200</c>.
    /// </summary>
    /// <param name="name">The parameter name (not yet escaped).</param>
    /// <param name="fields">The properties as (name, text) pairs; <see langword="null"/> or none adds nothing.</param>
    /// <param name="style">The style.</param>
    /// <param name="explode">Whether each property is its own pair (form).</param>
    /// <param name="allowReserved">Whether reserved characters in the values are kept (see <see cref="AddReserved"/>).</param>
    /// <exception cref="ArgumentException">A name or value is null, or the style is not one for objects in a query.</exception>
    public void AddObject(string name, IEnumerable<KeyValuePair<string, string>>? fields, ParameterStyle style, bool explode, bool allowReserved)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (fields is null)
        {
            return;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (KeyValuePair<string, string> field in fields)
        {
            if (field.Key is null || field.Value is null)
            {
                throw new ArgumentException("A property name or value is null.", nameof(fields));
            }

            pairs.Add(new KeyValuePair<string, string>(Uri.EscapeDataString(field.Key), Escape(field.Value, allowReserved)));
        }

        if (pairs.Count == 0)
        {
            return;
        }

        string encodedName = Uri.EscapeDataString(name);
        if (style == ParameterStyle.DeepObject)
        {
            foreach (KeyValuePair<string, string> pair in pairs)
            {
                AppendEncoded(encodedName + "%5B" + pair.Key + "%5D", pair.Value);
            }
        }
        else if (explode && style == ParameterStyle.Form)
        {
            foreach (KeyValuePair<string, string> pair in pairs)
            {
                AppendEncoded(pair.Key, pair.Value);
            }
        }
        else
        {
            string delimiter = Delimiter(style);
            AppendEncoded(encodedName, ParameterWriter.Join(pairs, delimiter, delimiter));
        }
    }

    /// <summary>A value with <c>allowReserved</c>: reserved characters (but <c>#[]&amp;=+</c>) and percent-encoded triples kept.</summary>
    internal static string EscapeReserved(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        int start = 0; // the run of characters not yet written, escaped as data
        int i = 0;
        while (i < value.Length)
        {
            int kept = KeptReserved.IndexOf(value[i]) >= 0 ? 1 : IsTriple(value, i) ? 3 : 0;
            if (kept == 0)
            {
                i++;
                continue;
            }

            // Kept characters are ASCII, so a run never splits a surrogate pair.
            builder.Append(Uri.EscapeDataString(value[start..i])).Append(value, i, kept);
            i += kept;
            start = i;
        }

        builder.Append(Uri.EscapeDataString(value[start..]));
        return builder.ToString();
    }

    private static bool IsTriple(string value, int i) =>
        value[i] == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]);

    private static string Escape(string value, bool allowReserved) => allowReserved ? EscapeReserved(value) : Uri.EscapeDataString(value);

    private static string Delimiter(ParameterStyle style) => style switch
    {
        ParameterStyle.Form => ",",
        ParameterStyle.SpaceDelimited => "%20",
        ParameterStyle.PipeDelimited => "%7C",
        _ => throw new ArgumentException($"The style {style} does not join values in a query.", nameof(style)),
    };

    private void AppendEncoded(string encodedName, string encodedValue)
    {
        _builder.Append(_builder.Length == 0 ? '?' : '&');
        _builder.Append(encodedName);
        _builder.Append('=');
        _builder.Append(encodedValue);
    }
}
