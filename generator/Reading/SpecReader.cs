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
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Turns one OpenAPI document (2.0, 3.0 or 3.1; JSON or YAML) into an <see cref="ApiSpec"/> and
/// diagnostics. The only code that touches Microsoft.OpenApi. Never throws except for cancellation:
/// anything unexpected becomes a diagnostic.
/// </summary>
internal sealed partial class SpecReader
{
    private static readonly Regex PointerInMessage = new(@"#/[^\s'""]*", RegexOptions.CultureInvariant);

    private static readonly Regex UnknownProperty = new(@"^(\S+) is not a valid property at (#/\S*)$", RegexOptions.CultureInvariant);

    private readonly SpecInput _input;
    private readonly CancellationToken _cancellationToken;
    private readonly List<(string Id, string[] Args, string? Pointer, SourceSpan? Span)> _pending = new();
    private readonly SourceLocator _locator;

    private SpecReader(SpecInput input, CancellationToken cancellationToken)
    {
        _input = input;
        _cancellationToken = cancellationToken;
        _locator = new SourceLocator(input.Text ?? string.Empty);
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
            ReportAt(Descriptors.UnreadableDocument, failure!.Line, failure.Column, _input.Path, failure.Message);
            return null;
        }

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
            pointer = pointer.TrimEnd('/') + "/" + unknown.Groups[1].Value.Replace("~", "~0").Replace("/", "~1");
        }
        return pointer;
    }

    internal void Report(DiagnosticDescriptor descriptor, string? pointer, params string[] args) =>
        _pending.Add((descriptor.Id, args, pointer, null));

    /// <summary>Reports at a known zero-based line and column of the document, for problems found before there is a tree to point into.</summary>
    private void ReportAt(DiagnosticDescriptor descriptor, int line, int column, params string[] args) =>
        _pending.Add((descriptor.Id, args, null, new SourceSpan(line, column, line, column + 1)));

    private EquatableArray<DiagnosticInfo> LocatedDiagnostics()
    {
        if (_pending.Count == 0) return EquatableArray<DiagnosticInfo>.Empty;
        var pointers = _pending.Where(d => d.Pointer is not null).Select(d => d.Pointer!).Distinct().ToList();
        var spans = pointers.Count > 0 ? _locator.LocateAll(pointers) : new Dictionary<string, SourceSpan>();
        return _pending.Select(d =>
        {
            var span = d.Span ?? (d.Pointer is not null && spans.TryGetValue(d.Pointer, out var found) ? found : default);
            return new DiagnosticInfo(d.Id, d.Args.ToEquatableArray(), _input.Path, span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);
        }).ToEquatableArray();
    }

    internal CancellationToken CancellationToken => _cancellationToken;

    internal SpecInput Input => _input;
}
