using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Threading.Tasks;
using CallsGen.Samples.VapiSimulator;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Package;

/// <summary>
/// The package a user installs: `dotnet pack` makes the one package CallsGen, and a fresh console
/// project that references it (and nothing else) builds with warnings as errors and lists calls from
/// the simulator. The same consumer code builds through the in-repository ProjectReference route too.
/// These run real `dotnet` builds (about a minute in all).
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageTests : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);

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
                    BaseAddress = new Uri(Environment.GetEnvironmentVariable("CALLSGEN_BASE_URL")!),
                    ApiKey = Environment.GetEnvironmentVariable("CALLSGEN_API_KEY"),
                };
                using var client = new VapiClient(options);
                var calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 5 });
                Console.WriteLine($"calls: {calls.Count}");
                foreach (Call call in calls)
                {
                    // With the overlay every message binds to its kind; without it most would stay raw.
                    var total = call.Messages?.Count ?? 0;
                    var typed = 0;
                    foreach (var message in call.Messages ?? []) if (!message.IsUnknown) typed++;
                    Console.WriteLine($"call {call.Id} {call.Status?.Value ?? "-"} {typed}/{total}");
                }
                return 0;
            }
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "callsgen-package-" + Guid.NewGuid().ToString("N")[..12]);

    public PackageTests()
    {
        Directory.CreateDirectory(_root);
        // Stop MSBuild's search for Directory.Build.* files (and NuGet's for configs) from leaving the temp folder's tree.
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.targets"), "<Project />");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [Fact]
    public async Task The_packed_package_installs_builds_and_lists_calls()
    {
        var feed = Path.Combine(_root, "feed");
        Dotnet(_root, PackTimeout, "pack", Path.Combine(Repo.Root, "runtime", "CallsGen.Runtime.csproj"),
            "-c", "Release", "-o", feed, "--artifacts-path", Path.Combine(_root, "artifacts"));

        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["CallsGen.".Length..];
        Assert.Equal(ExpectedVersion(), version);
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("package/", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(
                new[]
                {
                    "analyzers/dotnet/cs/CallsGen.Generator.dll",
                    "analyzers/dotnet/cs/Microsoft.OpenApi.dll",
                    "analyzers/dotnet/cs/Microsoft.OpenApi.YamlReader.dll",
                    "analyzers/dotnet/cs/SharpYaml.dll",
                    "buildTransitive/CallsGen.props",
                    "CallsGen.nuspec",
                    "icon.png",
                    "lib/net10.0/CallsGen.Runtime.dll",
                    "lib/net10.0/CallsGen.Runtime.xml",
                    "README.md",
                    "tasks/netstandard2.0/CallsGen.Tasks.dll",
                }.OrderBy(n => n, StringComparer.Ordinal),
                entries);
            using var props = new StreamReader(zip.GetEntry("buildTransitive/CallsGen.props")!.Open());
            Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "generator", "CallsGen.props")), props.ReadToEnd());
            using var nuspec = new StreamReader(zip.GetEntry("CallsGen.nuspec")!.Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("<license type=\"expression\">MIT</license>", manifest, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
            Assert.Contains("<tags>", manifest, StringComparison.Ordinal);
            Assert.Contains("<description>", manifest, StringComparison.Ordinal);
            Assert.DoesNotContain("<dependency ", manifest, StringComparison.Ordinal);
            Assert.Contains("<icon>icon.png</icon>", manifest, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllBytes(Path.Combine(Repo.Root, "build", "icon.png")), ReadAll(zip, "icon.png"));
            Assert.Contains("<releaseNotes>" + File.ReadAllText(Path.Combine(Repo.Root, "build", "RELEASE-NOTES.md")).Trim().Split('\n')[0], manifest, StringComparison.Ordinal);
            // The repository: the commit from git; a URL only from a hosted remote (or a publisher's property), never a path.
            string? remote = GitRemote();
            Assert.Matches("<repository type=\"git\"[^>]* commit=\"[0-9a-f]{40}\"", manifest);
            if (remote is null)
            {
                Assert.DoesNotContain("url=", manifest.Split("<repository")[1].Split("/>")[0], StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("url=\"" + remote, manifest, StringComparison.Ordinal);
            }

            Assert.DoesNotContain(Repo.Root, manifest, StringComparison.Ordinal);
            foreach (var assembly in new[] { "lib/net10.0/CallsGen.Runtime.dll", "analyzers/dotnet/cs/CallsGen.Generator.dll", "tasks/netstandard2.0/CallsGen.Tasks.dll" })
            {
                AssertPathFreeAndDebuggable(ReadAll(zip, assembly), assembly, hostedRemote: remote is not null);
            }
        }

        // A project on a target the runtime does not support gets one CallsGen error naming the supported targets,
        // not CS0400 inside generated files. (The .NET 8 targeting pack restores from the feed; nothing is run.)
        var old = CreateConsumer("OldTarget", $"""
              <PropertyGroup>
                <RestorePackagesPath>$(MSBuildThisFileDirectory)../packages</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CallsGen" Version="{version}" />
              </ItemGroup>
            """, targetFramework: "net8.0");

        var consumer = CreateConsumer("FromPackage", $"""
              <PropertyGroup>
                <!-- A packages folder of its own, so that a stale CallsGen in a shared cache cannot hide a problem. -->
                <RestorePackagesPath>$(MSBuildThisFileDirectory)../packages</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CallsGen" Version="{version}" />
              </ItemGroup>
            """);
        File.WriteAllText(Path.Combine(_root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="callsgen-test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="callsgen-test-feed">
                  <package pattern="CallsGen" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        await BuildRunAndCheck(consumer);
        Assert.True(Directory.Exists(Path.Combine(_root, "packages", "callsgen", version)), "CallsGen was not restored into the fresh packages folder");

        var (exitCode, output, error) = DotnetCli.RunForExit(_root, BuildTimeout, new Dictionary<string, string>(), "build", old, "-c", "Debug");
        var transcript = output + error;
        Assert.True(exitCode != 0, "a net8.0 consumer built:\n" + transcript);
        Assert.Contains("error CG0030", transcript, StringComparison.Ordinal);
        Assert.Contains("CallsGen supports net10.0 or later", transcript, StringComparison.Ordinal);
        Assert.Contains("'net8.0'", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("CS0400", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("error CS", transcript, StringComparison.Ordinal);
    }

    private static byte[] ReadAll(ZipArchive zip, string entry)
    {
        using var stream = zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    /// <summary>
    /// The assembly's embedded PDB names its sources by /_/ paths only (deterministic, nothing of the build machine), and
    /// a debugger can find them: through SourceLink when the repository has a hosted remote, else embedded in the PDB.
    /// </summary>
    private static void AssertPathFreeAndDebuggable(byte[] image, string name, bool hostedRemote)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var entry = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        var pdb = provider.GetMetadataReader();
        var documents = pdb.Documents.Select(h => (Handle: h, Name: pdb.GetString(pdb.GetDocument(h).Name))).ToList();
        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.True(System.Text.RegularExpressions.Regex.IsMatch(d.Name, "^/_[0-9]*/"), name + " names a source by a machine path: " + d.Name));
        var information = pdb.CustomDebugInformation.Select(h => pdb.GetCustomDebugInformation(h)).ToList();
        bool sourceLink = information.Any(i => pdb.GetGuid(i.Kind) == SourceLinkKind);
        // A hosted remote on a host SourceLink knows (GitHub, GitLab, Azure Repos, Bitbucket) gives links; without one there are none.
        Assert.True(hostedRemote || !sourceLink, name + ": SourceLink without a hosted remote to link to");
        if (!sourceLink)
        {
            var embedded = information.Where(i => pdb.GetGuid(i.Kind) == EmbeddedSourceKind).Select(i => i.Parent).ToHashSet();
            Assert.All(documents, d => Assert.True(embedded.Contains(d.Handle), name + " neither links nor embeds " + d.Name));
        }
    }

    /// <summary>The repository's origin when it is a hosted (http or https) one; null for none, or a local path.</summary>
    private static string? GitRemote()
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        foreach (var argument in new[] { "remote", "get-url", "origin" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var url = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || !(url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal))) return null;
        return url.EndsWith(".git", StringComparison.Ordinal) ? url[..^4] : url;
    }

    [Fact]
    public async Task The_same_consumer_builds_through_the_ProjectReference_route()
    {
        var targets = Path.Combine(Repo.Root, "generator", "CallsGen.Generator.ProjectReference.targets");
        var consumer = CreateConsumer("FromProjectReference", $"""
              <Import Project="{targets}" />
            """);

        await BuildRunAndCheck(consumer);
    }

    /// <summary>One set of assertions for both routes: builds with warnings as errors, runs against the simulator, prints the calls it served.</summary>
    private async Task BuildRunAndCheck(string project)
    {
        Dotnet(_root, BuildTimeout, "build", project, "-c", "Debug", "-warnaserror");
        var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Debug", "net10.0", "Consumer.dll");
        Assert.True(File.Exists(dll), dll + " was not built");

        await using var simulator = await VapiSimulator.StartAsync(new SimulatorOptions { CallCount = 12 });
        var output = Dotnet(_root, RunTimeout, new Dictionary<string, string>
        {
            ["CALLSGEN_BASE_URL"] = simulator.BaseAddress.ToString(),
            ["CALLSGEN_API_KEY"] = simulator.ApiKey,
        }, dll);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("calls: 5", lines);
        var served = simulator.GetCalls().ToDictionary(c => (string)c["id"]!, c => (string?)c["status"] ?? "-");
        var printed = lines.Where(l => l.StartsWith("call ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(5, printed.Count);
        foreach (var parts in printed)
        {
            Assert.True(served.TryGetValue(parts[1], out var status), $"printed a call the simulator does not have: {string.Join(' ', parts)}\n{output}");
            Assert.Equal(status, parts[2]);
            var counts = parts[3].Split('/');
            Assert.Equal(counts[1], counts[0]);
        }
        var request = Assert.Single(simulator.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/call", request.Path);
        Assert.Equal("5", Assert.Single(request.Query["limit"]));
        Assert.Equal("Bearer " + simulator.ApiKey, request.Authorization);
    }

    private string CreateConsumer(string name, string references, string targetFramework = "net10.0")
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        File.Copy(Repo.Spec("vapi-list-calls.yaml"), Path.Combine(directory, "vapi-list-calls.yaml"));
        // The sample's overlay, listed on the document's one line: the build step adds it to the compiler's files.
        Directory.CreateDirectory(Path.Combine(directory, "corrections"));
        File.Copy(Path.Combine(Repo.Root, "samples", "ListCalls", "vapi.overlay.yaml"), Path.Combine(directory, "corrections", "vapi.overlay.yaml"));
        File.WriteAllText(Path.Combine(directory, "Program.cs"), ConsumerProgram);
        var project = Path.Combine(directory, "Consumer.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{targetFramework}</TargetFramework>
                <AssemblyName>Consumer</AssemblyName>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
            {references}
              <ItemGroup>
                <AdditionalFiles Include="vapi-list-calls.yaml" CallsGenNamespace="Vapi" CallsGenClientName="VapiClient" CallsGenOverlays="corrections/vapi.overlay.yaml" />
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    private static string ExpectedVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(Repo.Root, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value.Trim();
    }

    private static string Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        DotnetCli.Run(workingDirectory, timeout, arguments);

    private static string Dotnet(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        DotnetCli.Run(workingDirectory, timeout, environment, arguments);
}
