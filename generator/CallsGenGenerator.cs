using System;
using System.Linq;
using System.Text;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Emitting;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using CallsGen.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Generator;

/// <summary>
/// Generates a typed HTTP client from each OpenAPI document that a project lists as an
/// <c>AdditionalFiles</c> item with CallsGen metadata. This class is the pipeline only.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class CallsGenGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for cache tests.</summary>
    public static class Steps
    {
        public const string Input = "CallsGen.Input";
        public const string Read = "CallsGen.Read";
        public const string Spec = "CallsGen.Spec";
        public const string Diagnostics = "CallsGen.Diagnostics";
        public const string Ecosystem = "CallsGen.Ecosystem";
        public const string Conflicts = "CallsGen.Conflicts";
        public const string Overlays = "CallsGen.Overlays";
        public const string Emit = "CallsGen.Emit";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var inputs = WithOverlays(context, Documents(context));

        var results = inputs
            .Select(static (input, cancellationToken) => SpecReader.Read(input, cancellationToken))
            .WithTrackingName(Steps.Read);

        // Split so that a change that only moves diagnostics (reformatting) leaves the emitted sources cached.
        var specs = results
            .Select(static (result, _) => result.Spec)
            .WithTrackingName(Steps.Spec);
        var diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(Steps.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (production, items) =>
        {
            foreach (var item in items) production.ReportDiagnostic(ToDiagnostic(item));
        });

        var conflicts = Conflicts(specs);
        context.RegisterSourceOutput(conflicts, static (production, items) =>
        {
            foreach (var conflict in items)
            {
                production.ReportDiagnostic(Diagnostic.Create(Descriptors.DuplicateClient, Location.Create(conflict.Path, default, default), conflict.Path, conflict.KeptBy, conflict.Client));
            }
        });

        context.RegisterSourceOutput(specs.Combine(Ecosystem(context)).Combine(conflicts).WithTrackingName(Steps.Emit), static (production, input) =>
        {
            var ((spec, libraries), conflicting) = input;
            if (spec is null || conflicting.Any(c => c.Path == spec.SourcePath)) return;
            AddSources(production, spec, libraries);
        });
    }

    /// <summary>The additional files that opt in through CallsGen metadata, with their text and settings.</summary>
    private static IncrementalValuesProvider<SpecInput> Documents(IncrementalGeneratorInitializationContext context)
    {
        var project = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => new ProjectInfo(
                Property(options, "RootNamespace") ?? "CallsGen.Generated",
                Property(options, "MSBuildProjectDirectory")));

        return context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Combine(project)
            .Select(static (pair, cancellationToken) =>
            {
                var ((file, options), projectInfo) = pair;
                return ReadDocument(file, new FileMetadata(options.GetOptions(file)), projectInfo, cancellationToken);
            })
            .Where(static input => input is not null)
            .Select(static (input, _) => input!);
    }

    private static SpecInput? ReadDocument(AdditionalText file, FileMetadata metadata, ProjectInfo project, System.Threading.CancellationToken cancellationToken)
    {
        var enabled = metadata[DocumentMetadata.OptIn];
        var ns = metadata[DocumentMetadata.Namespace];
        var clientName = metadata[DocumentMetadata.ClientName];
        var optedIn = string.Equals(enabled, "true", StringComparison.OrdinalIgnoreCase) || ns is not null || clientName is not null;
        if (!optedIn || string.Equals(enabled, "false", StringComparison.OrdinalIgnoreCase)) return null;
        // A file the project lists but that is not there has no text (the compiler reports CS2001 too).
        var text = file.GetText(cancellationToken)?.ToString();
        return new SpecInput(file.Path, text, SanitizeNamespace(ns ?? project.RootNamespace), clientName, metadata[DocumentMetadata.Operations])
        {
            OverlayPaths = OverlayPaths(metadata[DocumentMetadata.Overlays], project.Directory ?? FilePaths.DirectoryOf(file.Path)),
        };
    }

    /// <summary>Each document with the overlays it lists, read from the additional files with those paths (only those are read).</summary>
    private static IncrementalValuesProvider<SpecInput> WithOverlays(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<SpecInput> documents)
    {
        var overlayPaths = documents
            .Select(static (document, _) => document.OverlayPaths)
            .Collect()
            .Select(static (lists, _) => lists.SelectMany(list => list).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToEquatableArray());
        var overlays = context.AdditionalTextsProvider
            .Combine(overlayPaths)
            .Select(static (pair, cancellationToken) =>
            {
                var (file, wanted) = pair;
                var path = FilePaths.Normalize(file.Path);
                return wanted.Contains(path) && file.GetText(cancellationToken) is { } text ? new OverlayInput(path, text.ToString()) : null;
            })
            .Where(static overlay => overlay is not null)
            .Collect()
            .WithTrackingName(Steps.Overlays);

        return documents
            .Combine(overlays)
            .Select(static (pair, _) =>
            {
                var (document, available) = pair;
                if (document.OverlayPaths.Count == 0) return document;
                var found = document.OverlayPaths.Select(path => available.FirstOrDefault(o => o!.Path == path)).Where(o => o is not null).Select(o => o!);
                return document with { Overlays = found.ToEquatableArray() };
            })
            .WithTrackingName(Steps.Input);
    }

    /// <summary>
    /// Which optional libraries the project references, read from reference names only, so a C# edit
    /// does not rerun it. Registration helpers are generated only when the libraries they need are there.
    /// </summary>
    private static IncrementalValueProvider<EcosystemSpec> Ecosystem(IncrementalGeneratorInitializationContext context) =>
        context.MetadataReferencesProvider
            .Select(static (reference, _) => System.IO.Path.GetFileNameWithoutExtension(reference.Display ?? string.Empty))
            .Collect()
            .Select(static (names, _) => new EcosystemSpec(
                names.Contains("Microsoft.Extensions.Http") && names.Contains("Microsoft.Extensions.DependencyInjection.Abstractions") && names.Contains("Microsoft.Extensions.Options"),
                names.Contains("Microsoft.Extensions.Options.ConfigurationExtensions") && names.Contains("Microsoft.Extensions.Configuration.Abstractions")
                    && names.Contains("Microsoft.Extensions.Configuration.Binder"),
                names.Contains("Microsoft.Extensions.Logging.Abstractions")))
            .WithTrackingName(Steps.Ecosystem);

    /// <summary>
    /// Two documents that would generate the same client: the one whose path sorts first keeps it, the other
    /// gets CG0011 and generates nothing (rather than duplicate types, or files that overwrite each other).
    /// </summary>
    private static IncrementalValueProvider<EquatableArray<ClientConflict>> Conflicts(IncrementalValuesProvider<ApiSpec?> specs) =>
        specs
            .Select(static (spec, _) => spec is null ? null : new ClientConflict(spec.SourcePath, string.Empty, spec.Namespace + "." + spec.ClientName))
            .Collect()
            .Select(static (claims, _) => FindConflicts(claims))
            .WithTrackingName(Steps.Conflicts);

    private static void AddSources(SourceProductionContext production, ApiSpec spec, EcosystemSpec libraries)
    {
        try
        {
            foreach (var (hintName, source) in Emitter.Emit(spec, libraries))
            {
                production.CancellationToken.ThrowIfCancellationRequested();
                production.AddSource(hintName, SourceText.From(source, Encoding.UTF8));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            production.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, Location.Create(spec.SourcePath, default, default), spec.ClientName, exception.GetType().Name + ": " + exception.Message));
        }
    }

    /// <summary>A file's CallsGen metadata as MSBuild passed it; the task percent-encodes values that would not survive .editorconfig.</summary>
    private readonly struct FileMetadata
    {
        private readonly AnalyzerConfigOptions _options;
        private readonly bool _encoded;

        public FileMetadata(AnalyzerConfigOptions options)
        {
            _options = options;
            _encoded = options.TryGetValue(MetadataKey(DocumentMetadata.Encoding), out var encoding) && encoding.Trim() == DocumentMetadata.PercentEncoded;
        }

        /// <summary>The trimmed value, or null when it is absent or blank.</summary>
        public string? this[string name]
        {
            get
            {
                if (!_options.TryGetValue(MetadataKey(name), out var value)) return null;
                value = (_encoded ? DocumentMetadata.Decode(value) : value).Trim();
                return value.Length > 0 ? value : null;
            }
        }
    }

    private static EquatableArray<ClientConflict> FindConflicts(System.Collections.Immutable.ImmutableArray<ClientConflict?> claims)
    {
        var keptBy = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = new System.Collections.Generic.List<ClientConflict>();
        foreach (var claim in claims.Where(c => c is not null).OrderBy(c => c!.Path, StringComparer.Ordinal))
        {
            if (keptBy.TryGetValue(claim!.Client, out var first)) conflicts.Add(claim with { KeptBy = first });
            else keptBy[claim.Client] = claim.Path;
        }
        return conflicts.ToEquatableArray();
    }

    private static string MetadataKey(string name) => "build_metadata.AdditionalFiles." + name;

    private static string? Property(AnalyzerConfigOptionsProvider options, string name) =>
        options.GlobalOptions.TryGetValue("build_property." + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

    /// <summary>The overlay paths a document lists, made full (relative ones against <paramref name="baseDirectory"/>) and normalized.</summary>
    private static EquatableArray<string> OverlayPaths(string? listed, string baseDirectory)
    {
        if (listed is null) return EquatableArray<string>.Empty;
        return DocumentMetadata.SplitList(listed, out _).Select(entry => FilePaths.Normalize(FilePaths.Combine(baseDirectory, entry))).ToEquatableArray();
    }

    private static string SanitizeNamespace(string ns) =>
        string.Join(".", ns.Split('.').Where(part => part.Length > 0).Select(part => Identifiers.ToPascalCase(part)));

    private static Diagnostic ToDiagnostic(DiagnosticInfo info)
    {
        var descriptor = Descriptors.Find(info.Id) ?? Descriptors.InternalError;
        var span = new LinePositionSpan(new LinePosition(info.StartLine, info.StartColumn), new LinePosition(info.EndLine, info.EndColumn));
        var location = Location.Create(info.FilePath, default, span);
        return Diagnostic.Create(descriptor, location, info.MessageArgs.Cast<object>().ToArray());
    }
}
