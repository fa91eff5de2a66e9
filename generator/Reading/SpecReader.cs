using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using CallsGen.Generator.Overlays;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Turns one OpenAPI document (2.0, 3.0 or 3.1; JSON or YAML) into an <see cref="ApiSpec"/> and
/// diagnostics. The only code that touches Microsoft.OpenApi. Never throws except for cancellation:
/// anything unexpected becomes a diagnostic.
/// </summary>
internal sealed class SpecReader
{
    private static readonly Regex PointerInMessage = new(@"#/[^\s'""]*", RegexOptions.CultureInvariant);

    private static readonly Regex UnknownProperty = new(@"^(\S+) is not a valid property at (#/\S*)$", RegexOptions.CultureInvariant);

    private readonly SpecInput _input;
    private readonly CancellationToken _cancellationToken;
    // Each diagnostic with the file it is about (null: the document) and either a JSON pointer into that file or a known span.
    private readonly List<(string Id, string[] Args, string? Pointer, SourceSpan? Span, OverlayInput? File)> _pending = new();

    private SpecReader(SpecInput input, CancellationToken cancellationToken)
    {
        _input = input;
        _cancellationToken = cancellationToken;
    }

    public static SpecReadResult Read(SpecInput input, CancellationToken cancellationToken)
    {
        var reader = new SpecReader(input, cancellationToken);
        ApiSpec? spec;
        try
        {
            spec = reader.ReadDocument();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            spec = null;
            reader.Report(Descriptors.InternalError, null, input.Path, exception.GetType().Name + ": " + exception.Message);
        }
        return new SpecReadResult(spec, reader.LocatedDiagnostics());
    }

    private ApiSpec? ReadDocument()
    {
        if (_input.Text is not { } text)
        {
            Report(Descriptors.DocumentNotFound, null, _input.Path);
            return null;
        }
        var root = DocumentParser.Parse(text, DocumentParser.FormatOf(_input.Path, text), out var failure, _cancellationToken);
        if (root is null)
        {
            ReportAt(Descriptors.UnreadableDocument, null, failure!.Line, failure.Column, _input.Path, failure.Message);
            return null;
        }
        root = ApplyOverlays(root);

        var settings = new OpenApiReaderSettings();
        Microsoft.OpenApi.Reader.ReadResult result;
        try
        {
            result = new OpenApiJsonReader().Read(root, DocumentLocation, settings);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Report(Descriptors.UnreadableDocument, null, _input.Path, exception.Message);
            return null;
        }
        _cancellationToken.ThrowIfCancellationRequested();

        var document = result.Document;
        var errors = result.Diagnostic?.Errors ?? new List<OpenApiError>();
        if (document is null || document.Paths is null && document.Components is null)
        {
            var reason = errors.Count > 0 ? string.Join("; ", errors.Take(3).Select(e => e.Message)) : "it is not an OpenAPI document";
            Report(Descriptors.UnreadableDocument, errors.Select(e => PointerOf(e)).FirstOrDefault(p => p is not null), _input.Path, reason);
            return null;
        }

        foreach (var error in errors)
        {
            Report(Descriptors.ReaderFinding, PointerOf(error), error.Message);
        }
        foreach (var warning in result.Diagnostic?.Warnings ?? new List<OpenApiError>())
        {
            Report(Descriptors.ReaderFinding, PointerOf(warning), warning.Message);
        }

        var model = new ModelBuilder(this, document);
        return model.Build();
    }

    // The reader resolves nothing outside the document (external references are not loaded), so any base address does.
    private static readonly Uri DocumentLocation = new("https://openapi.invalid/document");

    private static string? PointerOf(OpenApiError error)
    {
        var pointer = error.Pointer;
        if (string.IsNullOrEmpty(pointer))
        {
            var match = PointerInMessage.Match(error.Message ?? "");
            pointer = match.Success ? match.Value : null;
        }
        // "x is not a valid property at #/a/b" is about the key x inside #/a/b: point at the key itself
        // (the locator falls back to #/a/b when the key cannot be found).
        var unknown = UnknownProperty.Match(error.Message ?? "");
        if (pointer is not null && unknown.Success && unknown.Groups[2].Value == pointer)
        {
            pointer = JsonPointer.Append(pointer.TrimEnd('/'), unknown.Groups[1].Value);
        }
        return pointer;
    }

