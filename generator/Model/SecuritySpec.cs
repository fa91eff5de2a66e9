namespace CallsGen.Generator.Model;

/// <summary>How a security scheme's credential travels (OpenAPI's oauth2 and openIdConnect are sent as bearer tokens).</summary>
internal enum SecurityKind
{
    ApiKey,
    Basic,
    Bearer,
}

/// <summary>Where an API key goes.</summary>
internal enum ApiKeyPlace
{
    Header,
    Query,
    Cookie,
}

/// <summary>
/// The security of a document whose schemes are not just one bearer token: the generated credentials class and the
/// schemes it has a property for, in document order. Compares by value.
/// </summary>
internal sealed record SecuritySpec(string CredentialsClassName, EquatableArray<SecuritySchemeSpec> Schemes);

/// <summary>
/// One security scheme the client sends: its name in the document, the credentials property (and, for a bearer token,
/// the token provider property) that supplies it, how it travels, and what the document says of it. Compares by value.
/// </summary>
internal sealed record SecuritySchemeSpec(
    string Name,
    string PropertyName,
    string? ProviderPropertyName,
    SecurityKind Kind,
    string? ParameterName,
    ApiKeyPlace Place,
    string DocumentType,
    string? Description);

/// <summary>One alternative of an operation's security: the schemes (by name) sent together. Compares by value.</summary>
internal sealed record SecurityAlternativeSpec(EquatableArray<string> Schemes);

/// <summary>
/// An operation's security: its alternatives in the document's order, and whether it may be called without credentials
/// (an empty requirement). Compares by value.
/// </summary>
internal sealed record SecurityRequirementSpec(bool Optional, EquatableArray<SecurityAlternativeSpec> Alternatives);
