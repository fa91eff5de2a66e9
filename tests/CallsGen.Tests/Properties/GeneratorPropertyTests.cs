using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Properties;

/// <summary>
/// Random hostile documents (see <see cref="DocumentGen"/>) through the generator and the compiler.
/// The run is reproducible: every case's CsCheck seed is derived from one seed,
/// <c>CALLSGEN_PROPERTY_SEED</c> (a CsCheck seed string; a fixed default), and
/// <c>CALLSGEN_PROPERTY_ITERATIONS</c> (default 2000) sets the number of cases. A failure prints the
/// run's seed and the failing case's own seed: <c>CALLSGEN_PROPERTY_SEED=&lt;case seed&gt;
/// CALLSGEN_PROPERTY_ITERATIONS=1</c> reruns just that case (case 0 of a run is its seed itself).
/// </summary>
/// <remarks>
/// CsCheck's <c>Sample</c> uses its seed for the first iteration only and draws the rest from
/// per-thread random streams, so the cases are generated here from derived seeds and checked in
/// batches (one generator run and one compilation per batch, two batches at a time);
/// <c>Sample</c>, given the failing case's seed, then shrinks a failure.
/// </remarks>
[Collection(nameof(CpuHeavyCollection))]
public sealed class GeneratorPropertyTests
{
    private const string DefaultSeed = "0CallsGen001";
    private const int DefaultIterations = 2000;
    private const int BatchSize = 25;

    private readonly ITestOutputHelper _output;

    public GeneratorPropertyTests(ITestOutputHelper output) => _output = output;

    /// <summary>The seed of each case: the run's seed for case 0, then seeds drawn from it.</summary>
    internal static List<string> CaseSeeds(string seed, int count)
    {
        var master = PCG.Parse(seed);
        var seeds = new List<string> { seed };
        while (seeds.Count < count) seeds.Add(new PCG(master.Stream, master.Next64()).ToString());
        return seeds.Take(count).ToList();
    }

    [Fact]
    public void Random_hostile_documents_give_compiling_code_or_located_diagnostics()
    {
        var seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : DefaultSeed;
        var iterations = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_ITERATIONS") is { Length: > 0 } n ? int.Parse(n, CultureInfo.InvariantCulture) : DefaultIterations;
        var clock = Stopwatch.StartNew();

        var seeds = CaseSeeds(seed, iterations);
        var inputs = seeds.Select((caseSeed, i) => PropertyCheck.ForRandom(DocumentGen.Instance.Generate(PCG.Parse(caseSeed), null, out _), i)).ToList();
        var generated = clock.Elapsed;

        var failures = new ConcurrentDictionary<int, List<string>>();
        var batches = Enumerable.Range(0, (inputs.Count + BatchSize - 1) / BatchSize).ToList();
        Parallel.ForEach(batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, batch =>
        {
            var slice = inputs.Skip(batch * BatchSize).Take(BatchSize).ToList();
            foreach (var pair in PropertyCheck.Check(slice)) failures[inputs.IndexOf(pair.Key)] = pair.Value;
        });
        _output.WriteLine($"{iterations} cases from seed {seed}: generated in {generated.TotalSeconds:0.0}s, checked in {clock.Elapsed.TotalSeconds:0.0}s; {failures.Count} failed.");
        if (failures.IsEmpty) return;

        var first = failures.Keys.Min();
        var report = new List<string>
        {
            $"{failures.Count} of {iterations} cases failed (run seed {seed}; rerun one case with CALLSGEN_PROPERTY_SEED=<case seed> CALLSGEN_PROPERTY_ITERATIONS=1).",
        };
        foreach (var index in failures.Keys.OrderBy(i => i).Take(5))
        {
            report.Add("case seed " + seeds[index] + "\n" + PropertyCheck.Describe(inputs[index], failures[index]));
        }
        report.Add("All failing cases, first problem each:\n" + string.Join("\n", failures.OrderBy(f => f.Key).Select(f => "case " + f.Key + ": " + Short(f.Value[0]))));
        report.Add("Shrinking case " + first + " (seed " + seeds[first] + "): " + Shrink(seeds[first]));
        Assert.Fail(string.Join("\n\n", report));
    }

    private static string Short(string text) => (text.Length > 300 ? text.Substring(0, 300) + "..." : text).Replace("\n", " ");

    /// <summary>CsCheck's Sample from the failing seed: it keeps the smallest failing document it finds.</summary>
    private static string Shrink(string caseSeed)
    {
        try
        {
            DocumentGen.Instance.Sample(document =>
            {
                var input = PropertyCheck.ForRandom(document, 0);
                var problems = PropertyCheck.Check(new[] { input });
                if (problems.Count > 0) throw new InvalidOperationException(string.Join("\n", problems.Single().Value));
            }, seed: caseSeed, iter: 150, threads: 1);
            return "the case passes on its own (it fails only next to the others in its batch).";
        }
        catch (CsCheckException exception)
        {
            return exception.Message + "\n" + exception.InnerException?.Message;
        }
    }
}
