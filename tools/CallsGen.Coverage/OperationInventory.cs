using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CallsGen.Coverage;

/// <summary>
/// The operations of one document, read with Microsoft.OpenApi independently of the generator, with what the
/// classifier needs to name the construct behind a diagnostic: parameters, media types and security schemes.
/// </summary>
public sealed class OperationInventory
{
    private readonly OpenApiDocument _document;

    private OperationInventory(OpenApiDocument document, IReadOnlyList<OperationEntry> operations, string version)
    {
        _document = document;
        Operations = operations;
        Version = version;
    }

    /// <summary>Every operation, in document order, keyed as the generator's messages name them ("GET /pets/{id}").</summary>
    public IReadOnlyList<OperationEntry> Operations { get; }

    /// <summary>The document's OpenAPI (or Swagger) version as it declares it.</summary>
    public string Version { get; }

    /// <summary>Reads a document; null (with the reader's reason) when Microsoft.OpenApi cannot read it.</summary>
    public static OperationInventory? Read(string path, string text, out string? failure)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith("{", StringComparison.Ordinal) ? "json" : "yaml";
        ReadResult result;
        try
        {
            result = OpenApiDocument.Parse(text, format, settings);
        }
        catch (Exception exception)
        {
            failure = exception.GetType().Name + ": " + exception.Message;
            return null;
        }
        if (result.Document is not { } document)
        {
            failure = string.Join("; ", (result.Diagnostic?.Errors ?? new List<OpenApiError>()).Take(3).Select(e => e.Message));
            return null;
        }
        failure = null;
        var operations = new List<OperationEntry>();
        foreach (var path2 in document.Paths ?? new OpenApiPaths())
        {
            foreach (var pair in path2.Value.Operations ?? new Dictionary<System.Net.Http.HttpMethod, OpenApiOperation>())
            {
                operations.Add(new OperationEntry(pair.Key.Method.ToUpperInvariant(), path2.Key, path2.Value, pair.Value));
            }
        }
        var version = result.Diagnostic?.SpecificationVersion.ToString() ?? "?";
        return new OperationInventory(document, operations, VersionName(version));
    }

    private static string VersionName(string version) => version switch
    {
        "OpenApi2_0" => "2.0",
        "OpenApi3_0" => "3.0",
        "OpenApi3_1" => "3.1",
        "OpenApi3_2" => "3.2",
        _ => version,
    };

    /// <summary>The security alternatives that apply to an operation: its own, else the document's (OR of AND-sets of scheme names).</summary>
    public IReadOnlyList<IReadOnlyList<string>> SecurityOf(OperationEntry operation)
    {
        var requirements = operation.Operation.Security ?? _document.Security;
        if (requirements is null) return Array.Empty<IReadOnlyList<string>>();
        return requirements
            .Select(r => (IReadOnlyList<string>)r.Keys.Select(k => k.Reference?.Id ?? k.Type?.ToString() ?? "?").ToList())
            .ToList();
    }

    /// <summary>How a security scheme is described in the construct table: "apiKey in header", "http basic", "oauth2".</summary>
    public string DescribeScheme(string name)
    {
        if (_document.Components?.SecuritySchemes is not { } schemes || !schemes.TryGetValue(name, out var scheme))
        {
            return "undeclared scheme";
        }
        return scheme.Type switch
        {
            SecuritySchemeType.ApiKey => "apiKey in " + (scheme.In?.ToString().ToLowerInvariant() ?? "?"),
            SecuritySchemeType.Http => "http " + (scheme.Scheme?.ToLowerInvariant() ?? "?"),
            SecuritySchemeType.OAuth2 => "oauth2",
            SecuritySchemeType.OpenIdConnect => "openIdConnect",
            SecuritySchemeType.MutualTLS => "mutualTLS",
            null => "scheme without a type",
            _ => scheme.Type.ToString()!,
        };
    }

    /// <summary>
    /// The constructs an operation uses, named as the construct table names them: its method, each parameter's
    /// location, shape and style, its request body's and success response's media types, and its security.
    /// </summary>
    public IReadOnlyList<string> ConstructsOf(OperationEntry operation)
    {
        var constructs = new SortedSet<string>(StringComparer.Ordinal) { "method: " + operation.Method };
        var own = operation.Operation.Parameters ?? new List<IOpenApiParameter>();
        var inherited = (operation.PathItem.Parameters ?? new List<IOpenApiParameter>()).Where(p => !own.Any(o => o.Name == p.Name && o.In == p.In));
        foreach (var parameter in own.Concat(inherited)) constructs.Add("parameter: " + Classifier.DescribeParameter(parameter));
        foreach (var mediaType in RequestMediaTypes(operation)) constructs.Add("request body: " + Classifier.MediaCategory(new[] { mediaType }));
        foreach (var mediaType in SuccessMediaTypes(operation)) constructs.Add("response: " + Classifier.MediaCategory(new[] { mediaType }));
        var alternatives = SecurityOf(operation);
        foreach (var scheme in alternatives.SelectMany(set => set)) constructs.Add("security: " + DescribeScheme(scheme));
        if (alternatives.Any(set => set.Count == 0) && alternatives.Count > 1) constructs.Add("security: optional (an empty requirement)");
        if (alternatives.Count(set => set.Count > 0) > 1) constructs.Add("security: alternatives (several requirements)");
        if (alternatives.Any(set => set.Count > 1)) constructs.Add("security: combined (several schemes in one requirement)");
        return constructs.ToList();
    }

    /// <summary>The operation's parameter with this name (its own first, then the path item's), or null.</summary>
    public static IOpenApiParameter? ParameterOf(OperationEntry operation, string name) =>
        (operation.Operation.Parameters ?? new List<IOpenApiParameter>()).FirstOrDefault(p => p.Name == name)
        ?? (operation.PathItem.Parameters ?? new List<IOpenApiParameter>()).FirstOrDefault(p => p.Name == name);

    /// <summary>The media types of the operation's request body, in document order.</summary>
    public static IReadOnlyList<string> RequestMediaTypes(OperationEntry operation) =>
        operation.Operation.RequestBody?.Content?.Keys.ToList() ?? new List<string>();

    /// <summary>The media types of the operation's first 2xx response (by status code), in document order.</summary>
    public static IReadOnlyList<string> SuccessMediaTypes(OperationEntry operation)
    {
        var success = (operation.Operation.Responses ?? new OpenApiResponses())
            .Where(r => r.Key.StartsWith("2", StringComparison.Ordinal))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => r.Value)
            .FirstOrDefault();
        return success?.Content?.Keys.ToList() ?? new List<string>();
    }
}

/// <summary>One operation: its method (upper case) and path, as the generator's messages name it.</summary>
public sealed record OperationEntry(string Method, string Path, IOpenApiPathItem PathItem, OpenApiOperation Operation)
{
    public string Key => Method + " " + Path;
}
