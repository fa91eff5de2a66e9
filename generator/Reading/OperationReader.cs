using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;
using ParameterLocation = CallsGen.Generator.Model.ParameterLocation;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Reads the document's operations (those <c>CallsGenOperations</c> selects, or all) into client methods: their
/// parameters, request bodies (BodyReader) and response (ResponseReader), paging and whether they send the bearer token. An
/// operation the client cannot call as written is skipped with CG0004.
/// </summary>
internal sealed class OperationReader
{
    private readonly ModelContext _context;
    private readonly SchemaMapper _schemas;
    private readonly NameScope _members;
    private readonly ParameterStyles _styles;
    private readonly BodyReader _bodies;
    private readonly ResponseReader _responses;

    public OperationReader(ModelContext context, SchemaMapper schemas)
    {
        _context = context;
        _schemas = schemas;
        _members = context.Names.ClientMembers();
        _styles = new ParameterStyles(context);
        _bodies = new BodyReader(context, schemas);
        _responses = new ResponseReader(context, schemas);
    }

    public List<OperationSpec> ReadAll()
    {
        var selection = new OperationSelection(_context, _context.Input.Operations);
        var result = new List<OperationSpec>();
        var paths = _context.Document.Paths;
        if (paths is null || paths.Count == 0)
        {
            _context.Report(Descriptors.NoOperations, "#/paths", _context.Input.Path, "the document has no paths");
            return result;
        }

        foreach (var site in Sites(paths))
        {
            var baseName = BaseNameOf(site);
            if (!selection.Selects(site, baseName)) continue;
            var spec = ReadOperation(site, baseName);
            if (spec is not null) result.Add(spec);
        }

        selection.ReportUnused();
        if (result.Count == 0)
        {
            _context.Report(Descriptors.NoOperations, "#/paths", _context.Input.Path,
                selection.IsEmpty ? "no operation could be generated" : "no operation matches CallsGenOperations");
        }
        return result;
    }

    /// <summary>Every operation, path by path in document order, each path's in the order GET, POST, PUT, PATCH, DELETE, others.</summary>
    private IEnumerable<OperationSite> Sites(OpenApiPaths paths)
    {
        foreach (var path in paths)
        {
            if (path.Value.Operations is null) continue;
            foreach (var pair in path.Value.Operations.OrderBy(p => MethodOrder(p.Key)))
            {
                _context.ThrowIfCancellationRequested();
                yield return new OperationSite(pair.Key.Method.ToUpperInvariant(), path.Key, path.Value, pair.Value);
            }
        }
    }

    private static int MethodOrder(HttpMethod method) => method.Method.ToUpperInvariant() switch
    {
        "GET" => 0,
        "POST" => 1,
        "PUT" => 2,
        "PATCH" => 3,
        "DELETE" => 4,
        _ => 5,
    };

    /// <summary>The method name an operation asks for: its short summary, else its operationId, else its method and path.</summary>
    private static string BaseNameOf(OperationSite site) =>
        Identifiers.FromSummary(site.Operation.Summary)
        ?? (site.Operation.OperationId is { Length: > 0 } id ? Identifiers.ToPascalCase(id) : Identifiers.ToPascalCase(site.Method.ToLowerInvariant() + " " + site.Path));

    private OperationSpec? ReadOperation(OperationSite site, string baseName)
    {
        if (site.Method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "HEAD" or "OPTIONS" or "TRACE"))
        {
            _context.Report(Descriptors.OperationSkipped, site.Pointer, site.Display, "only GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS and TRACE are generated");
            return null;
        }
        var methodName = _members.Claim(baseName);
        _members.Claim(methodName + GeneratedMembers.AsyncSuffix);
        var requestTypeName = _context.Names.Claim(methodName + "Request");

        var parameters = ReadParameters(site, requestTypeName);
        if (parameters is null || !_bodies.TryRead(site, methodName, _members, out var body, out var otherBodies)) return null;
        // A HEAD response has no body, whatever the document describes: the call returns when the status is a success.
        TypeRef? responseType = null;
        var response = site.Method == "HEAD" ? ResponseSpec.None : _responses.Read(site, methodName, _members, out responseType);
        var security = _context.Security.Read(site);

