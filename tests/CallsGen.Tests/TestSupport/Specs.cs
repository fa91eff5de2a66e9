using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.TestSupport;

/// <summary>The project's documents as generator inputs, and runs of them shared across tests.</summary>
internal static class Specs
{
    public const string VapiPath = "specs/vapi-list-calls.yaml";
    public const string ConstructsPath = "specs/constructs.json";

    public static SpecFile Vapi() =>
        SpecFile.Create(VapiPath, File.ReadAllText(Repo.Spec("vapi-list-calls.yaml")), "Vapi", "VapiClient");

    public static SpecFile Constructs() =>
        SpecFile.Create(ConstructsPath, File.ReadAllText(Repo.Spec("constructs.json")), "Notes", "NotesClient");

    private static readonly Lazy<GeneratorRun> VapiRunLazy = new(() => GeneratorHarness.Run(Vapi()));
    private static readonly Lazy<GeneratorRun> ConstructsRunLazy = new(() => GeneratorHarness.Run(Constructs()));

    /// <summary>One shared run of the Vapi document (the run result is immutable).</summary>
    public static GeneratorRun VapiRun => VapiRunLazy.Value;

    public static GeneratorRun ConstructsRun => ConstructsRunLazy.Value;

    private static readonly Lazy<byte[]> VapiImage = new(() => Emit(VapiRun.Output));

    /// <summary>Emits a compilation to an assembly image; fails with the errors when it does not build.</summary>
    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(30)));
        }
        return stream.ToArray();
    }

    /// <summary>Loads the Vapi output into a fresh collectible context; CallsGen.Runtime and the BCL resolve from the default context.</summary>
    public static GeneratedAssembly LoadVapi() => GeneratedAssembly.Load(VapiImage.Value);
}

/// <summary>An emitted consumer assembly loaded in a collectible context.</summary>
internal sealed class GeneratedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private GeneratedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static GeneratedAssembly Load(byte[] image)
    {
        // Resolving nothing itself, the context falls back to the default one, where CallsGen.Runtime is loaded.
        var context = new AssemblyLoadContext("CallsGen.Tests.Generated", isCollectible: true);
        using var stream = new MemoryStream(image);
        return new GeneratedAssembly(context, context.LoadFromStream(stream));
    }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    public void Dispose() => _context.Unload();
}
