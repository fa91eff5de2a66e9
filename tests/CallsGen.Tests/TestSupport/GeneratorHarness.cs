using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using CallsGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Tests.TestSupport;

/// <summary>Runs the generator in-process over documents, the way the compiler does, and compiles its output.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .ToList();
        paths.Add(typeof(CallsGen.Runtime.ApiConnection).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.CSharp12);

    /// <summary>The Microsoft.Extensions assemblies the test host has, for runs that model a project referencing them.</summary>
    public static ImmutableArray<MetadataReference> ExtensionsReferences(params string[] assemblyNames) =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => assemblyNames.Contains(Path.GetFileNameWithoutExtension(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();

    public static GeneratorRun Run(IEnumerable<SpecFile> specs, string? userCode = null, GeneratorDriver? driver = null, IEnumerable<MetadataReference>? extraReferences = null)
    {
        var files = specs.ToList();
        var compilation = CreateCompilation(userCode ?? "namespace Consumer { internal static class Placeholder { } }");
        if (extraReferences is not null) compilation = compilation.AddReferences(extraReferences);
        driver ??= CreateDriver(files);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(driver, driver.GetRunResult(), output, generatorDiagnostics);
    }

    public static GeneratorRun Run(SpecFile spec) => Run(new[] { spec });

    public static GeneratorDriver CreateDriver(IReadOnlyList<SpecFile> files) =>
        CSharpGeneratorDriver.Create(
            new[] { new CallsGenGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Missing ? null : f.Text)),
            ParseOptions,
            new OptionsProvider(files),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation CreateCompilation(string userCode) =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(userCode, ParseOptions) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true));

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText? _text;

        public InMemoryAdditionalText(string path, string? text)
        {
            Path = path;
            _text = text is null ? null : SourceText.From(text);
        }

        public override string Path { get; }

        // The compiler gives no text for a listed file that does not exist.
        public override SourceText? GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, Options> _byPath;

        public OptionsProvider(IEnumerable<SpecFile> files)
        {
            _byPath = files.ToDictionary(f => f.Path, f => new Options(f.Metadata.ToDictionary(m => "build_metadata.AdditionalFiles." + m.Key, m => m.Value)));
        }

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            _byPath.TryGetValue(textFile.Path, out var options) ? options : new Options(new Dictionary<string, string>());
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>One document given to the generator, with its AdditionalFiles metadata.</summary>
internal sealed record SpecFile(string Path, string Text, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The file is listed but does not exist: the compiler gives the generator no text for it.</summary>
    public bool Missing { get; init; }

    public static SpecFile Create(string path, string text, string ns = "Generated", string? clientName = null, string? operations = null)
    {
        var metadata = new Dictionary<string, string> { ["CallsGenNamespace"] = ns };
        if (clientName is not null) metadata["CallsGenClientName"] = clientName;
        if (operations is not null) metadata["CallsGenOperations"] = operations;
        return new SpecFile(path, text, metadata);
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.SelectMany(r => r.GeneratedSources).ToList();

    public IReadOnlyList<Diagnostic> Diagnostics => Result.Diagnostics;

    /// <summary>Compiler diagnostics of the output at warning level and above (warnings count: generated code must build with warnings as errors).</summary>
    public IReadOnlyList<Diagnostic> CompileDiagnostics =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    public string Source(string hintSuffix) =>
        Sources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();
}