    internal void Report(DiagnosticDescriptor descriptor, string? pointer, params string[] args) =>
        _pending.Add((descriptor.Id, args, pointer, null, null));

    /// <summary>Reports at a JSON pointer into an overlay file.</summary>
    private void ReportIn(OverlayInput file, DiagnosticDescriptor descriptor, string pointer, params string[] args) =>
        _pending.Add((descriptor.Id, args, pointer.Length == 0 ? "#" : "#" + pointer, null, file));

    /// <summary>Reports at a known zero-based line and column of the document (or an overlay), for problems found before there is a tree to point into.</summary>
    private void ReportAt(DiagnosticDescriptor descriptor, OverlayInput? file, int line, int column, params string[] args) =>
        _pending.Add((descriptor.Id, args, null, new SourceSpan(line, column, line, column + 1), file));

    private EquatableArray<DiagnosticInfo> LocatedDiagnostics()
    {
        if (_pending.Count == 0) return EquatableArray<DiagnosticInfo>.Empty;
        // One walk per file over the pointers reported into it.
        var spans = new Dictionary<string, Dictionary<string, SourceSpan>>(StringComparer.Ordinal);
        foreach (var group in _pending.Where(d => d.Pointer is not null).GroupBy(d => d.File?.Path ?? _input.Path, StringComparer.Ordinal))
        {
            var text = group.First().File?.Text ?? _input.Text ?? string.Empty;
            spans[group.Key] = new SourceLocator(text).LocateAll(group.Select(d => d.Pointer!).Distinct().ToList());
        }
        return _pending.Select(d =>
        {
            var path = d.File?.Path ?? _input.Path;
            var span = d.Span ?? (d.Pointer is not null && spans.TryGetValue(path, out var found) && found.TryGetValue(d.Pointer, out var at) ? at : default);
            return new DiagnosticInfo(d.Id, d.Args.ToEquatableArray(), path, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
        }).ToEquatableArray();
    }

    /// <summary>
    /// Applies the document's overlays in order to its tree. An overlay that cannot be read is skipped (CG0020); an
    /// action that cannot be carried out is skipped (CG0022); one whose target matches nothing is reported (CG0021):
    /// every problem is located in the overlay file.
    /// </summary>
    private JsonNode ApplyOverlays(JsonNode root)
    {
        var available = new HashSet<string>(_input.Overlays.Select(o => o.Path), StringComparer.Ordinal);
        foreach (var missing in _input.OverlayPaths.Where(p => !available.Contains(p)))
        {
            Report(Descriptors.OverlayNotFound, null, missing, _input.Path);
        }
        foreach (var overlay in _input.Overlays)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var tree = DocumentParser.Parse(overlay.Text, DocumentParser.FormatOf(overlay.Path, overlay.Text), out var failure, _cancellationToken);
            if (tree is null)
            {
                ReportAt(Descriptors.UnreadableOverlay, overlay, failure!.Line, failure.Column, overlay.Path, failure.Message);
                continue;
            }
            var problems = new List<OverlayProblem>();
            var model = OverlayDocument.Read(tree, problems);
            if (model is not null) root = OverlayApplier.Apply(root, model, problems) ?? root;
            foreach (var problem in problems)
            {
                var descriptor = problem.Kind switch
                {
                    OverlayProblemKind.TargetMatchesNothing => Descriptors.OverlayTargetMatchesNothing,
                    _ when model is null => Descriptors.UnreadableOverlay,
                    _ when problem.Severity == OverlaySeverity.Error => Descriptors.OverlayActionFailed,
                    _ => Descriptors.OverlayFinding,
                };
                if (descriptor == Descriptors.UnreadableOverlay) ReportIn(overlay, descriptor, problem.Pointer, overlay.Path, problem.Message);
                else ReportIn(overlay, descriptor, problem.Pointer, problem.Message);
            }
        }
        return root;
    }

    internal CancellationToken CancellationToken => _cancellationToken;

    internal SpecInput Input => _input;
}
