using System;
using System.Linq;
using System.Text;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Emitting;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using CallsGen.Generator.Reading;
using Microsoft.CodeAnalysis;
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
        public const string Emit = "CallsGen.Emit";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var rootNamespace = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var value) && value.Trim().Length > 0 ? value.Trim() : "CallsGen.Generated");

        var inputs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Combine(rootNamespace)
            .Select(static (pair, cancellationToken) =>
            {
                var ((file, options), defaultNamespace) = pair;
                var fileOptions = options.GetOptions(file);
                string? Metadata(string name) =>
                    fileOptions.TryGetValue("build_metadata.AdditionalFiles." + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;

                var enabled = Metadata("CallsGen");
                var ns = Metadata("CallsGenNamespace");
                var clientName = Metadata("CallsGenClientName");
                var optedIn = string.Equals(enabled, "true", StringComparison.OrdinalIgnoreCase) || ns is not null || clientName is not null;
                if (!optedIn || string.Equals(enabled, "false", StringComparison.OrdinalIgnoreCase)) return null;
                var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
                return new SpecInput(file.Path, text, SanitizeNamespace(ns ?? defaultNamespace), clientName, Metadata("CallsGenOperations"));
            })
            .Where(static input => input is not null)
            .Select(static (input, _) => input!)
            .WithTrackingName(Steps.Input);

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

        // Which optional libraries the project references, read from reference names only, so a C# edit
        // does not rerun it. Registration helpers are generated only when the libraries they need are there.
        var ecosystem = context.MetadataReferencesProvider
            .Select(static (reference, _) => System.IO.Path.GetFileNameWithoutExtension(reference.Display ?? string.Empty))
            .Collect()
            .Select(static (names, _) => new EcosystemSpec(
                names.Contains("Microsoft.Extensions.Http") && names.Contains("Microsoft.Extensions.DependencyInjection.Abstractions") && names.Contains("Microsoft.Extensions.Options"),
                names.Contains("Microsoft.Extensions.Options.ConfigurationExtensions") && names.Contains("Microsoft.Extensions.Configuration.Abstractions")
                    && names.Contains("Microsoft.Extensions.Configuration.Binder")))
            .WithTrackingName(Steps.Ecosystem);

        context.RegisterSourceOutput(specs.Combine(ecosystem).WithTrackingName(Steps.Emit), static (production, pair) =>
        {
            var (spec, libraries) = pair;
            if (spec is null) return;
            try
            {
                foreach (var (hintName, source) in Emitter.Emit(spec, libraries))
                {
                    production.CancellationToken.ThrowIfCancellationRequested();
                    production.AddSource(spec.Namespace + "." + hintName, SourceText.From(source, Encoding.UTF8));
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                production.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, Location.None, spec.ClientName, exception.GetType().Name + ": " + exception.Message));
            }
        });
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
