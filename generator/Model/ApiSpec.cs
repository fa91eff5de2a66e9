namespace CallsGen.Generator.Model;

// Every record in this folder is pipeline state: it holds only strings, numbers, enums and
// EquatableArrays of other model records, and compares by value. It never holds a Roslyn symbol,
// syntax node, Location, Compilation or AdditionalText, so unchanged input compares equal on a rerun.

/// <summary>What one OpenAPI document (at <see cref="SourcePath"/>) asks the emitter to write. Compares by value.</summary>
internal sealed record ApiSpec(
    string SourcePath,
    string Namespace,
    string ClientName,
    string? Title,
    string DefaultServer,
    EquatableArray<OperationSpec> Operations,
    EquatableArray<TypeSpec> Types)
{
    /// <summary>The schemes and credentials class, or null when the document's only scheme is a bearer token (ApiKey).</summary>
    public SecuritySpec? Security { get; init; }
}

/// <summary>
/// One generated client method. <see cref="RequestTypeName"/> names the record that carries the
/// query and header parameters (null when there are none); <see cref="Body"/> is the preferred request
/// body (JSON when offered) and <see cref="OtherBodies"/> the other media types, each its own method;
/// <see cref="ResponseType"/> is the JSON success body's type (null when it has none or is not one JSON
/// document); <see cref="Response"/> says how the response is read. Compares by value.
/// </summary>
internal sealed record OperationSpec(
    string MethodName,
    string HttpMethod,
    string PathTemplate,
    string? Tag,
    string? Summary,
    string? Description,
    bool Deprecated,
    bool RequiresAuthentication,
    string? RequestTypeName,
    EquatableArray<ParameterSpec> Parameters,
    BodySpec? Body,
    TypeRef? ResponseType,
    string? StreamMethodName,
    PagingSpec? Paging,
    EquatableArray<BodySpec> OtherBodies = default,
    ResponseSpec? Response = null)
{
    /// <summary>How the response is read: <see cref="Response"/>, else the JSON of <see cref="ResponseType"/> or nothing.</summary>
    public ResponseSpec Reading => Response ?? (ResponseType is null ? ResponseSpec.None : ResponseSpec.Json);

    /// <summary>The credentials the operation sends, when the document has a <see cref="ApiSpec.Security"/>; else null.</summary>
    public SecurityRequirementSpec? Security { get; init; }
}

/// <summary>
/// How to walk every page of a list operation that has no cursor: the item's timestamp and id
/// properties, the query parameter bounding that timestamp from above (inclusive or not), and the
/// limit parameter with its default and largest page sizes. Compares by value.
/// </summary>
internal sealed record PagingSpec(
    string MethodName,
    string TimestampProperty,
    string IdProperty,
    string BoundParameter,
    bool BoundInclusive,
    string LimitParameter,
    int DefaultPageSize,
    int MaxPageSize);

/// <summary>Where a parameter goes on the wire.</summary>
internal enum ParameterLocation
{
    Path,
    Query,
    Header,
    Cookie,
}

/// <summary>One operation parameter. Compares by value.</summary>
internal sealed record ParameterSpec(
    string WireName,
    string Name,
    ParameterLocation Location,
    TypeRef Type,
    bool Required,
    string? Description,
    bool Deprecated,
    string? Minimum,
    string? Maximum,
    bool ExclusiveMinimum,
    bool ExclusiveMaximum,
    ParameterEncoding? Encoding = null)
{
    /// <summary>How the parameter is written: as the document says, else its location's default.</summary>
    public ParameterEncoding Serialization => Encoding ?? ParameterEncoding.DefaultFor(Location);
}

/// <summary>
/// A document that generates the same client (namespace and name) as another, <see cref="KeptBy"/>, which sorts
/// first by path and keeps it: nothing is generated from <see cref="Path"/>. Compares by value.
/// </summary>
internal sealed record ClientConflict(string Path, string KeptBy, string Client);

/// <summary>
/// The optional libraries the consuming project references: dependency injection with the HTTP client
/// factory, configuration binding of options, and logging (the registration routes the client's events
/// to ILogger). Compares by value.
/// </summary>
internal sealed record EcosystemSpec(bool DependencyInjection, bool ConfigurationBinding, bool Logging = false)
{
    public static readonly EcosystemSpec None = new(false, false);
}
