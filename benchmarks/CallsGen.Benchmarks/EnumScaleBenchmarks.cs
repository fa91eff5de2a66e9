using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using BenchmarkDotNet.Attributes;
using CallsGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Benchmarks;

/// <summary>
/// What one string enum of 100, 1,000 and 10,000 values costs the compiler: the generator run plus compiling and
/// emitting the generated code, in-process (Roslyn 4.14). Compile cost should grow about linearly with the values
/// (10x the values, about 10x the time and memory; one thread, so the figures do not depend on the cores); before known values were matched through a table, a switch per
/// byte length made 10,000 values take minutes and gigabytes.
/// </summary>
[MemoryDiagnoser]
public class EnumScaleBenchmarks
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(CallsGen.Runtime.ApiConnection).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    private string _document = "";

    [Params(100, 1_000, 10_000)]
    public int Values { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _document = Document(Values);
        var errors = Run().GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
        Console.WriteLine($"// {Values} enum values: {errors} compile errors");
    }

    /// <summary>A document with one operation returning a string enum of <paramref name="count"/> values of varied length.</summary>
    public static string Document(int count)
    {
        var values = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)("value-" + i + "-" + new string('x', i % 17))).ToArray());
        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Enums", ["version"] = "1" },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://example.test" }),
            ["paths"] = new JsonObject
            {
                ["/big"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["operationId"] = "getBig",
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject
                            {
                                ["description"] = "ok",
                                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Big" } } },
                            },
                        },
                    },
                },
            },
            ["components"] = new JsonObject { ["schemas"] = new JsonObject { ["Big"] = new JsonObject { ["type"] = "string", ["enum"] = values } } },
        };
        return document.ToJsonString();
    }

    /// <summary>Generates from the document and compiles the result to IL, as a consumer's build does.</summary>
    [Benchmark(Description = "generate + compile")]
    public Compilation GenerateAndCompile()
    {
        var compilation = Run();
        using var stream = new MemoryStream();
        compilation.Emit(stream);
        return compilation;
    }

    private Compilation Run()
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText("namespace Consumer { internal static class Placeholder { } }", new CSharpParseOptions(LanguageVersion.CSharp12)) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release, concurrentBuild: false));
        var driver = CSharpGeneratorDriver.Create(
            new[] { new CallsGenGenerator().AsSourceGenerator() },
            new[] { (AdditionalText)new Text("enums.json", _document) },
            new CSharpParseOptions(LanguageVersion.CSharp12),
            new Options());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return output;
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private static readonly OptionValues Empty = new(new Dictionary<string, string>());
        private static readonly OptionValues File = new(new Dictionary<string, string> { ["build_metadata.AdditionalFiles.CallsGenNamespace"] = "Consumer.Enums" });

        public override AnalyzerConfigOptions GlobalOptions => Empty;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => File;
    }

    private sealed class OptionValues(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
