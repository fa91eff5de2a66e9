using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;

namespace CallsGen.Coverage;

/// <summary>A generator diagnostic as the classifier reads it: its id and its formatted message.</summary>
public sealed record GeneratorFinding(string Id, string Message);

/// <summary>
/// Turns the generator's diagnostics for one document into an outcome per operation, and names the construct
/// behind each operation that is not generated with full fidelity. The construct comes from the diagnostic's
/// reason, made precise with what the document says at that place (a parameter's location, style and schema;
/// a body's or response's media types; a security scheme's kind).
/// </summary>
public static class Classifier
{
    private static readonly Regex Skipped = new(@"^The operation (?<method>\S+) (?<path>.+?) was not generated: (?<reason>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex UnappliedScheme = new(@"requires security scheme '(?<scheme>[^']*)'", RegexOptions.CultureInvariant);

    private static readonly Regex ParameterName = new(@"parameter '(?<name>[^']*)'", RegexOptions.CultureInvariant);

    private static readonly Regex MediaType = new(@"\b[a-zA-Z][-\w.+]*/[-\w.+*]+", RegexOptions.CultureInvariant);

    private static readonly Regex JsonFallback = new(@"^.*? is kept as JsonElement: (?<reason>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex Quoted = new(@"'[^']*'", RegexOptions.CultureInvariant);

    /// <summary>Classifies one document's operations from the generator's findings and the compiler's verdict on the output.</summary>
    public static DocumentResult Classify(string id, OperationInventory inventory, IReadOnlyList<GeneratorFinding> findings, IReadOnlyList<CompileProblem> compileProblems, string? generatorFailure)
    {
        var failure = generatorFailure ?? FailureIn(findings);
        var skipped = SkippedOperations(findings);
        var unapplied = new HashSet<string>(findings.Where(f => f.Id == "CG0006")
            .Select(f => UnappliedScheme.Match(f.Message)).Where(m => m.Success).Select(m => m.Groups["scheme"].Value), StringComparer.Ordinal);
        var notFull = new List<OperationResult>();
        foreach (var operation in inventory.Operations)
        {
            var result = failure is not null
                ? new OperationResult(operation.Key, Outcome.GeneratorFailed, "generator failure", failure)
                : skipped.TryGetValue(operation.Key, out var reason)
                    ? new OperationResult(operation.Key, Outcome.Skipped, SkipConstruct(inventory, operation, reason), reason)
                    : CredentialGap(inventory, operation, unapplied)
                      ?? (compileProblems.Count > 0 ? new OperationResult(operation.Key, Outcome.DoesNotCompile, "output does not compile", compileProblems[0].Id) : null);
            if (result is not null) notFull.Add(result);
        }
        var notFullKeys = new HashSet<string>(notFull.Select(o => o.Operation), StringComparer.Ordinal);
        return new DocumentResult
        {
            Constructs = ConstructUses(inventory, notFullKeys),
            Id = id,
            Version = inventory.Version,
            Operations = inventory.Operations.Count,
            Full = inventory.Operations.Count - notFull.Count,
            NotFull = notFull,
            CompileProblems = compileProblems.Take(5).ToList(),
            CompileProblemCount = compileProblems.Count,
            GeneratorFailure = failure,
            JsonFallbacks = findings.Where(f => f.Id == "CG0010").Select(f => JsonFallback.Match(f.Message))
                .Select(m => m.Success ? Elide(m.Groups["reason"].Value) : "?").ToList(),
        };
    }

    /// <summary>For each construct the document's operations use, how many use it and how many of those are generated with full fidelity.</summary>
    private static SortedDictionary<string, ConstructUse> ConstructUses(OperationInventory inventory, HashSet<string> notFull)
    {
        var uses = new SortedDictionary<string, ConstructUse>(StringComparer.Ordinal);
        foreach (var operation in inventory.Operations)
        {
            var full = notFull.Contains(operation.Key) ? 0 : 1;
            foreach (var construct in inventory.ConstructsOf(operation))
            {
                uses[construct] = uses.TryGetValue(construct, out var use) ? new ConstructUse(use.Operations + 1, use.Full + full) : new ConstructUse(1, full);
            }
        }
        return uses;
    }

    /// <summary>The first finding that means the generator produced nothing for the document, or null.</summary>
    private static string? FailureIn(IReadOnlyList<GeneratorFinding> findings) =>
        findings.FirstOrDefault(f => f.Id is "CG9999" or "CG0001" or "CS8784" or "CS8785") is { } failure
            ? failure.Id + ": " + failure.Message
            : null;

    /// <summary>The operations CG0004 reports, keyed "METHOD /path", with the reason it gives.</summary>
    private static Dictionary<string, string> SkippedOperations(IReadOnlyList<GeneratorFinding> findings)
    {
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var finding in findings.Where(f => f.Id == "CG0004"))
        {
            var match = Skipped.Match(finding.Message);
            if (!match.Success) continue;
            var key = match.Groups["method"].Value.ToUpperInvariant() + " " + match.Groups["path"].Value;
            if (!skipped.ContainsKey(key)) skipped[key] = match.Groups["reason"].Value;
        }
        return skipped;
    }

    /// <summary>
    /// The operation's missing credential, or null: it has one when none of its security alternatives can be met
    /// with the schemes the generated client applies (every scheme CG0006 names is one it does not apply).
    /// </summary>
    private static OperationResult? CredentialGap(OperationInventory inventory, OperationEntry operation, HashSet<string> unapplied)
    {
        var alternatives = inventory.SecurityOf(operation);
        if (unapplied.Count == 0 || alternatives.Count == 0) return null;
        if (alternatives.Any(set => set.All(s => !unapplied.Contains(s)))) return null;
        var missing = alternatives.SelectMany(set => set).First(unapplied.Contains);
        return new OperationResult(operation.Key, Outcome.NoCredentials, "security: " + inventory.DescribeScheme(missing), missing);
    }

    /// <summary>The construct a CG0004 reason is about, in the terms of the construct table.</summary>
    public static string SkipConstruct(OperationInventory inventory, OperationEntry operation, string reason)
    {
        if (operation.Method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE") && reason.Contains("only GET", StringComparison.Ordinal))
        {
            return "method: " + operation.Method;
        }
        if (ParameterName.Match(reason) is { Success: true } parameter)
        {
            return "parameter: " + DescribeParameter(OperationInventory.ParameterOf(operation, parameter.Groups["name"].Value));
        }
        if (reason.Contains("request body", StringComparison.OrdinalIgnoreCase))
        {
            var named = MediaType.Matches(reason).Select(m => m.Value).ToList();
            return "request body: " + MediaCategory(named.Count > 0 ? named : OperationInventory.RequestMediaTypes(operation));
        }
        if (reason.Contains("response", StringComparison.OrdinalIgnoreCase))
        {
            var named = MediaType.Matches(reason).Select(m => m.Value).ToList();
            return "response: " + MediaCategory(named.Count > 0 ? named : OperationInventory.SuccessMediaTypes(operation));
        }
        if (reason.Contains("security", StringComparison.OrdinalIgnoreCase)) return "security: " + Elide(reason);
        return "other: " + Elide(reason);
    }

    /// <summary>A parameter as "query object (style deepObject)", "cookie value", "header array (style simple)".</summary>
    public static string DescribeParameter(IOpenApiParameter? parameter)
    {
        if (parameter is null) return "not found in the document";
        if (parameter.In is not { } place) return "without a location";
        var location = place.ToString().ToLowerInvariant();
        if (parameter.Content is { Count: > 0 } content) return location + " with content " + MediaCategory(content.Keys.ToList());
        var style = parameter.Style?.ToString() is { } declared ? char.ToLowerInvariant(declared[0]) + declared.Substring(1) : null;
        return location + " " + SchemaKind(parameter.Schema) + (style is null ? "" : " (style " + style + ")");
    }

    private static string SchemaKind(IOpenApiSchema? schema, int depth = 0)
    {
        if (schema is null) return "without a schema";
        if (depth > 3) return "nested array";
        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 }) return "union";
        if (schema.AllOf is { Count: > 0 }) return "allOf";
        var type = schema.Type ?? 0;
        // The reader gives "oneOf: [{type: integer}, {type: string}]" as one schema of several types.
        if (System.Numerics.BitOperations.PopCount((uint)(type & ~JsonSchemaType.Null)) > 1) return "union";
        if ((type & JsonSchemaType.Array) != 0) return schema.Items is { } items && SchemaKind(items, depth + 1) is var element && element != "value" ? "array of " + element + "s" : "array";
        if ((type & JsonSchemaType.Object) != 0 || schema.Properties is { Count: > 0 } || schema.AdditionalProperties is not null) return "object";
        return "value";
    }

    /// <summary>
    /// The kind of a body's or response's first media type: JSON, a JSON variant (application/*+json, merge-patch,
    /// json-patch, text/json), form, multipart, binary, text, XML, streamed records or another media type.
    /// </summary>
    public static string MediaCategory(IReadOnlyList<string> mediaTypes)
    {
        if (mediaTypes.Count == 0) return "no media type";
        var bare = mediaTypes[0].Split(';')[0].Trim().ToLowerInvariant();
        if (bare == "application/x-www-form-urlencoded") return "form (application/x-www-form-urlencoded)";
        if (bare == "multipart/form-data") return "multipart/form-data";
        if (bare.StartsWith("multipart/", StringComparison.Ordinal)) return "multipart (other than form-data)";
        if (bare.Contains("xml", StringComparison.Ordinal)) return "XML";
        if (bare.Contains("ndjson", StringComparison.Ordinal) || bare.Contains("jsonl", StringComparison.Ordinal) || bare.Contains("json-seq", StringComparison.Ordinal) || bare == "text/event-stream") return "streamed records (JSON lines, server-sent events)";
        if (bare is "application/json" or "*/*") return "JSON";
        if (bare.Contains("json", StringComparison.Ordinal)) return "JSON variant (+json, merge-patch, json-patch, text/json)";
        if (bare.StartsWith("text/", StringComparison.Ordinal)) return "text";
        if (bare == "application/octet-stream" || bare.StartsWith("image/", StringComparison.Ordinal) || bare.StartsWith("audio/", StringComparison.Ordinal)
            || bare.StartsWith("video/", StringComparison.Ordinal) || bare.StartsWith("font/", StringComparison.Ordinal)
            || bare is "application/pdf" or "application/zip" or "application/gzip" or "application/x-tar" or "application/x-gzip")
        {
            return "binary";
        }
        return "another media type";
    }

    /// <summary>A reason with the names it quotes elided, so that reasons of one kind group together.</summary>
    public static string Elide(string reason) => Quoted.Replace(reason, "'…'");
}
