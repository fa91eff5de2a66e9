using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;

namespace CallsGen.Coverage;

/// <summary>
/// Measures the generator over a corpus of documents. Each document is measured in a worker process, so that a
/// document that hangs, exhausts memory or crashes the generator is recorded as a failure and the run goes on.
/// </summary>
public static class Program
{
    private const string Usage = """
        CallsGen.Coverage: how many operations of a corpus of OpenAPI documents CallsGen generates with full fidelity.

          CallsGen.Coverage [--corpus DIR] [FILE...] [--out REPORT.md] [--json RESULTS.json]
                            [--timeout SECONDS] [--max-mb MEGABYTES] [--memory-mb MEGABYTES]

          --corpus DIR    the documents listed in DIR/manifest.tsv (as tools/corpus/fetch.sh writes it), else every
                          .json, .yaml and .yml file under DIR
          --out FILE      also write the Markdown report to FILE (it always goes to standard output)
          --json FILE     write every document's result as JSON
          --timeout S     give up on a document after S seconds (default 300)
          --max-mb N      do not measure documents larger than N MB, with a note (default 32)
          --memory-mb N   the heap limit of the worker process (default 6144)
        """;

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--worker") return Worker.Run(TimeSpan.FromSeconds(double.Parse(args[1], CultureInfo.InvariantCulture)));
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var documents = options.Documents();
        if (documents.Count == 0)
        {
            Console.Error.WriteLine("No documents to measure.");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var results = await MeasureAll(documents, options);
        var report = Report.Markdown(results);
        Console.Out.Write(report);
        if (options.Out is { } outPath) await File.WriteAllTextAsync(outPath, report);
        if (options.JsonOut is { } jsonPath) await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(results, Json));
        return 0;
    }

    private static async Task<List<DocumentResult>> MeasureAll(IReadOnlyList<(string Id, string Path)> documents, Options options)
    {
        var results = new List<DocumentResult>();
        var worker = (WorkerProcess?)null;
        try
        {
            for (var i = 0; i < documents.Count; i++)
            {
                var (id, path) = documents[i];
                var bytes = new FileInfo(path).Length;
                DocumentResult result;
                if (bytes > options.MaxBytes)
                {
                    result = new DocumentResult { Id = id, Bytes = bytes, NotMeasured = "larger than " + options.MaxBytes / (1024 * 1024) + " MB" };
                }
                else
                {
                    worker ??= WorkerProcess.Start(options);
                    result = await worker.Measure(id, path, options.Timeout + TimeSpan.FromSeconds(60));
                    if (result.GeneratorFailure is { } failure && failure.StartsWith(WorkerProcess.Lost, StringComparison.Ordinal))
                    {
                        worker.Dispose();
                        worker = null;
                        result = result with { Bytes = bytes };
                    }
                }
                results.Add(result);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{i + 1}/{documents.Count}] {id}: {result.Full}/{result.Operations} full{(result.NotMeasured is { } n ? " (not measured: " + n + ")" : "")}{(result.GeneratorFailure is { } f ? " (failed: " + f + ")" : "")}, {result.Seconds:0.0} s"));
            }
        }
        finally
        {
            worker?.Dispose();
        }
        return results;
    }

    /// <summary>The command line.</summary>
    private sealed class Options
    {
        public List<string> Files { get; } = new();

        public string? Corpus { get; private set; }

        public string? Out { get; private set; }

        public string? JsonOut { get; private set; }

        public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(300);

        public long MaxBytes { get; private set; } = 32L * 1024 * 1024;

        public long MemoryBytes { get; private set; } = 6144L * 1024 * 1024;

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
                switch (args[i])
                {
                    case "--corpus": options.Corpus = Value(); break;
                    case "--out": options.Out = Value(); break;
                    case "--json": options.JsonOut = Value(); break;
                    case "--timeout": options.Timeout = TimeSpan.FromSeconds(Number(Value())); break;
                    case "--max-mb": options.MaxBytes = (long)(Number(Value()) * 1024 * 1024); break;
                    case "--memory-mb": options.MemoryBytes = (long)(Number(Value()) * 1024 * 1024); break;
                    case var flag when flag.StartsWith("--", StringComparison.Ordinal): throw new ArgumentException("unknown option " + flag);
                    default: options.Files.Add(args[i]); break;
                }
            }
            return options;
        }

        private static double Number(string value) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : throw new ArgumentException("not a positive number: " + value);

        /// <summary>The documents to measure, each with the name the report gives it.</summary>
        public IReadOnlyList<(string Id, string Path)> Documents()
        {
            var documents = Files.Select(f => (Path.GetFileName(f), Path.GetFullPath(f))).ToList();
            if (Corpus is not { } corpus) return documents;
            var manifest = Path.Combine(corpus, "manifest.tsv");
            if (File.Exists(manifest))
            {
                documents.AddRange(File.ReadAllLines(manifest)
                    .Where(l => l.Length > 0 && !l.StartsWith('#'))
                    .Select(l => l.Split('\t')[0])
                    .Select(file => (file, Path.GetFullPath(Path.Combine(corpus, file)))));
                return documents;
            }
            documents.AddRange(Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(corpus, f).Replace('\\', '/'), Path.GetFullPath(f))));
            return documents;
        }
    }

    /// <summary>The worker side: reads "id TAB path" lines, answers each with one line of JSON.</summary>
    private static class Worker
    {
        public static int Run(TimeSpan timeout)
        {
            string? line;
            while ((line = Console.In.ReadLine()) is not null)
            {
                var parts = line.Split('\t', 2);
                DocumentResult result;
                try
                {
                    result = DocumentMeasurer.Measure(parts[0], parts[1], timeout);
                }
                catch (Exception exception)
                {
                    result = new DocumentResult { Id = parts[0], NotMeasured = "the measurement itself failed: " + exception.GetType().Name + ": " + exception.Message };
                }
                Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
                Console.Out.Flush();
                GC.Collect();
            }
            return 0;
        }
    }

    /// <summary>The parent's handle on a worker process.</summary>
    private sealed class WorkerProcess : IDisposable
    {
        public const string Lost = "the worker process ";

        private readonly Process _process;

        private WorkerProcess(Process process) => _process = process;

        public static WorkerProcess Start(Options options)
        {
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
            var start = new ProcessStartInfo(self)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
            }
            start.ArgumentList.Add("--worker");
            start.ArgumentList.Add(options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture));
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + options.MemoryBytes.ToString("X", CultureInfo.InvariantCulture);
            return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("cannot start " + self));
        }

        public async Task<DocumentResult> Measure(string id, string path, TimeSpan limit)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await _process.StandardInput.WriteLineAsync(id + "\t" + path);
                await _process.StandardInput.FlushAsync();
                var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(limit);
                if (line is not null) return JsonSerializer.Deserialize<DocumentResult>(line, Json)!;
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                return Failed(id, path, "exited with code " + _process.ExitCode + " (a crash, or the memory limit)", clock);
            }
            catch (TimeoutException)
            {
                return Failed(id, path, "did not answer within " + limit.TotalSeconds + " s", clock);
            }
            catch (IOException exception)
            {
                return Failed(id, path, "could not be reached: " + exception.Message, clock);
            }
            catch (JsonException exception)
            {
                return Failed(id, path, "answered with something other than a result: " + exception.Message, clock);
            }
        }

        /// <summary>A document the worker did not answer for: every one of its operations counts as a generator failure.</summary>
        private static DocumentResult Failed(string id, string path, string what, Stopwatch clock)
        {
            var failure = Lost + what;
            var text = File.ReadAllText(path);
            var inventory = OperationInventory.Read(path, text, out _);
            var result = inventory is null
                ? new DocumentResult { Id = id, GeneratorFailure = failure }
                : Classifier.Classify(id, inventory, Array.Empty<GeneratorFinding>(), Array.Empty<CompileProblem>(), failure);
            return result with { Bytes = text.Length, Seconds = clock.Elapsed.TotalSeconds };
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.StandardInput.Close();
                    if (!_process.WaitForExit(5000)) _process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _process.Dispose();
        }
    }
}
