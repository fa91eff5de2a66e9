using System;

namespace CallsGen.Runtime;

/// <summary>How a security scheme of an OpenAPI document carries its credential.</summary>
public enum ApiSecuritySchemeKind
{
    /// <summary>An <c>apiKey</c> scheme: the value as the caller gives it, in a header, a query parameter or a cookie.</summary>
    ApiKey,

    /// <summary>An <c>http</c> scheme <c>basic</c>: <c>Authorization: Basic</c> and the Base64 of the UTF-8 <c>user:password</c>.</summary>
    Basic,

    /// <summary>An <c>http</c> scheme <c>bearer</c>, <c>oauth2</c> or <c>openIdConnect</c>: <c>Authorization: Bearer</c> and a token.</summary>
    Bearer,
}

/// <summary>Where an <see cref="ApiSecuritySchemeKind.ApiKey"/> scheme puts its value.</summary>
public enum ApiKeyLocation
{
    /// <summary>A request header named after the scheme's parameter.</summary>
    Header,

    /// <summary>A query parameter named after the scheme's parameter, percent-encoded.</summary>
    Query,

    /// <summary>A cookie named after the scheme's parameter, in the <c>Cookie</c> header.</summary>
    Cookie,
}

/// <summary>
/// One security scheme of an OpenAPI document, as a generated client declares it: its name in the document, how its
/// credential travels, and the setting that supplies it (for messages). Immutable.
/// </summary>
public sealed class ApiSecurityScheme
{
    private ApiSecurityScheme(string name, ApiSecuritySchemeKind kind, string? parameterName, ApiKeyLocation location, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(setting);
        Name = name;
        Kind = kind;
        ParameterName = parameterName;
        Location = location;
        Setting = setting;
    }

    /// <summary>The scheme's name in the document (its key under <c>components/securitySchemes</c>).</summary>
    public string Name { get; }

    /// <summary>How the credential is sent.</summary>
    public ApiSecuritySchemeKind Kind { get; }

    /// <summary>The header, query parameter or cookie name of an API key; <see langword="null"/> for the other kinds.</summary>
    public string? ParameterName { get; }

    /// <summary>Where an API key goes; <see cref="ApiKeyLocation.Header"/> for the other kinds (they use <c>Authorization</c>).</summary>
    public ApiKeyLocation Location { get; }

    /// <summary>The setting that supplies the credential, as messages name it (for example <c>PetsClientCredentials.ApiKey</c>).</summary>
    public string Setting { get; }

    /// <summary>An <c>apiKey</c> scheme.</summary>
    /// <param name="name">The scheme's name in the document.</param>
    /// <param name="parameterName">The header, query parameter or cookie name.</param>
    /// <param name="location">Where the key goes.</param>
    /// <param name="setting">The setting that supplies it, for messages.</param>
    /// <returns>The scheme.</returns>
    public static ApiSecurityScheme ApiKey(string name, string parameterName, ApiKeyLocation location, string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameterName);
        if (location is not (ApiKeyLocation.Header or ApiKeyLocation.Query or ApiKeyLocation.Cookie))
        {
            throw new ArgumentOutOfRangeException(nameof(location));
        }

        return new ApiSecurityScheme(name, ApiSecuritySchemeKind.ApiKey, parameterName, location, setting);
    }

    /// <summary>An <c>http</c> <c>basic</c> scheme.</summary>
    /// <param name="name">The scheme's name in the document.</param>
    /// <param name="setting">The setting that supplies the user name and password, for messages.</param>
    /// <returns>The scheme.</returns>
    public static ApiSecurityScheme Basic(string name, string setting) =>
        new(name, ApiSecuritySchemeKind.Basic, null, ApiKeyLocation.Header, setting);

    /// <summary>An <c>http</c> <c>bearer</c>, <c>oauth2</c> or <c>openIdConnect</c> scheme.</summary>
    /// <param name="name">The scheme's name in the document.</param>
    /// <param name="setting">The setting that supplies the token, for messages.</param>
    /// <returns>The scheme.</returns>
    public static ApiSecurityScheme Bearer(string name, string setting) =>
        new(name, ApiSecuritySchemeKind.Bearer, null, ApiKeyLocation.Header, setting);

    /// <summary>Describes the scheme: its name, kind and, for an API key, where it goes; never a credential.</summary>
    /// <returns>The description, for example <c>apiKey 'petKey' (header X-Api-Key)</c>.</returns>
    public override string ToString() => Kind switch
    {
        ApiSecuritySchemeKind.ApiKey => $"apiKey '{Name}' ({Location.ToString().ToLowerInvariant()} {ParameterName})",
        ApiSecuritySchemeKind.Basic => $"http basic '{Name}'",
        ApiSecuritySchemeKind.Bearer => $"bearer '{Name}'",
        _ => throw new InvalidOperationException("Unknown scheme kind."),
    };
}
