using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using CallsGen.Generator;
using CallsGen.Generator.Model;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CallsGen.Tests.Generator;

/// <summary>
/// The incremental pipeline caches what it should: an unrelated C# edit reruns nothing, an edit to a
/// document regenerates, a reformatted document leaves the emitted sources alone, and the pipeline's
/// model holds no Roslyn object that would defeat caching (or keep a compilation alive).
/// </summary>
public sealed class CacheTests
{
    private static readonly string[] CallsGenSteps =
    [
        CallsGenGenerator.Steps.Input,
        CallsGenGenerator.Steps.Read,
        CallsGenGenerator.Steps.Spec,
        CallsGenGenerator.Steps.Diagnostics,
        CallsGenGenerator.Steps.Ecosystem,
        CallsGenGenerator.Steps.Emit,
    ];

    private static readonly IncrementalStepRunReason[] NotRerun = [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged];

    private const string UserCode = "namespace Consumer { internal static class Placeholder { } }";
    private const string EditedUserCode = "namespace Consumer { internal static class Placeholder { public static int Answer => 42; } }";

    [Fact]
    public void An_unrelated_CSharp_edit_reruns_no_CallsGen_step()
    {
        var specs = new[] { Specs.Vapi(), Specs.Constructs() };
        var cold = GeneratorHarness.Run(specs, UserCode);
        Assert.DoesNotContain(cold.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var warm = GeneratorHarness.Run(specs, EditedUserCode, cold.Driver);

        var result = Single(warm);
        foreach (var step in CallsGenSteps)
        {
            AssertStep(result, step, NotRerun);
        }
        AssertStep(result, CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Cached);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.Contains(output.Reason, NotRerun));
        AssertSameSources(cold, warm);
    }

    [Fact]
    public void Output_is_identical_between_a_cold_run_and_a_cached_run()
    {
        var specs = new[] { Specs.Vapi(), Specs.Constructs() };
        var cold = GeneratorHarness.Run(specs, UserCode);
        var cached = GeneratorHarness.Run(specs, UserCode, cold.Driver);
        var cachedAfterEdit = GeneratorHarness.Run(specs, EditedUserCode, cached.Driver);
        var otherCold = GeneratorHarness.Run(specs, EditedUserCode);

        Assert.NotEmpty(cold.Sources);
        AssertSameSources(cold, cached);
        AssertSameSources(cold, cachedAfterEdit);
        AssertSameSources(cold, otherCold);
        Assert.Equal(Describe(cold.Diagnostics), Describe(cachedAfterEdit.Diagnostics));
        Assert.Equal(Describe(cold.Diagnostics), Describe(otherCold.Diagnostics));
    }

    [Fact]
    public void An_edit_to_the_document_regenerates()
    {
        var spec = Specs.Vapi();
        var cold = GeneratorHarness.Run(new[] { spec }, UserCode);

        const string Before = "Lists calls matching the filters;";
        const string After = "Lists the calls that match the filters;";
        Assert.Contains(Before, spec.Text, StringComparison.Ordinal);
        var edited = spec with { Text = spec.Text.Replace(Before, After, StringComparison.Ordinal) };
        var warm = Rerun(cold, edited, UserCode);

        var result = Single(warm);
        AssertStep(result, CallsGenGenerator.Steps.Input, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Spec, IncrementalStepRunReason.Modified);

        // GET /call is tagged Calls, so it is in the client's Calls file.
        var client = warm.Source(".Calls.g.cs");
        Assert.Contains("Lists the calls that match the filters;", client, StringComparison.Ordinal);
        Assert.NotEqual(cold.Source(".Calls.g.cs"), client);
        // The models did not change with the operation's description.
        Assert.Equal(cold.Source(".Models.Call.g.cs"), warm.Source(".Models.Call.g.cs"));
    }

