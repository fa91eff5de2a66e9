using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CallsGen.Tests.Generator;

/// <summary>
/// Keeps the generator's source in the shape ARCHITECTURE.md promises: small methods with short parameter lists,
/// so a change lands in one readable place. Measured on the syntax trees of the generator's own files.
/// </summary>
public sealed class GeneratorShapeTests
{
    private const int MaxMethodLines = 60;
    private const int MaxParameters = 7;

    private static string Name(BaseMethodDeclarationSyntax method) => method switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text,
        _ => method.Kind().ToString(),
    };

    private static int Lines(BaseMethodDeclarationSyntax method)
    {
        var span = method.GetLocation().GetLineSpan();
        return span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
    }

    private static IEnumerable<(string File, BaseMethodDeclarationSyntax Method)> Methods()
    {
        var root = Path.Combine(Repo.Root, "generator");
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: relative);
            foreach (var method in tree.GetRoot().DescendantNodes().OfType<BaseMethodDeclarationSyntax>())
            {
                yield return (relative, method);
            }
        }
    }

    private static string Describe(string file, BaseMethodDeclarationSyntax method, int value) =>
        $"{file}:{method.GetLocation().GetLineSpan().StartLinePosition.Line + 1} {Name(method)} ({value})";

    [Fact]
    public void No_generator_method_is_longer_than_sixty_lines()
    {
        var methods = Methods().ToList();
        Assert.True(methods.Count > 100, "the generator's sources were not found under " + Repo.Root);
        var longest = methods
            .Select(m => (m.File, m.Method, Lines: Lines(m.Method)))
            .Where(m => m.Lines > MaxMethodLines)
            .OrderByDescending(m => m.Lines)
            .Select(m => Describe(m.File, m.Method, m.Lines))
            .ToList();
        Assert.True(longest.Count == 0, "Methods over " + MaxMethodLines + " lines (split them by step):\n" + string.Join("\n", longest));
    }

    [Fact]
    public void No_generator_method_takes_more_than_seven_parameters()
    {
        var wide = Methods()
            .Where(m => m.Method.ParameterList.Parameters.Count > MaxParameters)
            .Select(m => Describe(m.File, m.Method, m.Method.ParameterList.Parameters.Count))
            .ToList();
        Assert.True(wide.Count == 0, "Methods with more than " + MaxParameters + " parameters (pass a context record):\n" + string.Join("\n", wide));
    }
}
