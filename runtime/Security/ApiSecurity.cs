using System;
using System.Collections.Generic;
using System.Linq;

namespace CallsGen.Runtime;

/// <summary>
/// What an operation's <c>security</c> asks for: alternatives, each a set of schemes whose credentials are all sent together
/// (OpenAPI's OR of AND-sets), and whether the operation may also be called without any (an empty requirement <c>{}</c>).
/// When it is sent, the first alternative whose credentials are all configured is used; with none, an optional operation
/// sends no credential and any other fails with an <see cref="ApiConfigurationException"/> before anything is sent. Immutable.
/// </summary>
public sealed class ApiSecurity
{
    private readonly ApiSecurityScheme[][] _alternatives;

    /// <summary>Creates the requirement.</summary>
    /// <param name="optional">Whether the operation may be called without credentials.</param>
    /// <param name="alternatives">The alternatives in the document's order, each a non-empty set of schemes.</param>
    /// <exception cref="ArgumentException">An alternative is null or empty, or holds a null scheme.</exception>
    public ApiSecurity(bool optional, params ApiSecurityScheme[][] alternatives)
    {
        ArgumentNullException.ThrowIfNull(alternatives);
        foreach (ApiSecurityScheme[] alternative in alternatives)
        {
            if (alternative is null || alternative.Length == 0 || alternative.Any(s => s is null))
            {
                throw new ArgumentException("Every alternative must name at least one scheme, none of them null.", nameof(alternatives));
            }
        }

        Optional = optional;
        _alternatives = alternatives.Select(a => (ApiSecurityScheme[])a.Clone()).ToArray();
    }

    /// <summary>Whether the operation may be called without credentials.</summary>
    public bool Optional { get; }

    /// <summary>The alternatives in the document's order; each is a set of schemes sent together.</summary>
    public IReadOnlyList<IReadOnlyList<ApiSecurityScheme>> Alternatives => _alternatives;

    /// <summary>Describes the requirement: the schemes of each alternative; never a credential.</summary>
    /// <returns>The description, for example <c>'petKey' or ('basic' and 'bearer'), or none</c>.</returns>
    public override string ToString()
    {
        string text = string.Join(" or ", _alternatives.Select(Describe));
        return Optional ? (text.Length == 0 ? "none" : text + ", or none") : text;
    }

    /// <summary>An alternative as messages name it: <c>'a'</c>, or <c>('a' and 'b')</c>.</summary>
    internal static string Describe(ApiSecurityScheme[] alternative) =>
        alternative.Length == 1
            ? "'" + alternative[0].Name + "'"
            : "(" + string.Join(" and ", alternative.Select(s => "'" + s.Name + "'")) + ")";

    internal ApiSecurityScheme[][] AlternativesArray => _alternatives;
}