        string? streamName = null;
        PagingSpec? paging = null;
        if (responseType is { Kind: TypeKind.Array, Element: { } element })
        {
            streamName = _members.Claim(methodName + "Stream");
            _members.Claim(streamName + GeneratedMembers.AsyncSuffix);
            if (body is null) paging = Paging.Detect(new Paging.Candidate(methodName, element, parameters), _members, _context.Types);
        }

        return new OperationSpec(
            methodName,
            site.Method,
            site.Path,
            site.Operation.Tags?.Select(t => t.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
            site.Operation.Summary,
            site.Operation.Description,
            site.Operation.Deprecated,
            security.RequiresAuthentication,
            parameters.Any(p => p.Location != ParameterLocation.Path) ? requestTypeName : null,
            parameters.ToEquatableArray(),
            body,
            responseType,
            streamName,
            paging,
            otherBodies.ToEquatableArray(),
            response)
        {
            Security = security.Security,
        };
    }

    /// <summary>The path item's parameters with the operation's own (which replace those with the same name and place), each with its pointer.</summary>
    private static List<(IOpenApiParameter Parameter, string Pointer)> MergedParameters(OperationSite site)
    {
        var merged = new List<(IOpenApiParameter Parameter, string Pointer)>();
        var index = 0;
        foreach (var parameter in site.PathItem.Parameters ?? new List<IOpenApiParameter>())
        {
            merged.Add((parameter, JsonPointer.Append(site.PathPointer + "/parameters", index++)));
        }
        index = 0;
        foreach (var parameter in site.Operation.Parameters ?? new List<IOpenApiParameter>())
        {
            var own = (parameter, JsonPointer.Append(site.Pointer + "/parameters", index++));
            merged.RemoveAll(p => p.Parameter.Name == parameter.Name && p.Parameter.In == parameter.In);
            merged.Add(own);
        }
        return merged;
    }

    /// <summary>The operation's parameters; null (with CG0004) when one cannot be sent.</summary>
    private List<ParameterSpec>? ReadParameters(OperationSite site, string requestTypeName)
    {
        var parameters = new List<ParameterSpec>();
        var names = ModelNames.RecordMembers(requestTypeName);
        foreach (var (parameter, pointer) in MergedParameters(site))
        {
            if (parameter.Name is not { Length: > 0 } wireName) continue;
            var spec = ReadParameter(site, new ParameterSite(parameter, wireName, pointer), requestTypeName, names);
            if (spec is null) return null;
            parameters.Add(spec);
        }
        return parameters;
    }

    private ParameterSpec? ReadParameter(OperationSite site, ParameterSite at, string requestTypeName, NameScope names)
    {
        var parameter = at.Parameter;
        if (LocationOf(parameter.In) is not { } location)
        {
            _context.Report(Descriptors.OperationSkipped, at.Pointer, site.Display, "parameter '" + at.WireName + "' is in '" + (parameter.In?.ToString().ToLowerInvariant() ?? "nowhere") + "', which is not generated");
            return null;
        }
        var schema = ParameterStyles.SchemaOf(parameter, out var json, out var problem);
        var schemaPointer = parameter.Schema is null && schema is not null ? JsonPointer.Append(at.Pointer + "/content", parameter.Content!.First().Key) + "/schema" : at.Pointer + "/schema";
        var type = schema is null ? TypeRef.String : _schemas.Map(schema, requestTypeName + Identifiers.ToPascalCase(at.WireName), schemaPointer);
        var encoding = ParameterStyles.Read(parameter, location, json);
        if ((problem ?? _styles.Check(at.WireName, location, type, ref encoding)) is { } reason)
        {
            _context.Report(Descriptors.OperationSkipped, at.Pointer, site.Display, reason);
            return null;
        }
        var name = names.Claim(Identifiers.ToPascalCase(at.WireName));
        var unwrapped = _context.Facts.Unwrap(schema);
        var minimum = ExclusiveBound(unwrapped?.ExclusiveMinimum);
        var maximum = ExclusiveBound(unwrapped?.ExclusiveMaximum);
        return new ParameterSpec(
            at.WireName, name, location, type,
            parameter.Required || location == ParameterLocation.Path,
            parameter.Description,
            parameter.Deprecated,
            unwrapped?.Minimum ?? minimum,
            unwrapped?.Maximum ?? maximum,
            unwrapped?.Minimum is null && minimum is not null,
            unwrapped?.Maximum is null && maximum is not null,
            encoding == ParameterEncoding.DefaultFor(location) ? null : encoding);
    }

