using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Properties;

/// <summary>
/// The property every document must have: the generator never throws or reports CG9999; every
/// diagnostic it reports is located in the document; the output compiles with no errors and no
/// warnings; and no generated type, member or parameter has a name the document's text injected
/// (see <see cref="HostileText.Markers"/>). Many documents are checked in one generator run and one
/// compilation (each in its own namespace), because compiling dominates the cost.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>A document with the generator options it is given and the name it is reported by.</summary>
    public sealed record Input(string Id, string Path, string Text, string Namespace, string? ClientName, string? Operations = null)
    {
        /// <summary>The leading, plain part of the namespace, which the generator keeps as it is: output under it belongs to this input.</summary>
        public string Key { get; init; } = Namespace;

        public SpecFile ToSpecFile() => SpecFile.Create(Path, Text, Namespace, ClientName, Operations);
    }

    /// <summary>Diagnostics that may be reported without a position in the document (they are about the generator options, not its text).</summary>
    // Diagnostics about the metadata or the file as a whole, which have no place inside the document.
    private static readonly HashSet<string> UnlocatedAllowed = new(StringComparer.Ordinal) { "CG0005", "CG0007", "CG0008", "CG0011" };

    public static Input ForRandom(RandomDocument document, int index) => new(
        "case " + index.ToString(CultureInfo.InvariantCulture),
        "c" + index.ToString(CultureInfo.InvariantCulture) + "/" + document.FileName,
        document.Text,
        "Prop.C" + index.ToString(CultureInfo.InvariantCulture) + (document.NamespaceSuffix.Length > 0 ? "." + document.NamespaceSuffix : ""),
        document.ClientName)
    {
        Key = "Prop.C" + index.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The problems found per input (an input with none is absent); inputs must have distinct paths and namespaces.</summary>
    public static Dictionary<Input, List<string>> Check(IReadOnlyList<Input> inputs)
    {
        var problems = new Dictionary<Input, List<string>>();
        void Add(Input input, string problem)
        {
            if (!problems.TryGetValue(input, out var list)) problems[input] = list = new List<string>();
            if (list.Count < 20) list.Add(problem);
        }

        GeneratorRun run;
        try
        {
            run = GeneratorHarness.Run(inputs.Select(i => i.ToSpecFile()));
        }
        catch (Exception exception)
        {
            foreach (var input in inputs) Add(input, "the generator driver threw " + exception);
            return problems;
        }
        foreach (var result in run.Result.Results.Where(r => r.Exception is not null))
        {
            foreach (var input in inputs) Add(input, "the generator threw " + result.Exception);
        }

        var byPath = inputs.ToDictionary(i => i.Path, StringComparer.Ordinal);
        foreach (var diagnostic in run.Diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            if (!byPath.TryGetValue(span.Path ?? "", out var input))
            {
                if (diagnostic.Id == "CG9999" || diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    foreach (var each in inputs) Add(each, "unattributed generator diagnostic: " + diagnostic);
                }
                continue;
            }
            if (diagnostic.Id == "CG9999") Add(input, "internal error: " + diagnostic);
            var start = span.StartLinePosition;
            if (start.Line == 0 && start.Character == 0 && !UnlocatedAllowed.Contains(diagnostic.Id)) Add(input, "not located: " + diagnostic);
        }

        Input? Owner(string? namespaceOrFile)
        {
            if (namespaceOrFile is null) return null;
            foreach (var input in inputs)
            {
                if (namespaceOrFile == input.Key || namespaceOrFile.StartsWith(input.Key + ".", StringComparison.Ordinal)) return input;
            }
            return null;
        }

        foreach (var diagnostic in run.CompileDiagnostics)
        {
            var file = diagnostic.Location.SourceTree?.FilePath;
            var owner = Owner(file is null ? null : Path.GetFileName(file));
            if (owner is null)
            {
                foreach (var input in inputs) Add(input, "unattributed compiler diagnostic: " + diagnostic);
                continue;
            }
            var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
            var text = diagnostic.Location.SourceTree!.GetText().Lines[line].ToString().Trim();
            Add(owner, diagnostic + "\n      at: " + (text.Length > 300 ? text.Substring(0, 300) + "..." : text));
        }

        foreach (var type in AllTypes(run.Output.Assembly.GlobalNamespace))
        {
            var owner = Owner(type.ContainingNamespace.ToDisplayString());
            if (owner is null) continue;
            foreach (var name in NamesDeclaredBy(type))
            {
                var bare = name.TrimStart('@');
                if (HostileText.Markers.Any(m => string.Equals(m, bare, StringComparison.OrdinalIgnoreCase)))
                {
                    Add(owner, "the document injected the name '" + bare + "' into " + type.ToDisplayString());
                }
            }
        }
        return problems;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                foreach (var type in AllTypes(inner)) yield return type;
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in Nested(type)) yield return nested;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> Nested(INamedTypeSymbol type)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            yield return nested;
            foreach (var deeper in Nested(nested)) yield return deeper;
        }
    }

    private static IEnumerable<string> NamesDeclaredBy(INamedTypeSymbol type)
    {
        yield return type.Name;
        foreach (var member in type.GetMembers())
        {
            yield return member.Name;
            if (member is IMethodSymbol method)
            {
                foreach (var parameter in method.Parameters) yield return parameter.Name;
            }
        }
    }

    public static string Describe(Input input, IEnumerable<string> problems, int maxText = 6000)
    {
        var text = input.Text.Length > maxText ? input.Text.Substring(0, maxText) + "\n... (" + input.Text.Length + " characters)" : input.Text;
        return input.Id + ": " + input.Path + ", namespace " + input.Namespace + ", client " + (input.ClientName ?? "<from title>")
            + (input.Operations is null ? "" : ", operations " + input.Operations) + "\n  - "
            + string.Join("\n  - ", problems) + "\n--- document ---\n" + text + "\n--- end ---";
    }
}

/// <summary>
/// The CPU-heavy property and mutation runs go alone, after the parallel tests, so they do not starve
/// the timing-sensitive network tests on a small machine.
/// </summary>
[Xunit.CollectionDefinition(nameof(CpuHeavyCollection), DisableParallelization = true)]
public sealed class CpuHeavyCollection
{
}
