using System;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// The credential configured for one security scheme, named by the scheme's name in the document: an API key's whole value,
/// a user name and password, or a bearer token (fixed, or from a provider). Made by a generated credentials class (see
/// <see cref="ApiCredentials"/>); immutable, and its <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class ApiCredential
{
    private ApiCredential(string scheme, ApiSecuritySchemeKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        Scheme = scheme;
        Kind = kind;
    }

    /// <summary>The name of the scheme in the document.</summary>
    public string Scheme { get; }

    /// <summary>The kind of credential.</summary>
    public ApiSecuritySchemeKind Kind { get; }

    /// <summary>An API key's value or a fixed bearer token.</summary>
    internal string? Value { get; private init; }

    /// <summary>A user name and password.</summary>
    internal BasicCredentials? Basic { get; private init; }

    /// <summary>Supplies a bearer token for each call.</summary>
    internal Func<CancellationToken, ValueTask<string>>? TokenProvider { get; private init; }

    /// <summary>An API key, sent exactly as given (for example <c>Bot abc…</c> or <c>Bearer abc…</c> for a header).</summary>
    /// <param name="scheme">The name of the scheme in the document.</param>
    /// <param name="value">The value; <see langword="null"/>, empty or white space means none is configured.</param>
    /// <returns>The credential, or <see langword="null"/> when there is no value.</returns>
    public static ApiCredential? FromApiKey(string scheme, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new ApiCredential(scheme, ApiSecuritySchemeKind.ApiKey) { Value = value };

    /// <summary>A user name and password for http basic authentication.</summary>
    /// <param name="scheme">The name of the scheme in the document.</param>
    /// <param name="credentials">The user name and password; <see langword="null"/> means none are configured.</param>
    /// <returns>The credential, or <see langword="null"/> when there are none.</returns>
    public static ApiCredential? FromBasic(string scheme, BasicCredentials? credentials) =>
        credentials is null ? null : new ApiCredential(scheme, ApiSecuritySchemeKind.Basic) { Basic = credentials };

    /// <summary>A bearer token: from <paramref name="provider"/> when it is set (called once per call), else <paramref name="token"/>.</summary>
    /// <param name="scheme">The name of the scheme in the document.</param>
    /// <param name="token">A fixed token; <see langword="null"/>, empty or white space means none.</param>
    /// <param name="provider">Supplies the token for each call; <see langword="null"/> for none.</param>
    /// <returns>The credential, or <see langword="null"/> when neither is set.</returns>
    public static ApiCredential? FromBearer(string scheme, string? token, Func<CancellationToken, ValueTask<string>>? provider) =>
        provider is null && string.IsNullOrWhiteSpace(token)
            ? null
            : new ApiCredential(scheme, ApiSecuritySchemeKind.Bearer) { Value = provider is null ? token : null, TokenProvider = provider };

    /// <summary>Describes the credential without its secret, for example <c>'petKey' = [REDACTED]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        "'" + Scheme + "' = " + (TokenProvider is not null ? "(token provider)" : Basic is not null ? Basic.ToString() : Redaction.Marker);
}

/// <summary>
/// A user name and password for http basic authentication, sent as <c>Authorization: Basic</c> and the Base64 of the UTF-8
/// bytes of <c>user:password</c>. <see cref="ToString"/> shows the user name only.
/// </summary>
public sealed class BasicCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="userName">The user name; it must not contain ':' (the separator).</param>
    /// <param name="password">The password; may be empty.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public BasicCredentials(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        UserName = userName;
        Password = password;
    }

    /// <summary>The user name.</summary>
    public string UserName { get; }

    /// <summary>The password.</summary>
    public string Password { get; }

    /// <summary>Describes the credentials: the user name, never the password.</summary>
    /// <returns>The description, for example <c>BasicCredentials { UserName = ada, Password = [REDACTED] }</c>.</returns>
    public override string ToString() => "BasicCredentials { UserName = " + UserName + ", Password = " + Redaction.Marker + " }";
}