    private static ParameterLocation? LocationOf(Microsoft.OpenApi.ParameterLocation? location) => location switch
    {
        Microsoft.OpenApi.ParameterLocation.Path => ParameterLocation.Path,
        Microsoft.OpenApi.ParameterLocation.Query => ParameterLocation.Query,
        Microsoft.OpenApi.ParameterLocation.Header => ParameterLocation.Header,
        Microsoft.OpenApi.ParameterLocation.Cookie => ParameterLocation.Cookie,
        // OpenAPI 3.2's querystring (the whole query as one value) and a missing location.
        Microsoft.OpenApi.ParameterLocation.QueryString or null => null,
    };

    /// <summary>An exclusive bound that is a number (3.1); 3.0's boolean form says only that the plain bound is exclusive.</summary>
    private static string? ExclusiveBound(string? value) => string.IsNullOrEmpty(value) || value == "true" || value == "false" ? null : value;

    /// <summary>A parameter as the document gives it, with its wire name and pointer.</summary>
    private sealed record ParameterSite(IOpenApiParameter Parameter, string WireName, string Pointer);
}

/// <summary>One operation of the document: its method (upper case), path and path item, and where it is.</summary>
internal sealed record OperationSite(string Method, string Path, IOpenApiPathItem PathItem, OpenApiOperation Operation)
{
    /// <summary>How messages name it: "GET /call/{id}".</summary>
    public string Display { get; } = Method + " " + Path;

    /// <summary>The pointer to its path item.</summary>
    public string PathPointer { get; } = JsonPointer.Append("#/paths", Path);

    /// <summary>The pointer to the operation.</summary>
    public string Pointer { get; } = JsonPointer.Append(JsonPointer.Append("#/paths", Path), Method.ToLowerInvariant());
}

/// <summary>
/// The operations <c>CallsGenOperations</c> selects: each entry is a method name (with or without "Async"), an
/// operationId, or "METHOD /path". An entry that selects nothing is reported (CG0005).
/// </summary>
internal sealed class OperationSelection
{
    private readonly ModelContext _context;
    private readonly HashSet<string> _selectors = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public OperationSelection(ModelContext context, string? text)
    {
        _context = context;
        if (string.IsNullOrWhiteSpace(text)) return;
        var entries = DocumentMetadata.SplitList(text!, out var legacySeparator);
        if (legacySeparator)
        {
            context.Report(Descriptors.LegacySeparator, null, string.Join(DocumentMetadata.Separator.ToString(), entries));
        }
        foreach (var entry in entries)
        {
            var selector = entry;
            var space = selector.IndexOf(' ');
            if (space > 0) selector = selector.Substring(0, space).ToUpperInvariant() + " " + selector.Substring(space + 1).Trim();
            _selectors.Add(selector);
        }
    }

    /// <summary>True when nothing is selected, which selects every operation.</summary>
    public bool IsEmpty => _selectors.Count == 0;

    public bool Selects(OperationSite site, string baseName)
    {
        if (IsEmpty) return true;
        var keys = new[] { baseName, baseName + GeneratedMembers.AsyncSuffix, site.Operation.OperationId ?? string.Empty, site.Display };
        var selected = false;
        foreach (var key in keys)
        {
            if (!_selectors.Contains(key)) continue;
            _used.Add(key);
            selected = true;
        }
        return selected;
    }

    public void ReportUnused()
    {
        foreach (var selector in _selectors)
        {
            if (!_used.Contains(selector)) _context.Report(Descriptors.UnknownOperationSelector, null, selector);
        }
    }
}
