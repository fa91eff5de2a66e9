using System;
using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>Generated code and the runtime build with nullable on and warnings as errors; the generator is silent on good documents.</summary>
public sealed class CompileTests
{
    [Fact]
    public void Vapi_compiles_with_no_warnings_and_only_the_message_union_warning()
    {
        // The document gives the message variants no discriminator: that, and nothing else, is reported.
        var ambiguity = Assert.Single(Specs.VapiRun.Diagnostics);
        Assert.Equal("CG0012", ambiguity.Id);
        Assert.Contains("CallMessagesItem", ambiguity.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("a value shaped like UserMessage also fits SystemMessage and BotMessage", ambiguity.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("'role'", ambiguity.GetMessage(), StringComparison.Ordinal);
        var line = System.IO.File.ReadAllLines(Repo.Spec("vapi-list-calls.yaml"))[ambiguity.Location.GetLineSpan().StartLinePosition.Line];
        Assert.Contains("oneOf", line, StringComparison.Ordinal);
        AssertClean(Specs.VapiRun, allowed: "CG0012");
    }

    [Fact]
    public void Constructs_compiles_with_no_warnings_and_no_generator_diagnostics() => AssertClean(Specs.ConstructsRun);

    [Fact]
    public void Determinism_two_independent_runs_give_byte_identical_sources()
    {
        foreach (var spec in new[] { Specs.Vapi(), Specs.Constructs() })
        {
            var first = GeneratorHarness.Run(spec).Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            var second = GeneratorHarness.Run(spec).Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
            Assert.NotEmpty(first);
            Assert.Equal(first.Keys.OrderBy(k => k, System.StringComparer.Ordinal), second.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
            foreach (var pair in first)
            {
                Assert.True(System.Text.Encoding.UTF8.GetBytes(pair.Value).AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(second[pair.Key])), pair.Key + " differs between runs");
            }
        }
    }

    private static void AssertClean(GeneratorRun run, string? allowed = null)
    {
        Assert.Null(run.Result.Results[0].Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id != allowed);
        Assert.NotEmpty(run.Sources);
        var problems = run.CompileDiagnostics;
        if (problems.Count > 0) Assert.Fail(problems.Count + " compiler diagnostics:\n" + string.Join("\n", problems.Take(30).Select(d => d.ToString())));
        // Emitting proves the output is a loadable assembly, not only error-free syntax.
        Assert.NotEmpty(Specs.Emit(run.Output));
    }
}