    [Fact]
    public void Reformatting_a_document_leaves_the_emitted_sources_unchanged()
    {
        // The Notes document with one unknown member, so that the run has a located warning (CG0002) that moves when the text is re-indented.
        var document = JsonNode.Parse(Specs.Constructs().Text)!.AsObject();
        document["info"]!.AsObject()["nonsense"] = "an unknown member";
        var original = Specs.Constructs() with { Text = Format(document, indentSize: 2) };
        // Same members in the same order, indented with four spaces instead of two.
        var reformatted = original with { Text = Format(document, indentSize: 4) };
        Assert.NotEqual(original.Text, reformatted.Text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original.Text), JsonNode.Parse(reformatted.Text)));

        var cold = GeneratorHarness.Run(new[] { original }, UserCode);
        Assert.NotEmpty(cold.Sources);
        var warning = Assert.Single(cold.Diagnostics);
        Assert.Equal("CG0002", warning.Id);

        var warm = Rerun(cold, reformatted, UserCode);

        var result = Single(warm);
        AssertStep(result, CallsGenGenerator.Steps.Input, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Diagnostics, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Spec, NotRerun);
        // The diagnostic moved with the text; the emitting step was not rerun.
        var moved = Assert.Single(warm.Diagnostics);
        Assert.Equal("CG0002", moved.Id);
        Assert.NotEqual(warning.Location.GetLineSpan().Span, moved.Location.GetLineSpan().Span);
        var emitting = result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(r => r.Inputs.Any(i => i.Source.Name == CallsGenGenerator.Steps.Emit))
            .SelectMany(r => r.Outputs)
            .ToList();
        Assert.NotEmpty(emitting);
        Assert.All(emitting, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        AssertSameSources(cold, warm);
    }

    [Fact]
    public void An_edit_to_an_overlay_regenerates_reformatting_it_does_not_and_a_CSharp_edit_does_nothing()
    {
        var document = Overlays.OverlayGeneratorTests.Document("/project/vapi.yaml", Specs.Vapi().Text, "vapi.overlay.yaml");
        var overlay = Overlays.OverlayGeneratorTests.Plain("/project/vapi.overlay.yaml", Overlays.OverlayGeneratorTests.SampleOverlay);
        var cold = GeneratorHarness.Run(new[] { document, overlay }, UserCode);
        Assert.Empty(cold.Diagnostics);

        // A C# edit: nothing about the documents or overlays is redone.
        var unrelated = GeneratorHarness.Run(new[] { document, overlay }, EditedUserCode, cold.Driver);
        AssertStep(Single(unrelated), CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Cached);
        AssertStep(Single(unrelated), CallsGenGenerator.Steps.Overlays, NotRerun);
        AssertSameSources(cold, unrelated);

        // An edit to the overlay reaches the generated code.
        const string Before = "Whether the call met its goal, as the configured rubric puts it; text, or true or false.";
        Assert.Contains(Before, overlay.Text, StringComparison.Ordinal);
        var edited = overlay with { Text = overlay.Text.Replace(Before, "The verdict on the call.", StringComparison.Ordinal) };
        var warm = RerunWith(cold, UserCode, document, edited);
        AssertStep(Single(warm), CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Modified);
        Assert.Contains("The verdict on the call.", warm.Source(".Models.Analysis.g.cs"), StringComparison.Ordinal);
        Assert.Equal(cold.Source(".Models.Call.g.cs"), warm.Source(".Models.Call.g.cs"));

        // The same overlay laid out differently (flow style, other indentation, comments gone): the sources stay cached.
        var reformatted = overlay with { Text = ReformatYaml(overlay.Text) };
        Assert.NotEqual(overlay.Text, reformatted.Text);
        var again = RerunWith(cold, UserCode, document, reformatted);
        var result = Single(again);
        // The input changed, so the document is read again; what it reads to is the same.
        AssertStep(result, CallsGenGenerator.Steps.Input, IncrementalStepRunReason.Modified);
        AssertStep(result, CallsGenGenerator.Steps.Read, IncrementalStepRunReason.Unchanged);
        AssertStep(result, CallsGenGenerator.Steps.Spec, NotRerun);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).Where(r => r.Inputs.Any(i => i.Source.Name == CallsGenGenerator.Steps.Emit)).SelectMany(r => r.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        AssertSameSources(cold, again);
    }

    /// <summary>The overlay as JSON (a valid YAML document with the same content), indented by three.</summary>
    private static string ReformatYaml(string yaml)
    {
        var tree = CallsGen.Generator.Reading.DocumentParser.Parse(yaml, CallsGen.Generator.Reading.DocumentFormat.Yaml, out var failure);
        Assert.Null(failure);
        return Format(tree!, indentSize: 3);
    }

    private static GeneratorRun RerunWith(GeneratorRun previous, string userCode, params SpecFile[] files)
    {
        var driver = previous.Driver.ReplaceAdditionalTexts(files.Select(f => (AdditionalText)new EditedText(f.Path, f.Text)).ToImmutableArray());
        return GeneratorHarness.Run(files, userCode, driver);
    }

    private static string Format(JsonNode document, int indentSize) =>
        document.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = indentSize,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });

    [Fact]
    public void Pipeline_model_holds_no_Roslyn_objects()
    {
        var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(AdditionalText), typeof(SemanticModel), typeof(SyntaxTree), typeof(SourceText) };
        var assembly = typeof(CallsGenGenerator).Assembly;
        var modelTypes = assembly.GetTypes().Where(t => t.Namespace == "CallsGen.Generator.Model" && !IsCompilerGenerated(t)).ToList();
        var roots = new List<Type> { typeof(SpecReadResult), typeof(SpecInput) };
        roots.AddRange(modelTypes);

        var problems = new List<string>();
        var visited = new HashSet<Type>();
        var pending = new Stack<(Type Type, string Path)>(roots.Select(t => (t, t.Name)));
        while (pending.Count > 0)
        {
            var (type, path) = pending.Pop();
            if (!visited.Add(type)) continue;

            foreach (var bad in forbidden.Where(f => f.IsAssignableFrom(type)))
            {
                problems.Add($"{path} is a {bad.Name}");
            }
            if (type.IsArray)
            {
                pending.Push((type.GetElementType()!, path + "[]"));
                continue;
            }
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments()) pending.Push((argument, $"{path}<{argument.Name}>"));
            }
            if (type.Namespace != "CallsGen.Generator.Model") continue;
            if (type.IsEnum) continue;

            const BindingFlags Members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            for (var declaring = type; declaring is not null && declaring != typeof(object) && declaring != typeof(ValueType); declaring = declaring.BaseType)
            {
                foreach (var field in declaring.GetFields(Members)) pending.Push((field.FieldType, $"{path}.{field.Name}"));
                foreach (var property in declaring.GetProperties(Members))
                {
                    if (property.Name == "EqualityContract") continue; // a record's System.Type, not state
                    pending.Push((property.PropertyType, $"{path}.{property.Name}"));
                }
            }
        }

        // The walk really went through the model (records, EquatableArray<T> and its element types).
        Assert.Contains(typeof(ApiSpec), visited);
        Assert.Contains(typeof(TypeSpec), visited);
        Assert.Contains(typeof(PropertySpec), visited);
        Assert.Contains(typeof(TypeRef), visited);
        Assert.Contains(typeof(DiagnosticInfo), visited);
        Assert.Contains(typeof(EquatableArray<OperationSpec>), visited);
        Assert.Contains(typeof(OperationSpec[]), visited);
        Assert.Empty(problems);

        // Everything that is not a model type is a plain value: strings, numbers, booleans, enums.
        var nonModel = visited.Where(t => t.Namespace != "CallsGen.Generator.Model" && !t.IsArray && !t.IsGenericParameter)
            .Where(t => !(t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal)))
            .Where(t => !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Nullable<>)))
            .Select(t => t.FullName ?? t.Name)
            .ToList();
        Assert.Empty(nonModel);
    }

    private static bool IsCompilerGenerated(Type type) =>
        type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null || type.Name.Contains('<', StringComparison.Ordinal);

    /// <summary>Reruns the driver of <paramref name="previous"/> with the document replaced by <paramref name="edited"/> (same path and metadata).</summary>
    private static GeneratorRun Rerun(GeneratorRun previous, SpecFile edited, string userCode)
    {
        var driver = previous.Driver.ReplaceAdditionalTexts(ImmutableArray.Create<AdditionalText>(new EditedText(edited.Path, edited.Text)));
        return GeneratorHarness.Run(new[] { edited }, userCode, driver);
    }

    private static GeneratorRunResult Single(GeneratorRun run) => Assert.Single(run.Result.Results);

    private static void AssertStep(GeneratorRunResult result, string step, params IncrementalStepRunReason[] allowed)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out var runs), $"step {step} was not tracked; tracked: {string.Join(", ", result.TrackedSteps.Keys)}");
        var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.True(reasons.All(allowed.Contains), $"step {step}: {string.Join(", ", reasons)}; expected only {string.Join(" or ", allowed)}");
    }

    private static void AssertSameSources(GeneratorRun expected, GeneratorRun actual)
    {
        Assert.Equal(
            expected.Sources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName, StringComparer.Ordinal),
            actual.Sources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName, StringComparer.Ordinal));
    }

    private static IEnumerable<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => d.ToString()).OrderBy(s => s, StringComparer.Ordinal);

    private sealed class EditedText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
