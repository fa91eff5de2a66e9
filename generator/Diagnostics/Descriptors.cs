using Microsoft.CodeAnalysis;

namespace CallsGen.Generator.Diagnostics;

/// <summary>Every diagnostic CallsGen reports. IDs are stable; the README lists them.</summary>
internal static class Descriptors
{
    private const string Category = "CallsGen";

    public static readonly DiagnosticDescriptor UnreadableDocument = new(
        "CG0001", "OpenAPI document cannot be read",
        "The OpenAPI document '{0}' cannot be read: {1}", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor ReaderFinding = new(
        "CG0002", "OpenAPI reader finding",
        "The OpenAPI reader reports: {0}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor NoOperations = new(
        "CG0003", "No operations to generate",
        "No operations were generated from '{0}': {1}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor OperationSkipped = new(
        "CG0004", "Operation skipped",
        "The operation {0} was not generated: {1}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor UnknownOperationSelector = new(
        "CG0005", "Operation selector matches nothing",
        "CallsGenOperations names '{0}', which matches no operation in the document", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor UnsupportedSecurity = new(
        "CG0006", "Security scheme not applied",
        "{0} (and any other operation using it) requires security scheme '{1}', which the generated client does not apply: {2}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor LegacySeparator = new(
        "CG0007", "CallsGenOperations separated by ';'",
        "CallsGenOperations separates its entries with ';', which is read here, but ',' is the separator: ';' starts a comment in the .editorconfig file that carries item metadata to the compiler, so the list is cut short wherever CallsGen's build step does not carry it; write '{0}'", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor DocumentNotFound = new(
        "CG0008", "OpenAPI document not found",
        "The file '{0}', listed as an AdditionalFiles item with CallsGen metadata, does not exist or cannot be read; check the item's Include path, which is relative to the project file", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor UnknownMetadata = new(
        "CG0009", "Unknown CallsGen metadata",
        "The AdditionalFiles item '{0}' has the metadata '{1}', which CallsGen does not read; did you mean '{2}'?", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor JsonFallback = new(
        "CG0010", "Schema construct kept as raw JSON",
        "{0} is kept as JsonElement: {1}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor DuplicateClient = new(
        "CG0011", "Two documents generate the same client",
        "'{0}' and '{1}' both generate {2}; give one of them another CallsGenClientName or CallsGenNamespace", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor AmbiguousUnion = new(
        "CG0012", "Union variants cannot be told apart",
        "The document gives no way to tell some variants of {0} apart: {1}. Such values are kept raw and Is…/TryGet… answer false for them ({2} read one with a variant's shape anyway). {3}.", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor UnreadableOverlay = new(
        "CG0020", "Overlay cannot be read",
        "The overlay '{0}' cannot be used and was not applied: {1}", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor OverlayTargetMatchesNothing = new(
        "CG0021", "Overlay action matches nothing",
        "{0}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor OverlayActionFailed = new(
        "CG0022", "Overlay action cannot be applied",
        "{0}", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor OverlayFinding = new(
        "CG0023", "Overlay finding",
        "{0}", Category, DiagnosticSeverity.Warning, true);

    public static readonly DiagnosticDescriptor OverlayNotFound = new(
        "CG0024", "Overlay not found",
        "The overlay '{0}', listed in CallsGenOverlays of '{1}', is not among the project's files; check the path, which is relative to the project file", Category, DiagnosticSeverity.Error, true);

    public static readonly DiagnosticDescriptor InternalError = new(
        "CG9999", "CallsGen failed",
        "CallsGen failed on '{0}' and generated nothing for it: {1}", Category, DiagnosticSeverity.Error, true);

    public static DiagnosticDescriptor? Find(string id) => id switch
    {
        "CG0001" => UnreadableDocument,
        "CG0002" => ReaderFinding,
        "CG0003" => NoOperations,
        "CG0004" => OperationSkipped,
        "CG0005" => UnknownOperationSelector,
        "CG0006" => UnsupportedSecurity,
        "CG0007" => LegacySeparator,
        "CG0008" => DocumentNotFound,
        "CG0009" => UnknownMetadata,
        "CG0011" => DuplicateClient,
        "CG0012" => AmbiguousUnion,
        "CG0020" => UnreadableOverlay,
        "CG0021" => OverlayTargetMatchesNothing,
        "CG0022" => OverlayActionFailed,
        "CG0023" => OverlayFinding,
        "CG0024" => OverlayNotFound,
        "CG0010" => JsonFallback,
        "CG9999" => InternalError,
        _ => null,
    };
}
