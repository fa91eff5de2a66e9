using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using CallsGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Benchmarks;

/// <summary>
/// The generator's own cost, run in-process through CSharpGeneratorDriver: a cold run (new driver, nothing cached)
/// and a rerun after an unrelated C# edit (driver reused), for the hand-written list-calls document and, when it is
/// present beside the checkout, the vendor's published document with ListCalls only and with all operations.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private GeneratorHost.Case _case = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warm = null!;
    private bool _toggle;

    /// <summary>The documents: the vendor ones only when the file exists (a message says so otherwise).</summary>
    public static IEnumerable<string> Documents() => GeneratorHost.AvailableCases().Select(c => c.Name);

    [ParamsSource(nameof(Documents))]
    public string Document { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _case = GeneratorHost.Find(Document);
        _compilation = GeneratorHost.CreateCompilation(GeneratorHost.UserCode);
        _edited = GeneratorHost.CreateCompilation(GeneratorHost.EditedUserCode);
        _warm = GeneratorHost.CreateDriver(_case, trackSteps: false).RunGenerators(_compilation);
        var check = GeneratorHost.CheckRerun(_case);
        Console.WriteLine($"// {Document}: {check}");
    }

    /// <summary>A new driver each time: reads, models and emits the document from scratch.</summary>
    [Benchmark(Description = "cold run (new driver)")]
    public GeneratorDriver Cold() => GeneratorHost.CreateDriver(_case, trackSteps: false).RunGenerators(_compilation);

    /// <summary>The same driver after an unrelated edit to the C# code (alternating between two versions).</summary>
    [Benchmark(Description = "rerun after unrelated edit (driver reused)")]
    public GeneratorDriver WarmRerun()
    {
        _toggle = !_toggle;
        _warm = _warm.RunGenerators(_toggle ? _edited : _compilation);
        return _warm;
    }
}

/// <summary>Runs the generator the way the compiler does, over in-memory documents with AdditionalFiles metadata.</summary>
public static class GeneratorHost
{
    public const string UserCode = "namespace Consumer { internal static class Placeholder { } }";
    public const string EditedUserCode = "namespace Consumer { internal static class Placeholder { public static int Answer => 42; } }";

    public const string ListCallsSpec = "list-calls.yaml";
    public const string VendorListCalls = "vendor ListCalls";
    public const string VendorAll = "vendor all ops";

    private static readonly string[] CallsGenSteps =
    [
        CallsGenGenerator.Steps.Input,
        CallsGenGenerator.Steps.Read,
        CallsGenGenerator.Steps.Spec,
        CallsGenGenerator.Steps.Diagnostics,
    ];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>One document with its metadata.</summary>
    public sealed record Case(string Name, string Path, string Text, string? Operations);

    /// <summary>The vendor's published document beside the checkout (never copied into the repository), or null.</summary>
    public static string? VendorDocument
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("CALLSGEN_REFERENCE_SPEC");
            if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment)) return fromEnvironment;
            var beside = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "reference", "vapi-openapi.json"));
            return File.Exists(beside) ? beside : null;
        }
    }

    public static string RepoRoot { get; } = FindRoot();

    private static bool s_warned;

    public static IReadOnlyList<Case> AvailableCases()
    {
        var cases = new List<Case>();
        var listCalls = System.IO.Path.Combine(RepoRoot, "specs", "vapi-list-calls.yaml");
        cases.Add(new Case(ListCallsSpec, listCalls, File.ReadAllText(listCalls), null));
        if (VendorDocument is { } vendor)
        {
            var text = File.ReadAllText(vendor);
            cases.Add(new Case(VendorListCalls, vendor, text, "ListCalls"));
            cases.Add(new Case(VendorAll, vendor, text, null));
        }
        else if (!s_warned)
        {
            s_warned = true;
            Console.WriteLine("// Skipping the vendor-document generator benchmarks: ../shared/reference/vapi-openapi.json (beside the checkout) or CALLSGEN_REFERENCE_SPEC not found.");
        }

        return cases;
    }

    public static Case Find(string name) => AvailableCases().Single(c => c.Name == name);

    public static CSharpCompilation CreateCompilation(string userCode) =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(userCode, ParseOptions) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(Case spec, bool trackSteps)
    {
        var metadata = new Dictionary<string, string>
        {
            ["build_metadata.AdditionalFiles.CallsGenNamespace"] = "Consumer.Vapi",
            ["build_metadata.AdditionalFiles.CallsGenClientName"] = "VapiClient",
        };
        if (spec.Operations is not null) metadata["build_metadata.AdditionalFiles.CallsGenOperations"] = spec.Operations;
        return CSharpGeneratorDriver.Create(
            new[] { new CallsGenGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new InMemoryAdditionalText(spec.Path, spec.Text) },
            ParseOptions,
            new OptionsProvider(spec.Path, metadata),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    /// <summary>Sources and diagnostics of one cold run (to check the run did something).</summary>
    public static (int Sources, long Chars, int Errors) Describe(GeneratorDriver driver)
    {
        var result = driver.GetRunResult();
        var sources = result.Results.SelectMany(r => r.GeneratedSources).ToList();
        return (sources.Count, sources.Sum(s => (long)s.SourceText.Length), result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>Runs cold, then again after an unrelated edit with step tracking, and says whether any CallsGen step reran.</summary>
    public static string CheckRerun(Case spec)
    {
        var driver = CreateDriver(spec, trackSteps: true).RunGenerators(CreateCompilation(UserCode));
        var (sources, chars, errors) = Describe(driver);
        driver = driver.RunGenerators(CreateCompilation(EditedUserCode));
        var result = driver.GetRunResult().Results.Single();
        var reasons = CallsGenSteps
            .Select(step => (step, reasons: result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).Select(o => o.Reason).Distinct().ToList() : []))
            .ToList();
        bool noSpecWork = reasons.All(r => r.reasons.All(x => x is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            && result.TrackedSteps.TryGetValue(CallsGenGenerator.Steps.Read, out var read) && read.SelectMany(r => r.Outputs).All(o => o.Reason == IncrementalStepRunReason.Cached);
        return $"{sources} sources ({chars / 1024} K chars), {errors} errors; rerun after unrelated edit: " +
            string.Join(", ", reasons.Select(r => r.step.Replace("CallsGen.", "") + "=" + string.Join("/", r.reasons))) +
            (noSpecWork ? " => no spec work" : " => SPEC WORK REDONE");
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CallsGen.sln"))) directory = directory.Parent;
        directory ??= new DirectoryInfo(Directory.GetCurrentDirectory());
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CallsGen.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CallsGen.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class OptionsProvider(string path, Dictionary<string, string> metadata) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options Empty = new(new Dictionary<string, string>());
        private readonly Options _file = new(metadata);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string> { ["build_property.RootNamespace"] = "Consumer" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => textFile.Path == path ? _file : Empty;
    }

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
