// Problems found while reading or applying an overlay, as plain data: what kind, how serious, a
// message for a person, and the JSON pointer into the overlay document where it sits, so a caller
// can turn each into a located diagnostic (see Reading/SourceLocator) without this code knowing Roslyn.

namespace CallsGen.Generator.Overlays;

/// <summary>What went wrong; the caller may map each kind to its own diagnostic.</summary>
internal enum OverlayProblemKind
{
    /// <summary>The overlay document is not shaped as the specification requires (wrong type, missing required field).</summary>
    Malformed,

    /// <summary>The <c>overlay</c> field names a version other than 1.0.x or 1.1.x.</summary>
    UnsupportedVersion,

    /// <summary>A field the specification does not define and that does not start with <c>x-</c>.</summary>
    UnknownField,

    /// <summary>A <c>target</c> or <c>copy</c> that is not a valid RFC 9535 JSONPath query.</summary>
    InvalidTarget,

    /// <summary>An action whose fields contradict each other or that cannot be carried out (e.g. removing the root).</summary>
    InvalidAction,

    /// <summary>A target that selects no node; the action is skipped, the others go on.</summary>
    TargetMatchesNothing,

    /// <summary>An update (or copied value) whose shape cannot be merged with a selected node.</summary>
    IncompatibleUpdate,

    /// <summary>A <c>copy</c> query that does not select exactly one node.</summary>
    InvalidCopySource,

    /// <summary>A query or action that would select, visit or write more than the engine allows.</summary>
    LimitExceeded,
}

/// <summary>How serious a problem is, as a hint to the caller.</summary>
internal enum OverlaySeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem. <see cref="Pointer"/> is a JSON pointer into the overlay document ("" is its root,
/// "/actions/2/target" the third action's target); for a missing field it is the object that lacks it.
/// </summary>
internal sealed record OverlayProblem(OverlayProblemKind Kind, OverlaySeverity Severity, string Message, string Pointer)
{
    public override string ToString() => Severity + " " + Kind + " at '" + Pointer + "': " + Message;
}
