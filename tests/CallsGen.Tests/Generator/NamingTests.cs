using System;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using CallsGen.Generator.Naming;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallsGen.Tests.Generator;

/// <summary>Identifiers and escaped text made from spec strings.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("vapi.websocketCall", "VapiWebsocketCall")]
    [InlineData("11labs", "_11labs")]
    [InlineData("24h", "_24h")]
    [InlineData("in-progress", "InProgress")]
    [InlineData("wav;l16", "WavL16")]
    [InlineData("", "Empty")]
    [InlineData("=", "Eq")]
    [InlineData("!=", "NotEq")]
    [InlineData("<=", "LtEq")]
    [InlineData("||", "PipePipe")]
    public void ToPascalCase_gives_valid_readable_identifiers(string text, string expected)
    {
        Assert.Equal(expected, Identifiers.ToPascalCase(text));
        Assert.True(SyntaxFacts.IsValidIdentifier(expected));
    }

    [Fact]
    public void Punctuation_only_values_stay_distinct()
    {
        var values = new[] { "=", "!=", "<", "<=", ">", ">=", "|", "||", ";", ",", "#", "*", "''", "\"" };
        var names = values.Select(Identifiers.ToPascalCase).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(SyntaxFacts.IsValidIdentifier(n), n));
    }

    [Fact]
    public void Non_ascii_and_cjk_punctuation_give_valid_identifiers()
    {
        foreach (var value in new[] { "。", "、", "।", "café", "日本語", "naïve-mode" })
        {
            var name = Identifiers.ToPascalCase(value);
            Assert.True(SyntaxFacts.IsValidIdentifier(name), value + " -> " + name);
        }
        Assert.NotEqual(Identifiers.ToPascalCase("。"), Identifiers.ToPascalCase("、"));
    }

    [Theory]
    [InlineData("class", "@class")]
    [InlineData("object", "@object")]
    [InlineData("operator", "@operator")]
    [InlineData("do", "@do")]
    [InlineData("Namespace", "@namespace")]
    [InlineData("noteId", "noteId")]
    [InlineData("tools:append", "toolsAppend")]
    public void ToCamelCase_escapes_keywords(string text, string expected) => Assert.Equal(expected, Identifiers.ToCamelCase(text));

    [Fact]
    public void NameScope_hands_out_unique_names_in_order()
    {
        var scope = new NameScope(new[] { "Value" });
        Assert.Equal("Value2", scope.Claim("Value"));
        Assert.Equal("A", scope.Claim("A"));
        Assert.Equal("A2", scope.Claim("A"));
        Assert.Equal("A3", scope.Claim("A"));
    }

    [Fact]
    public void XmlDocLines_escape_markup_split_lines_and_drop_invisible_characters()
    {
        Assert.Equal(new[] { "a &lt;/summary&gt; b" }, CSharpText.XmlDocLines("a </summary> b"));
        Assert.Equal(new[] { "x &amp; y &lt;b&gt;" }, CSharpText.XmlDocLines("x & y <b>"));
        // "*/" cannot end a /// comment, so it is kept as written.
        Assert.Equal(new[] { "ends */ here" }, CSharpText.XmlDocLines("ends */ here"));
        Assert.Equal(new[] { "first", "public int X;" }, CSharpText.XmlDocLines("\n\nfirst\r\npublic int X;\n\n"));
        // Line/paragraph separators end a // comment; bidi controls reorder how code reads.
        Assert.Equal(new[] { "abcd" }, CSharpText.XmlDocLines("a\u2028b\u202Ec\u2066d\u200F"));
        Assert.Empty(CSharpText.XmlDocLines("   \n "));
        Assert.Empty(CSharpText.XmlDocLines(null));
        foreach (var line in CSharpText.XmlDocLines("x\u0085y\u2029z\nw"))
        {
            Assert.DoesNotContain(line, c => c is '\n' or '\r' or '\u2028' or '\u2029' or '\u0085');
        }
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\path", "\"C:\\\\path\"")]
    [InlineData("caf\u00e9", "\"caf\\u00E9\"")]
    [InlineData("line\nbreak", "\"line\\u000Abreak\"")]
    [InlineData("\u202Eevil", "\"\\u202Eevil\"")]
    public void StringLiteral_escapes_quotes_backslashes_and_non_ascii(string value, string expected)
    {
        var literal = CSharpText.StringLiteral(value);
        Assert.Equal(expected, literal);
        // And the compiler reads it back as the same string.
        var parsed = SyntaxFactory.ParseExpression(literal);
        Assert.Equal(value, ((Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)parsed).Token.ValueText);
    }

    [Fact]
    public void StringLiteral_round_trips_surrogate_pairs()
    {
        const string value = "emoji 😀 and 𝄞";
        var parsed = (Microsoft.CodeAnalysis.CSharp.Syntax.LiteralExpressionSyntax)SyntaxFactory.ParseExpression(CSharpText.StringLiteral(value));
        Assert.Equal(value, parsed.Token.ValueText);
    }
}

