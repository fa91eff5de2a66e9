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

/// <summary>One opted-in document with its options; <see cref="Text"/> is null when the file cannot be read. Compares by value (the text included).</summary>
internal sealed record SpecInput(string Path, string? Text, string Namespace, string? ClientName, string? Operations);
