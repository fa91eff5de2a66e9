using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace CallsGen.Benchmarks;

/// <summary>
/// dotnet run -c Release --project benchmarks/CallsGen.Benchmarks -- --build-cost [--runs N] [--vendor-runs N] [--skip-vendor] [--no-build-servers] [--keep]
/// <para>
/// What the generator adds to `dotnet build` of a consumer. Packs CallsGen into a temporary feed, then for each
/// document makes a pair of console projects in a temporary folder (never inside the repository):
/// A references the package (the generator runs in the compiler) and lists the document as an AdditionalFiles item;
/// B is the same project without the generator: it references CallsGen.Runtime.dll from the restored package and
/// compiles the sources the generator emitted for A (EmitCompilerGeneratedFiles) as plain .cs files.
/// Each project is restored once and built once untimed (warm-up; for A that is the build that emits the sources);
/// then, alternating A and B, N cold builds (bin and obj deleted, the restore outputs in obj kept;
/// `dotnet build --no-restore`) and N no-change incremental builds are timed, wall clock of the whole
/// `dotnet build` process. N is 5 for specs/vapi-list-calls.yaml and 3 for the vendor document, all operations
/// (about 45 s a cold build on 2 cores), so the whole run takes about 8 minutes on 2 cores.
/// </para>
/// <para>
/// By default the build servers are on (MSBuild node reuse, the shared compiler server VBCSCompiler), as users have
/// them, and warmed up by the untimed builds, so the generator is already loaded and JIT-compiled in the compiler
/// server. --no-build-servers passes --disable-build-servers to every build instead (a fresh compiler process each
/// time, so the generator's load and JIT are paid on every build). The build servers started in the default mode are
/// left running; they exit on their own when idle (`dotnet build-server shutdown` stops them at once).
/// </para>
/// </summary>
public static class BuildCost
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public sealed record Pair(string Name, string Description, int Runs, int GeneratedFiles, long GeneratedBytes, Stats ColdA, Stats ColdB, Stats IncrementalA, Stats IncrementalB);

    public sealed record Stats(IReadOnlyList<double> Seconds)
    {
        public double Median
        {
            get
            {
                var sorted = Seconds.OrderBy(s => s).ToArray();
                return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            }
        }

        public double Min => Seconds.Min();

        public double Max => Seconds.Max();

        public override string ToString() => $"{Median:0.00} s ({Min:0.00}–{Max:0.00})";
    }

    private sealed record Document(string Name, string Description, string SourcePath, string FileName, string? Operations, int Runs);

    private const string ConsumerProgram = """
        using System;
        using System.Threading.Tasks;
        using CallsGen.Runtime;
        using Vapi;

        internal static class Program
        {
            private static async Task<int> Main()
            {
                var options = new ApiClientOptions
                {
                    BaseAddress = new Uri(Environment.GetEnvironmentVariable("CALLSGEN_BASE_URL") ?? "http://127.0.0.1:5000"),
                    ApiKey = Environment.GetEnvironmentVariable("CALLSGEN_API_KEY"),
                };
                using var client = new VapiClient(options);
                var calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 5 });
                Console.WriteLine($"calls: {calls.Count}");
                foreach (Call call in calls)
                {
                    Console.WriteLine($"call {call.Id} {call.Status?.Value ?? "-"}");
                }
                return 0;
            }
        }
        """;

    public static int Run(string[] args)
    {
        int runs = Option(args, "--runs", 5);
        int vendorRuns = Option(args, "--vendor-runs", 3);
        bool servers = !args.Contains("--no-build-servers");
        bool keep = args.Contains("--keep");

        var total = Stopwatch.StartNew();
        var root = Path.Combine(Path.GetTempPath(), "callsgen-build-cost-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        Console.WriteLine($"// Build cost: {runs} cold and {runs} incremental builds per project ({vendorRuns} for the vendor document), build servers {(servers ? "ON (default; warmed up)" : "OFF (--disable-build-servers)")}, in {root}");
        try
        {
            // Keep MSBuild's search for Directory.Build.* files (and NuGet's for configs) inside the temp folder.
            File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />");

            var feed = Path.Combine(root, "feed");
            Console.WriteLine("// packing CallsGen into a temporary feed ...");
            Dotnet(root, servers: false, "pack", Path.Combine(GeneratorHost.RepoRoot, "runtime", "CallsGen.Runtime.csproj"),
                "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(root, "artifacts"));
            var package = Directory.GetFiles(feed, "CallsGen.*.nupkg").Single();
            var version = Path.GetFileNameWithoutExtension(package)["CallsGen.".Length..];
            File.WriteAllText(Path.Combine(root, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="callsgen-build-cost-feed" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="callsgen-build-cost-feed">
                      <package pattern="CallsGen" />
                    </packageSource>
                    <packageSource key="nuget.org">
                      <package pattern="*" />
                    </packageSource>
                  </packageSourceMapping>
                </configuration>
                """);

            var documents = new List<Document>
            {
                new("list-calls", "`specs/vapi-list-calls.yaml`", Path.Combine(GeneratorHost.RepoRoot, "specs", "vapi-list-calls.yaml"), "vapi-list-calls.yaml", null, runs),
            };
            if (args.Contains("--skip-vendor"))
            {
                Console.WriteLine("// Skipping the vendor-document pair (--skip-vendor).");
            }
            else if (GeneratorHost.VendorDocument is { } vendor)
            {
                // Copied into the temporary folder only, never into the repository.
                documents.Add(new("vendor-all", "vendor document, all operations", vendor, "vapi-openapi.json", null, vendorRuns));
            }
            else
            {
                Console.WriteLine("// Skipping the vendor-document pair: ../shared/reference/vapi-openapi.json (beside the checkout) or CALLSGEN_REFERENCE_SPEC not found.");
            }

            var pairs = documents.Select(d => Measure(root, version, d, servers)).ToList();
            var report = BuildReport(pairs, servers, total.Elapsed);
            Console.WriteLine();
            Console.WriteLine(report);
            var folder = Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts", "results");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "callsgen-build-cost.md"), report);
            if (servers) Console.WriteLine("// The build servers started for this run exit on their own when idle (`dotnet build-server shutdown` stops them now).");
            return 0;
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine("// kept " + root);
            }
            else
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static Pair Measure(string root, string version, Document document, bool servers)
    {
        int runs = document.Runs;
        Console.WriteLine($"// {document.Name}: creating the pair ...");
        var folder = Path.Combine(root, document.Name);
        var a = Path.Combine(folder, "WithGenerator");
        var b = Path.Combine(folder, "PlainSources");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);

        // A: the package, the document as an AdditionalFiles item.
        File.Copy(document.SourcePath, Path.Combine(a, document.FileName));
        File.WriteAllText(Path.Combine(a, "Program.cs"), ConsumerProgram);
        var operations = document.Operations is null ? "" : $" CallsGenOperations=\"{document.Operations}\"";
        File.WriteAllText(Path.Combine(a, "Consumer.csproj"), Project($"""
              <ItemGroup>
                <PackageReference Include="CallsGen" Version="{version}" />
                <AdditionalFiles Include="{document.FileName}" CallsGenNamespace="Vapi" CallsGenClientName="VapiClient"{operations} />
              </ItemGroup>
            """));
        Dotnet(a, servers, "restore");

        // The sources the generator emits for A: this build is also A's untimed warm-up (it loads the generator into the compiler server).
        var emitted = Path.Combine(folder, "emitted");
        Dotnet(a, servers, "build", "--no-restore", "-p:EmitCompilerGeneratedFiles=true", "-p:CompilerGeneratedFilesOutputPath=" + emitted);
        var generated = Directory.GetFiles(emitted, "*.cs", SearchOption.AllDirectories);
        if (generated.Length == 0) throw new InvalidOperationException("the generator emitted no sources for " + document.Name);

        // B: the runtime DLL from the restored package, the emitted sources as plain files, no generator.
        var runtimeDll = Path.Combine(root, "packages", "callsgen", version.ToLowerInvariant(), "lib", "net10.0", "CallsGen.Runtime.dll");
        if (!File.Exists(runtimeDll)) throw new InvalidOperationException(runtimeDll + " not found after the restore");
        File.WriteAllText(Path.Combine(b, "Program.cs"), ConsumerProgram);
        long bytes = 0;
        foreach (var file in generated)
        {
            var target = Path.Combine(b, "Generated", Path.GetRelativePath(emitted, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            bytes += new FileInfo(file).Length;
        }
        File.WriteAllText(Path.Combine(b, "Consumer.csproj"), Project($"""
              <ItemGroup>
                <Reference Include="CallsGen.Runtime" HintPath="../../packages/callsgen/{version.ToLowerInvariant()}/lib/net10.0/CallsGen.Runtime.dll" />
              </ItemGroup>
            """));
        Dotnet(b, servers, "restore");
        Console.WriteLine($"// {document.Name}: {generated.Length} generated files ({bytes / 1024.0:N0} KiB); warm-up build of the plain-sources project ...");

        // B's untimed warm-up.
        Dotnet(b, servers, "build", "--no-restore");

        var coldA = new List<double>();
        var coldB = new List<double>();
        var incrementalA = new List<double>();
        var incrementalB = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            // Alternate which goes first, so that neither always follows the other.
            foreach (var (project, times) in i % 2 == 0 ? new[] { (a, coldA), (b, coldB) } : new[] { (b, coldB), (a, coldA) })
            {
                Clean(project);
                times.Add(Dotnet(project, servers, "build", "--no-restore"));
            }
            Console.WriteLine($"// {document.Name}: cold {i + 1}/{runs}: with generator {coldA[^1]:0.00} s, plain sources {coldB[^1]:0.00} s");
        }

        for (int i = 0; i < runs; i++)
        {
            foreach (var (project, times) in i % 2 == 0 ? new[] { (a, incrementalA), (b, incrementalB) } : new[] { (b, incrementalB), (a, incrementalA) })
            {
                times.Add(Dotnet(project, servers, "build", "--no-restore"));
            }
            Console.WriteLine($"// {document.Name}: incremental {i + 1}/{runs}: with generator {incrementalA[^1]:0.00} s, plain sources {incrementalB[^1]:0.00} s");
        }

        return new Pair(document.Name, document.Description, runs, generated.Length, bytes, new Stats(coldA), new Stats(coldB), new Stats(incrementalA), new Stats(incrementalB));
    }

    private static string Project(string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Consumer</AssemblyName>
            <Nullable>enable</Nullable>
            <ImplicitUsings>disable</ImplicitUsings>
            <!-- A packages folder of its own, so that a stale CallsGen in a shared cache cannot be used. -->
            <RestorePackagesPath>$(MSBuildThisFileDirectory)../../packages</RestorePackagesPath>
          </PropertyGroup>
        {items}
        </Project>
        """;

    /// <summary>Deletes bin and obj except the restore outputs (project.assets.json, project.nuget.cache, *.nuget.*), as after `git clean` and a restore.</summary>
    private static void Clean(string project)
    {
        var bin = Path.Combine(project, "bin");
        if (Directory.Exists(bin)) Directory.Delete(bin, recursive: true);
        var obj = Path.Combine(project, "obj");
        if (!Directory.Exists(obj)) return;
        foreach (var directory in Directory.GetDirectories(obj)) Directory.Delete(directory, recursive: true);
        foreach (var file in Directory.GetFiles(obj))
        {
            var name = Path.GetFileName(file);
            if (name is "project.assets.json" or "project.nuget.cache" || name.Contains(".nuget.", StringComparison.Ordinal)) continue;
            File.Delete(file);
        }
    }

    /// <summary>Runs `dotnet` from PATH and returns its wall-clock time in seconds; throws with its output when it fails.</summary>
    private static double Dotnet(string workingDirectory, bool servers, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-nologo");
        // Said explicitly either way: CI images and sandboxes often turn the servers off through the environment
        // (UseSharedCompilation=false, MSBUILDDISABLENODEREUSE=1), which would otherwise win silently.
        foreach (var name in new[] { "UseSharedCompilation", "MSBUILDDISABLENODEREUSE", "DOTNET_CLI_USE_MSBUILD_SERVER" })
        {
            start.Environment.Remove(name);
        }
        if (servers)
        {
            if (arguments[0] is "build" or "pack") start.ArgumentList.Add("-p:UseSharedCompilation=true");
            if (arguments[0] is "build" or "pack" or "restore") start.ArgumentList.Add("-nodeReuse:true");
        }
        else
        {
            start.ArgumentList.Add("--disable-build-servers");
        }
        // Variables that `dotnet run` of this harness leaves behind would point the child at another MSBuild.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // The timed overload returns when the process exits; build-server processes it started may keep the
        // output pipes open for minutes, so do not wait for the end of the streams.
        bool exited = process.WaitForExit((int)BuildTimeout.TotalMilliseconds);
        clock.Stop();
        if (!exited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
        if (!exited || process.ExitCode != 0)
        {
            System.Threading.Thread.Sleep(200);
            string text;
            lock (output) text = output.ToString();
            throw new InvalidOperationException($"dotnet {string.Join(' ', start.ArgumentList)} (in {workingDirectory}) {(exited ? "exited with " + process.ExitCode : "timed out")}\n{text}");
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static string BuildReport(IReadOnlyList<Pair> pairs, bool servers, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("## CallsGen build cost: `dotnet build` with the generator vs the emitted sources as plain files");
        text.AppendLine();
        text.AppendLine($".NET SDK build of a console consumer; median (min–max) of the runs shown, wall clock of the `dotnet build --no-restore` process. "
            + $"Build servers {(servers ? "ON (MSBuild node reuse and the shared compiler server, warmed up by an untimed build of each project)" : "OFF (--disable-build-servers: a fresh compiler process each build)")}. "
            + $".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}. Whole run {elapsed.TotalMinutes:0.0} min.");
        text.AppendLine();
        text.AppendLine("| document | generated files | build | runs | with generator | plain sources | ratio | added |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var p in pairs)
        {
            text.AppendLine($"| {p.Description} | {p.GeneratedFiles} ({p.GeneratedBytes / 1024.0:N0} KiB) | cold | {p.Runs} | {p.ColdA} | {p.ColdB} | {p.ColdA.Median / p.ColdB.Median:0.00}x | {Added(p.ColdA, p.ColdB)} |");
            text.AppendLine($"| | | incremental, no change | {p.Runs} | {p.IncrementalA} | {p.IncrementalB} | {p.IncrementalA.Median / p.IncrementalB.Median:0.00}x | {Added(p.IncrementalA, p.IncrementalB)} |");
        }

        text.AppendLine();
        text.AppendLine("### Target");
        text.AppendLine();
        foreach (var p in pairs)
        {
            double added = (p.ColdA.Median / p.ColdB.Median - 1) * 100;
            text.AppendLine($"- {p.Description}: the generator adds under 20 % to a cold build: {added.ToString("+0;-0", CultureInfo.InvariantCulture)} % -> {(added < 20 ? "MET" : "MISSED")}");
        }

        return text.ToString();
    }

    private static string Added(Stats a, Stats b) =>
        ((a.Median / b.Median - 1) * 100).ToString("+0;-0", CultureInfo.InvariantCulture) + " %";
}