/// <summary>A document written to break naive code generation still gives code that compiles and means what it says.</summary>
public sealed class HostileSpecTests
{
    private const string Injection = "Nice.</summary>\npublic int X;\n/// <summary>";

    private static string HostileDocument()
    {
        var properties = new JsonObject
        {
            ["class"] = new JsonObject { ["type"] = "string", ["description"] = Injection },
            ["namespace"] = new JsonObject { ["type"] = "string", ["description"] = "ends */ a comment\u202E reversed" },
            ["do"] = new JsonObject { ["type"] = "number" },
            ["object"] = new JsonObject { ["type"] = "object" },
            ["tools:append"] = new JsonObject { ["type"] = "boolean" },
            ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            ["na\"me\\x"] = new JsonObject { ["type"] = "string" },
            ["mode"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = Injection,
                ["enum"] = new JsonArray("say \"hi\"", "back\\slash", "=", "!=", "<=", "", "11labs", "vapi.websocketCall", "Mode", "a\nb", "say \"hi\""),
            },
        };
        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = "Hostile */ </summary>", ["version"] = "1", ["description"] = Injection },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "https://example.com/\"quoted\"" }),
            ["paths"] = new JsonObject
            {
                ["/things/{class}"] = new JsonObject
                {
                    ["get"] = new JsonObject
                    {
                        ["operationId"] = "getThing",
                        ["summary"] = "Get </summary> thing",
                        ["description"] = Injection,
                        ["parameters"] = new JsonArray(
                            new JsonObject { ["name"] = "class", ["in"] = "path", ["required"] = true, ["description"] = Injection, ["schema"] = new JsonObject { ["type"] = "string" } },
                            new JsonObject { ["name"] = "namespace", ["in"] = "query", ["description"] = Injection, ["schema"] = new JsonObject { ["type"] = "string" } },
                            new JsonObject { ["name"] = "operator", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } }),
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject
                            {
                                ["description"] = "ok",
                                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Thing" } } },
                            },
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Thing"] = new JsonObject { ["type"] = "object", ["description"] = Injection, ["required"] = new JsonArray("class"), ["properties"] = properties },
                },
            },
        };
        return document.ToJsonString();
    }

    [Fact]
    public void Hostile_document_compiles_and_injects_nothing()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("specs/hostile.json", HostileDocument(), "Hostile", "HostileClient"));
        Assert.Null(run.Result.Results[0].Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(run.Sources);
        var problems = run.CompileDiagnostics;
        if (problems.Count > 0) Assert.Fail(string.Join("\n", problems.Take(30)));

        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        foreach (var type in generated.Assembly.GetTypes())
        {
            Assert.DoesNotContain(type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly), m => m.Name == "X");
        }

        var thing = generated.Type("Hostile.Thing");
        var names = thing.GetProperties().Select(p => p.Name).ToHashSet();
        Assert.Contains("Class", names);
        Assert.Contains("Namespace", names);
        Assert.Contains("Do", names);
        Assert.Contains("Object", names);
        Assert.Contains("ToolsAppend", names);
        Assert.Contains("AdditionalProperties", names);
        Assert.Equal(9, names.Count);
        Assert.True(names.SetEquals(new[] { "Class", "Namespace", "Do", "Object", "ToolsAppend", "AdditionalProperties", "AdditionalProperties2", "NaMeX", "Mode" }), string.Join(", ", names));

        // Every enum value survives exactly, duplicates collapsed.
        var known = VapiSpecTests.KnownValues(generated.Type("Hostile.ThingMode"));
        Assert.Equal(new[] { "say \"hi\"", "back\\slash", "=", "!=", "<=", "", "11labs", "vapi.websocketCall", "Mode", "a\nb" }, known);

        var method = Assert.Single(generated.Type("Hostile.HostileClient").GetMethods(), m => m.Name.EndsWith("Async", StringComparison.Ordinal));
        Assert.True(SyntaxFacts.IsValidIdentifier(method.Name));
        Assert.Equal("class", method.GetParameters()[0].Name);
    }
}
