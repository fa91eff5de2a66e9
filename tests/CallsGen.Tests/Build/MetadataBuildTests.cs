using System;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Build;

/// <summary>
/// AdditionalFiles metadata through the path users take: a real `dotnet build` (MSBuild, CallsGen's build step,
/// the generated .editorconfig file, the generator), not an in-memory driver. In that file ';' and '#' start a
/// comment; the build step carries them, and a misspelled metadata name gets a warning at its line.
/// </summary>
[Trait("Category", "Package")]
public sealed class MetadataBuildTests : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(4);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "callsgen-metadata-" + Guid.NewGuid().ToString("N")[..12]);

    public MetadataBuildTests()
    {
        Directory.CreateDirectory(_root);
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
    public void Semicolons_hashes_and_misspelled_names_survive_a_real_build()
    {
        File.Copy(Repo.Spec("constructs.json"), Path.Combine(_root, "notes.json"));
        File.WriteAllText(Path.Combine(_root, "unrelated.txt"), "not a document");
        // Both listed operations must be generated: the code calls them, so a list cut at ';' fails the build.
        File.WriteAllText(Path.Combine(_root, "Uses.cs"), """
            namespace Consumer;

            internal static class Uses
            {
                internal static string[] Methods => new[] { nameof(Notes.NotesClient.ListNotesAsync), nameof(Notes.NotesClient.CreateNoteAsync) };
            }
            """);
        var targets = Path.Combine(Repo.Root, "generator", "CallsGen.Generator.ProjectReference.targets");
        var project = Path.Combine(_root, "Consumer.csproj");
        var projectText = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <Import Project="{targets}" />
              <ItemGroup>
                <AdditionalFiles Include="notes.json" CallsGenNamespace="Notes" CallsGenClientName="NotesClient" CallsGenOperations="ListNotes;CreateNote,GET /missing#fragment" />
                <AdditionalFiles Include="unrelated.txt" CallsGenNamspace="Oops" />
              </ItemGroup>
            </Project>
            """;
        File.WriteAllText(project, projectText);
        var misspelledLine = Array.FindIndex(projectText.Split('\n'), l => l.Contains("CallsGenNamspace", StringComparison.Ordinal)) + 1;

        var output = DotnetCli.Run(_root, BuildTimeout, "build", project, "-c", "Debug");
        var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("warning CG", StringComparison.Ordinal)).Distinct().ToList();

        // ';' was carried (both operations exist, or the build above would have failed) and said to be legacy.
        Assert.Contains(lines, l => l.Contains("warning CG0007", StringComparison.Ordinal) && l.Contains("'ListNotes,CreateNote,GET /missing#fragment'", StringComparison.Ordinal));
        // '#' was carried: the selector arrives whole, and matches nothing.
        Assert.Contains(lines, l => l.Contains("warning CG0005", StringComparison.Ordinal) && l.Contains("'GET /missing#fragment'", StringComparison.Ordinal));
        // The misspelled name is reported at its line and column in the project file.
        var misspelled = Assert.Single(lines, l => l.Contains("warning CG0009", StringComparison.Ordinal));
        Assert.Contains("Consumer.csproj(" + misspelledLine + ",", misspelled, StringComparison.Ordinal);
        Assert.Contains("'CallsGenNamspace'", misspelled, StringComparison.Ordinal);
        Assert.Contains("'CallsGenNamespace'", misspelled, StringComparison.Ordinal);
    }
}
