using System;
using System.IO;

namespace CallsGen.Tests.TestSupport;

/// <summary>Paths in the repository and beside it, found from the test binaries' folder.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Specs => Path.Combine(Root, "specs");

    public static string Spec(string name) => Path.Combine(Specs, name);

    /// <summary>The vendor's published document, kept outside the project (in shared/reference beside the checkout); null when absent.</summary>
    public static string? ReferenceSpec
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("CALLSGEN_REFERENCE_SPEC");
            if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment)) return fromEnvironment;
            var beside = Path.GetFullPath(Path.Combine(Root, "..", "shared", "reference", "vapi-openapi.json"));
            return File.Exists(beside) ? beside : null;
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallsGen.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CallsGen.sln not found above " + AppContext.BaseDirectory);
    }
}
