namespace CallsGen.Generator.Model;

/// <summary>An OpenAPI parameter style (RFC 6570 expansions and the query styles OpenAPI adds).</summary>
internal enum ParameterStyle
{
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// <summary>
/// How a parameter is written on the wire: its <see cref="Style"/> and <see cref="Explode"/>, whether a query value keeps
/// reserved characters (<see cref="AllowReserved"/>), and whether it is described by <c>content: application/json</c>
/// (<see cref="Json"/>: the value's JSON text, percent-encoded where it goes into the URL). Compares by value.
/// </summary>
internal sealed record ParameterEncoding(ParameterStyle Style, bool Explode, bool AllowReserved, bool Json)
{
    /// <summary>OpenAPI's defaults: simple for path and header, form (exploded) for query and cookie.</summary>
    public static ParameterEncoding DefaultFor(ParameterLocation location) => location switch
    {
        ParameterLocation.Path or ParameterLocation.Header => new ParameterEncoding(ParameterStyle.Simple, false, false, false),
        ParameterLocation.Query or ParameterLocation.Cookie => new ParameterEncoding(ParameterStyle.Form, true, false, false),
    };
}
