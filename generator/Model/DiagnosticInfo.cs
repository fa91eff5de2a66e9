namespace CallsGen.Generator.Model;

/// <summary>
/// A diagnostic as data: the descriptor's ID, message arguments and a location made of a file path
/// and line/column positions (zero-based), so it can live in the pipeline and compare by value.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    EquatableArray<string> MessageArgs,
    string FilePath,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn);

/// <summary>The result of reading one document: the spec to emit (null when unusable) and what was found on the way.</summary>
internal sealed record SpecReadResult(ApiSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// One opted-in document with its options; <see cref="Text"/> is null when the file cannot be read.
/// <see cref="OverlayPaths"/> are the overlays it lists (normalized full paths, in order) and
/// <see cref="Overlays"/> those the compiler has, with their text. Compares by value (the texts included).
/// </summary>
internal sealed record SpecInput(string Path, string? Text, string Namespace, string? ClientName, string? Operations)
{
    public EquatableArray<string> OverlayPaths { get; init; } = EquatableArray<string>.Empty;

    public EquatableArray<OverlayInput> Overlays { get; init; } = EquatableArray<OverlayInput>.Empty;
}

/// <summary>An overlay file: its normalized full path and its text. Compares by value.</summary>
internal sealed record OverlayInput(string Path, string Text);

/// <summary>The project's root namespace and directory, from its build properties. Compares by value.</summary>
internal sealed record ProjectInfo(string RootNamespace, string? Directory);
