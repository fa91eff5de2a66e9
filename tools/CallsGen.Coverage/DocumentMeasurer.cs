using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using CallsGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Coverage;

/// <summary>
/// Measures one document: runs the generator in-process over it, the way the compiler does, compiles the output
/// with nullable enabled and every warning counted, and classifies its operations.
/// </summary>
public static class DocumentMeasurer
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

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Measures the document at <paramref name="path"/>; <paramref name="id"/> names it in the report (keep its extension: it tells JSON from YAML).</summary>
    public static DocumentResult Measure(string id, string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var text = File.ReadAllText(path);
        var inventory = OperationInventory.Read(path, text, out var unreadable);
        if (inventory is null)
        {
            return new DocumentResult { Id = id, Bytes = text.Length, NotMeasured = "Microsoft.OpenApi cannot read it: " + unreadable, Seconds = clock.Elapsed.TotalSeconds };
        }
        List<GeneratorFinding> findings;
        List<CompileProblem> problems;
        string? failure = null;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            var thrown = new ThrownInGenerator();
            AppDomain.CurrentDomain.FirstChanceException += thrown.Record;
            try
            {
                // The generator is given the document under its name in the report, so that no message carries a machine path.
                (findings, problems, failure) = Generate(id, text, cancellation.Token);
                findings = findings.Select(thrown.Locate).ToList();
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                (findings, problems, failure) = (new List<GeneratorFinding>(), new List<CompileProblem>(), "timed out after " + timeout.TotalSeconds + " s");
            }
            finally
            {
                AppDomain.CurrentDomain.FirstChanceException -= thrown.Record;
            }
        }
        return Classifier.Classify(id, inventory, findings, problems, failure) with { Bytes = text.Length, Seconds = clock.Elapsed.TotalSeconds };
    }

    /// <summary>The generator's findings for the document, the compiler's problems with its output, and the exception the generator threw, if any.</summary>
    private static (List<GeneratorFinding>, List<CompileProblem>, string?) Generate(string path, string text, CancellationToken cancellationToken)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Placeholder { } }", ParseOptions, cancellationToken: cancellationToken) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, deterministic: true, warningLevel: 9999));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new CallsGenGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new InMemoryAdditionalText(path, text) },
            ParseOptions,
            new OptionsProvider(path));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics, cancellationToken);
        var run = driver.GetRunResult();
        var findings = run.Diagnostics.Concat(driverDiagnostics).Distinct()
            .Select(d => new GeneratorFinding(d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var exception = run.Results.Select(r => r.Exception).FirstOrDefault(e => e is not null);
        var problems = output.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => new CompileProblem(d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return (findings, problems, exception is null ? null : "the generator threw " + exception.GetType().Name + ": " + exception.Message);
    }

    /// <summary>
    /// Where exceptions thrown inside the generator came from. CG9999 gives only the exception's type and message;
    /// this adds the generator's frames at the throw, so that a failure in the report says where to look.
    /// </summary>
    private sealed class ThrownInGenerator
    {
        private readonly List<(string Text, string Frames)> _thrown = new();

        public void Record(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is OperationCanceledException || _thrown.Count >= 20) return;
            var frames = new StackTrace(1, false).GetFrames()
                .Select(f => f.GetMethod())
                .Where(m => m?.DeclaringType?.Assembly == typeof(CallsGenGenerator).Assembly)
                .Take(4)
                .Select(m => m!.DeclaringType!.Name + "." + m.Name)
                .ToList();
            if (frames.Count > 0) _thrown.Add((e.Exception.GetType().Name + ": " + e.Exception.Message, string.Join(" ← ", frames)));
        }

        /// <summary>A CG9999 finding with the generator's frames of the exception it reports appended.</summary>
        public GeneratorFinding Locate(GeneratorFinding finding)
        {
            if (finding.Id != "CG9999") return finding;
            var match = _thrown.LastOrDefault(t => finding.Message.Contains(t.Text, StringComparison.Ordinal));
            return match.Text is null ? finding : finding with { Message = finding.Message + " (thrown at " + match.Frames + ")" };
        }
    }

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>The document's item metadata, as the build gives it to the generator for an AdditionalFiles item with CallsGenNamespace.</summary>
    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly string _path;
        private readonly Options _item = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.CallsGenNamespace"] = "Corpus.Api" });
        private readonly Options _none = new(new Dictionary<string, string>());

        public OptionsProvider(string path) => _path = path;

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _none;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == _path ? _item : _none;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
