using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using CallsGen.Benchmarks.Payload;

namespace CallsGen.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/CallsGen.Benchmarks -- --filter '*' [--job short] [--no-harness | --harness-only]
/// runs the BenchmarkDotNet classes, then the memory harness (streaming 1k/10k calls, cold generator peak memory)
/// in fresh processes, and prints one report (also written to BenchmarkDotNet.Artifacts/results/callsgen-report.md).
/// dotnet run -c Release --project benchmarks/CallsGen.Benchmarks -- --build-cost [--runs N] [--no-build-servers] [--keep]
/// runs only the build-cost harness (see <see cref="BuildCost"/>; report also in BenchmarkDotNet.Artifacts/results/callsgen-build-cost.md).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 3 && args[0] == "--child-stream") return await MemoryHarness.ChildStreamAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        if (args.Length == 2 && args[0] == "--child-generator") return MemoryHarness.ChildGenerator(args[1]);
        if (args.Contains("--build-cost")) return BuildCost.Run(args);

        bool harness = !args.Contains("--no-harness");
        bool benchmarks = !args.Contains("--harness-only");
        var bdnArgs = args.Where(a => a is not ("--no-harness" or "--harness-only")).ToArray();

        var summaries = new List<Summary>();
        if (benchmarks)
        {
            var config = DefaultConfig.Instance
                .AddColumn(new ThroughputColumn(), new FloorRatioColumn());
            summaries.AddRange(BenchmarkSwitcher.FromTypes([typeof(DecodeBenchmarks), typeof(EncodeBenchmarks), typeof(GeneratorBenchmarks), typeof(EnumScaleBenchmarks)]).Run(bdnArgs, config));
        }

        List<MemoryHarness.StreamResult> streaming = [];
        List<MemoryHarness.GeneratorResult> generator = [];
        if (harness)
        {
            Console.WriteLine("// Memory harness: streaming vs buffered list-calls, cold generator runs (fresh process each) ...");
            streaming = MemoryHarness.RunStreaming([1000, 10000]);
            generator = MemoryHarness.RunGenerator();
        }

        var report = Report.Build(summaries, streaming, generator);
        Console.WriteLine();
        Console.WriteLine(report);
        var folder = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "callsgen-report.md"), report);
        return 0;
    }
}

/// <summary>Payload megabytes (10^6 bytes of the 1,000-call document) per second.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Megabytes (10^6 bytes) of the 1,000-call JSON document per second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Report.MegabytesPerSecond(summary, benchmarkCase) is { } value ? value.ToString("N0", CultureInfo.InvariantCulture) : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>Mean time over the mean time of the [Floor] method of the same class.</summary>
public sealed class FloorRatioColumn : IColumn
{
    public string Id => nameof(FloorRatioColumn);
    public string ColumnName => "vs floor";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Mean time / mean time of the floor (Utf8JsonReader token loop or Utf8JsonWriter token list)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Report.FloorRatio(summary, benchmarkCase) is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
}

/// <summary>The report printed after the run.</summary>
public static class Report
{
    public static double? Mean(Summary summary, BenchmarkCase benchmarkCase) => summary[benchmarkCase]?.ResultStatistics?.Mean;

    public static double? MegabytesPerSecond(Summary summary, BenchmarkCase benchmarkCase)
    {
        if (!typeof(IPayloadBenchmark).IsAssignableFrom(benchmarkCase.Descriptor.Type)) return null;
        return Mean(summary, benchmarkCase) is { } ns ? CallPayload.Calls1000.Length / (ns / 1e9) / 1e6 : null;
    }

    public static BenchmarkCase? Floor(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == benchmarkCase.Descriptor.Type
            && c.Descriptor.WorkloadMethod.GetCustomAttribute<FloorAttribute>() is not null
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);

