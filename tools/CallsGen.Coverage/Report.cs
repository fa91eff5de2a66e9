using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CallsGen.Coverage;

/// <summary>The coverage report in Markdown: overall, by construct, compile problems, failures, and by document.</summary>
public static class Report
{
    public static string Markdown(IReadOnlyList<DocumentResult> results)
    {
        var text = new StringBuilder();
        Overall(text, results);
        ByConstruct(text, results);
        Blockers(text, results);
        CompileProblems(text, results);
        Failures(text, results);
        JsonFallbacks(text, results);
        ByDocument(text, results);
        return text.ToString();
    }

    private static string Share(int part, int whole) =>
        whole == 0 ? "–" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static void Overall(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var measured = results.Where(r => r.NotMeasured is null).ToList();
        var total = measured.Sum(r => r.Operations);
        text.AppendLine("## Overall").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{measured.Count} documents measured of {results.Count}; {total} operations.").AppendLine();
        text.AppendLine("| outcome | operations | share |").AppendLine("| --- | ---: | ---: |");
        foreach (var (outcome, label) in new[]
        {
            (Outcome.Full, "generated with full fidelity"),
            (Outcome.Skipped, "skipped (CG0004)"),
            (Outcome.NoCredentials, "generated without a credential it needs (CG0006)"),
            (Outcome.DoesNotCompile, "generated into output that does not compile"),
            (Outcome.GeneratorFailed, "generator failed on the document"),
        })
        {
            var count = measured.Sum(r => r.Count(outcome));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {count} | {Share(count, total)} |");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"| **all** | **{total}** | 100% |").AppendLine();
        var compiling = measured.Count(r => r.CompileProblemCount > 0 && r.GeneratorFailure is null);
        var failed = measured.Count(r => r.GeneratorFailure is not null);
        text.AppendLine(CultureInfo.InvariantCulture, $"Documents whose output does not compile: {compiling} ({measured.Sum(r => r.CompileProblemCount)} compiler errors and warnings). Documents the generator failed on: {failed}.").AppendLine();
    }

    /// <summary>Per construct: the operations that use it, and the share of those generated with full fidelity.</summary>
    private static void ByConstruct(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var totals = new Dictionary<string, (int Operations, int Full, int Documents)>(StringComparer.Ordinal);
        foreach (var result in results.Where(r => r.NotMeasured is null))
        {
            foreach (var (construct, use) in result.Constructs)
            {
                var total = totals.TryGetValue(construct, out var t) ? t : (Operations: 0, Full: 0, Documents: 0);
                totals[construct] = (total.Operations + use.Operations, total.Full + use.Full, total.Documents + 1);
            }
        }
        text.AppendLine("## By construct").AppendLine();
        text.AppendLine("Every construct the measured operations use, with the share of the operations using it that are generated with full fidelity (an operation counts under each construct it uses, so a share can be low because of another construct of the same operations; the next table names the construct that stopped each one).").AppendLine();
        text.AppendLine("| construct | operations using it | documents | full fidelity | share |").AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (construct, total) in totals.OrderBy(t => t.Key.Split(':')[0], StringComparer.Ordinal).ThenByDescending(t => t.Value.Operations).ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(construct)} | {total.Operations} | {total.Documents} | {total.Full} | {Share(total.Full, total.Operations)} |");
        }
        text.AppendLine();
    }

    /// <summary>What stopped the operations that are not generated with full fidelity, by construct.</summary>
    private static void Blockers(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var all = results.SelectMany(r => r.NotFull.Select(o => (Document: r.Id, Operation: o))).ToList();
        text.AppendLine("## What stops the rest").AppendLine();
        if (all.Count == 0)
        {
            text.AppendLine("Nothing: every measured operation is generated with full fidelity.").AppendLine();
            return;
        }
        text.AppendLine("| construct | outcome | operations | documents | example |").AppendLine("| --- | --- | ---: | ---: | --- |");
        foreach (var group in all.GroupBy(a => (a.Operation.Construct, a.Operation.Outcome)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Construct, StringComparer.Ordinal))
        {
            var example = group.First();
            var documents = group.Select(g => g.Document).Distinct().Count();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(group.Key.Construct)} | {group.Key.Outcome} | {group.Count()} | {documents} | {Cell(example.Document + ": " + example.Operation.Operation + " — " + Truncate(example.Operation.Detail, 140))} |");
        }
        text.AppendLine();
    }

    private static void CompileProblems(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var failing = results.Where(r => r.CompileProblemCount > 0).ToList();
        text.AppendLine("## Compile errors").AppendLine();
        if (failing.Count == 0)
        {
            text.AppendLine("None: every document's output compiles with nullable enabled and warnings as errors.").AppendLine();
            return;
        }
        text.AppendLine("| document | errors and warnings | first ones |").AppendLine("| --- | ---: | --- |");
        foreach (var result in failing.OrderByDescending(r => r.CompileProblemCount))
        {
            var first = string.Join("; ", result.CompileProblems.Take(3).Select(p => p.Id + " " + Truncate(p.Message, 120)));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(result.Id)} | {result.CompileProblemCount} | {Cell(first)} |");
        }
        text.AppendLine();
    }

    private static void Failures(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var failing = results.Where(r => r.GeneratorFailure is not null || r.NotMeasured is not null).ToList();
        text.AppendLine("## Generator failures and documents not measured").AppendLine();
        if (failing.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
            return;
        }
        text.AppendLine("| document | what happened |").AppendLine("| --- | --- |");
        foreach (var result in failing)
        {
            var what = result.NotMeasured is { } note ? "not measured: " + note : "generator failed: " + result.GeneratorFailure;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(result.Id)} | {Cell(Truncate(what, 700))} |");
        }
        text.AppendLine();
    }

    private static void JsonFallbacks(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        var all = results.SelectMany(r => r.JsonFallbacks.Select(f => (Document: r.Id, Reason: f))).ToList();
        if (all.Count == 0) return;
        text.AppendLine("## Schema constructs kept as raw JSON (CG0010)").AppendLine();
        text.AppendLine("These operations are generated, but the values named are typed JsonElement rather than a generated type.").AppendLine();
        text.AppendLine("| reason | findings | documents |").AppendLine("| --- | ---: | ---: |");
        foreach (var group in all.GroupBy(a => a.Reason).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(Truncate(group.Key, 200))} | {group.Count()} | {group.Select(g => g.Document).Distinct().Count()} |");
        }
        text.AppendLine();
    }

    private static void ByDocument(StringBuilder text, IReadOnlyList<DocumentResult> results)
    {
        text.AppendLine("## By document").AppendLine();
        text.AppendLine("| document | OpenAPI | KiB | operations | full fidelity | skipped | no credential | not compiling | failed | seconds |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            if (r.NotMeasured is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(r.Id)} | {r.Version} | {r.Bytes / 1024} | not measured | | | | | | |");
                continue;
            }
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(r.Id)} | {r.Version} | {r.Bytes / 1024} | {r.Operations} | {r.Full} ({Share(r.Full, r.Operations)}) | {r.Count(Outcome.Skipped)} | {r.Count(Outcome.NoCredentials)} | {r.Count(Outcome.DoesNotCompile)} | {r.Count(Outcome.GeneratorFailed)} | {r.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} |");
        }
        text.AppendLine();
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value.Substring(0, length - 1) + "…";
}
