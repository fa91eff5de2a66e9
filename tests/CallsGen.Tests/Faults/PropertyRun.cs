using System;
using System.Globalization;
using System.Threading.Tasks;
using CallsGen.Tests.Properties;
using CsCheck;
using Xunit.Abstractions;

namespace CallsGen.Tests.Faults;

/// <summary>
/// Runs a property over generated cases the way the generator's property tests do: every case's CsCheck seed is derived
/// from one run seed (<c>CALLSGEN_PROPERTY_SEED</c>, else the test's fixed default), <c>CALLSGEN_PROPERTY_ITERATIONS</c>
/// overrides the number of cases, and a failure names the run seed and the failing case's seed
/// (<c>CALLSGEN_PROPERTY_SEED=&lt;case seed&gt; CALLSGEN_PROPERTY_ITERATIONS=1</c> reruns just that case), then lets
/// CsCheck shrink from that seed.
/// </summary>
internal static class PropertyRun
{
    public static async Task CheckAsync<T>(
        Gen<T> gen,
        Func<T, Task> check,
        string defaultSeed,
        int defaultIterations,
        Func<T, string> describe,
        ITestOutputHelper output)
    {
        string seed = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_SEED") is { Length: > 0 } s ? s.Trim() : defaultSeed;
        int iterations = Environment.GetEnvironmentVariable("CALLSGEN_PROPERTY_ITERATIONS") is { Length: > 0 } n
            ? int.Parse(n, CultureInfo.InvariantCulture)
            : defaultIterations;
        var seeds = GeneratorPropertyTests.CaseSeeds(seed, iterations);
        for (int i = 0; i < seeds.Count; i++)
        {
            T value = gen.Generate(PCG.Parse(seeds[i]), null, out _);
            try
            {
                await check(value);
            }
            catch (Exception failure)
            {
                string shrunk;
                try
                {
                    await gen.SampleAsync(check, seed: seeds[i], iter: 100, threads: 1, print: describe);
                    shrunk = "(the case passes when rerun)";
                }
                catch (CsCheckException exception)
                {
                    shrunk = exception.Message;
                }

                Assert.Fail(
                    $"Case {i} of {iterations} failed (run seed {seed}, case seed {seeds[i]}; rerun it with CALLSGEN_PROPERTY_SEED={seeds[i]} CALLSGEN_PROPERTY_ITERATIONS=1).\n"
                    + $"Case: {describe(value)}\nFailure: {failure}\n\nShrinking from the case seed: {shrunk}");
            }
        }

        output.WriteLine($"{iterations} cases from seed {seed} passed.");
    }
}