    public static BenchmarkCase? Baseline(Summary summary, BenchmarkCase benchmarkCase) =>
        summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Type == benchmarkCase.Descriptor.Type && c.Descriptor.Baseline
            && c.Parameters.DisplayInfo == benchmarkCase.Parameters.DisplayInfo);

    public static double? FloorRatio(Summary summary, BenchmarkCase benchmarkCase) =>
        Floor(summary, benchmarkCase) is { } floor && Mean(summary, floor) is { } f && Mean(summary, benchmarkCase) is { } m ? m / f : null;

    public static double? BaselineRatio(Summary summary, BenchmarkCase benchmarkCase) =>
        Baseline(summary, benchmarkCase) is { } baseline && Mean(summary, baseline) is { } b && Mean(summary, benchmarkCase) is { } m ? m / b : null;

    public static long? Allocated(Summary summary, BenchmarkCase benchmarkCase) =>
        summary[benchmarkCase] is { } report && report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes ? bytes : null;

    public static string Build(IReadOnlyList<Summary> summaries, IReadOnlyList<MemoryHarness.StreamResult> streaming, IReadOnlyList<MemoryHarness.GeneratorResult> generator)
    {
        var text = new StringBuilder();
        text.AppendLine("## CallsGen benchmark report");
        text.AppendLine();
        text.AppendLine($"Payload: 1,000 calls, {CallPayload.Calls1000.Length:N0} bytes. .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}.");
        var checks = new List<string>();
        foreach (var summary in summaries)
        {
            if (summary.BenchmarksCases.Length == 0) continue;
            var type = summary.BenchmarksCases[0].Descriptor.Type;
            text.AppendLine();
            text.AppendLine("### " + type.Name);
            text.AppendLine();
            bool payload = typeof(IPayloadBenchmark).IsAssignableFrom(type);
            text.AppendLine(payload
                ? "| method | mean | MB/s | allocated | time ÷ STJ source-gen | time ÷ floor |\n|---|---:|---:|---:|---:|---:|"
                : "| document | method | mean | allocated |\n|---|---|---:|---:|");
            foreach (var c in summary.BenchmarksCases)
            {
                var mean = Mean(summary, c);
                string meanText = mean is { } ns ? Time(ns) : "NA";
                string alloc = Allocated(summary, c) is { } a ? Bytes(a) : "NA";
                if (payload)
                {
                    text.AppendLine($"| {c.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} | {meanText} | {MegabytesPerSecond(summary, c)?.ToString("N0", CultureInfo.InvariantCulture) ?? "NA"} | {alloc} | {Ratio(BaselineRatio(summary, c))} | {Ratio(FloorRatio(summary, c))} |");
                }
                else
                {
                    text.AppendLine($"| {c.Parameters.DisplayInfo} | {c.Descriptor.WorkloadMethodDisplayInfo.Trim('\'')} | {meanText} | {alloc} |");
                }
            }

            if (type == typeof(DecodeBenchmarks))
            {
                var generated = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.WorkloadMethod.Name == nameof(DecodeBenchmarks.Generated));
                var stj = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.Baseline);
                if (generated is not null && stj is not null && Mean(summary, generated) is { } g && Mean(summary, stj) is { } s && FloorRatio(summary, generated) is { } floorRatio)
                {
                    long ga = Allocated(summary, generated) ?? long.MaxValue, sa = Allocated(summary, stj) ?? 0;
                    checks.Add($"decode time <= 1.5x floor: {floorRatio:0.00}x -> {(floorRatio <= 1.5 ? "MET" : "MISSED")}");
                    checks.Add($"decode >= 1.5x faster than STJ source-gen: {s / g:0.00}x -> {(s / g >= 1.5 ? "MET" : "MISSED")}");
                    checks.Add($"decode allocates no more than STJ source-gen: {Bytes(ga)} vs {Bytes(sa)} -> {(ga <= sa ? "MET" : "MISSED")}");
                }
            }

            if (type == typeof(GeneratorBenchmarks))
            {
                var cold = summary.BenchmarksCases.FirstOrDefault(c => c.Descriptor.WorkloadMethod.Name == nameof(GeneratorBenchmarks.Cold)
                    && c.Parameters.DisplayInfo.Contains(GeneratorHost.VendorListCalls, StringComparison.Ordinal));
                if (cold is not null && Mean(summary, cold) is { } ns)
                {
                    checks.Add($"cold ListCalls-only generation from the reference document < 1 s (steady state, in-process): {Time(ns)} -> {(ns < 1e9 ? "MET" : "MISSED")}");
                }
            }
        }

        if (streaming.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Streaming vs buffered (ApiConnection over an in-memory handler, fresh process each)");
            text.AppendLine();
            text.AppendLine("| calls | path | body | time | allocated | peak working set over baseline | peak live heap (full GC, less the payload) |");
            text.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
            foreach (var r in streaming)
            {
                text.AppendLine($"| {r.Count:N0} | {(r.Mode == "stream" ? "StreamArrayAsync" : "SendAsync (buffered)")} | {Bytes(r.PayloadBytes)} | {r.Seconds * 1000:N0} ms | {Bytes(r.AllocatedBytes)} | {Bytes(r.PeakWorkingSetDelta)}{(r.PeakReset ? "" : " (peak not reset)")} | {Bytes(r.PeakLiveHeap)} |");
            }
        }

        if (generator.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Cold generator run in a fresh process (first run includes JIT)");
            text.AppendLine();
            text.AppendLine("| document | first run | second cold run | allocated (first run) | peak working set over baseline | sources |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var r in generator)
            {
                text.AppendLine($"| {r.Document} | {r.FirstRunSeconds * 1000:N0} ms | {r.SecondRunSeconds * 1000:N0} ms | {Bytes(r.AllocatedBytes)} | {Bytes(r.PeakWorkingSetDelta)}{(r.PeakReset ? "" : " (peak not reset)")} | {r.Sources} |");
            }
        }

        if (GeneratorHost.AvailableCases() is { } cases)
        {
            text.AppendLine();
            text.AppendLine("### Rerun after an unrelated C# edit (step tracking)");
            text.AppendLine();
            foreach (var c in cases)
            {
                text.AppendLine($"- {c.Name}: {GeneratorHost.CheckRerun(c)}");
            }
        }

        if (checks.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("### Targets");
            text.AppendLine();
            foreach (var check in checks) text.AppendLine("- " + check);
        }

        return text.ToString();
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    public static string Time(double ns) =>
        ns >= 1e9 ? (ns / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " s"
        : ns >= 1e6 ? (ns / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " ms"
        : (ns / 1e3).ToString("0.0", CultureInfo.InvariantCulture) + " µs";

    public static string Bytes(long bytes) =>
        Math.Abs(bytes) >= 1 << 20 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : Math.Abs(bytes) >= 1 << 10 ? (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";
}
