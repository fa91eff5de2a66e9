using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Reads how an operation's response is read: the first success response's JSON body (the common case), text, or binary
/// (a stream); a result class when several success statuses carry different JSON bodies; and the error bodies the
/// document declares for 4xx and 5xx statuses, their classes (4XX) and <c>default</c>, decoded into
/// <c>ApiException&lt;TError&gt;</c>. With no success response declared, <c>default</c> describes the success body.
/// </summary>
internal sealed class ResponseReader
{
    private readonly ModelContext _context;
    private readonly SchemaMapper _schemas;

    public ResponseReader(ModelContext context, SchemaMapper schemas)
    {
        _context = context;
        _schemas = schemas;
    }

    public ResponseSpec Read(OperationSite site, string methodName, NameScope members, out TypeRef? jsonType)
    {
        jsonType = null;
        if (site.Operation.Responses is not { Count: > 0 } responses) return ResponseSpec.None;
        var successes = responses.Where(r => r.Key.StartsWith("2", StringComparison.Ordinal)).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var defaultIsSuccess = successes.Count == 0 && responses.ContainsKey("default");
        if (defaultIsSuccess) successes.Add(responses.First(r => r.Key == "default"));
        var errors = ReadErrors(site, methodName, responses, defaultIsSuccess);

        var spec = ReadBody(site, methodName, successes, errors, out jsonType);
        var headers = DeclaredHeaders(successes);
        // A stream already carries its headers; text has no headers method.
        if (headers.Count == 0 || spec.Kind is ResponseKind.Text or ResponseKind.Binary) return spec with { Headers = headers };
        var name = members.Claim(methodName + "WithHeaders");
        members.Claim(name + GeneratedMembers.AsyncSuffix);
        return spec with { Headers = headers, HeadersMethodName = name };
    }

    /// <summary>The headers the success responses declare, sorted; Content-Type is the body's, not a header to declare (OpenAPI ignores it).</summary>
    private static EquatableArray<string> DeclaredHeaders(List<KeyValuePair<string, IOpenApiResponse>> successes) => successes
        .SelectMany(s => s.Value?.Headers?.Keys ?? Enumerable.Empty<string>())
        .Where(name => !name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToEquatableArray();

    private ResponseSpec ReadBody(OperationSite site, string methodName, List<KeyValuePair<string, IOpenApiResponse>> successes, EquatableArray<ErrorBodySpec> errors, out TypeRef? jsonType)
    {
        jsonType = null;
        var withContent = successes.Where(r => r.Value?.Content is { Count: > 0 }).ToList();
        if (withContent.Count == 0) return ResponseSpec.None with { Errors = errors };
        var statuses = ReadStatuses(site, methodName, withContent, successes);
        if (statuses is not null) return new ResponseSpec(ResponseKind.ByStatus, null, _context.Names.Claim(methodName + "Result"), statuses.Value, errors);

        var (key, response) = (withContent[0].Key, withContent[0].Value!);
        var content = response.Content!;
        var pointer = JsonPointer.Append(site.Pointer + "/responses", key) + "/content";
        var json = content.FirstOrDefault(c => MediaTypes.IsJson(c.Key));
        if (json.Key is not null)
        {
            if (json.Value?.Schema is not { } schema) return ResponseSpec.None with { Errors = errors };
            jsonType = _schemas.Map(schema, methodName + "Response", JsonPointer.Append(pointer, json.Key) + "/schema");
            return new ResponseSpec(ResponseKind.Json, null, null, default, errors);
        }
        var text = content.Where(c => BodyReader.KindOf(c.Key, c.Value?.Schema) == BodyKind.Text).Select(c => MediaTypes.Bare(c.Key)).ToList();
        if (text.Count > 0) return new ResponseSpec(ResponseKind.Text, string.Join(", ", text), null, default, errors);
        return new ResponseSpec(ResponseKind.Binary, string.Join(", ", content.Keys.Select(MediaTypes.Bare)), null, default, errors);
    }

    /// <summary>A status per success response when at least two of them carry JSON bodies of different types; else null.</summary>
    private EquatableArray<StatusBodySpec>? ReadStatuses(
        OperationSite site, string methodName, List<KeyValuePair<string, IOpenApiResponse>> withContent, List<KeyValuePair<string, IOpenApiResponse>> successes)
    {
        if (withContent.Count < 2 || successes.Any(s => !int.TryParse(s.Key, out _))) return null;
        var jsonBodies = withContent.Select(r => r.Value.Content!.FirstOrDefault(c => MediaTypes.IsJson(c.Key))).ToList();
        if (jsonBodies.Any(j => j.Value?.Schema is null)) return null;
        var types = new Dictionary<string, TypeRef>(StringComparer.Ordinal);
        for (var i = 0; i < withContent.Count; i++)
        {
            var pointer = JsonPointer.Append(JsonPointer.Append(site.Pointer + "/responses", withContent[i].Key) + "/content", jsonBodies[i].Key) + "/schema";
            types[withContent[i].Key] = _schemas.Map(jsonBodies[i].Value!.Schema!, methodName + (i == 0 ? "Response" : "Response" + withContent[i].Key), pointer);
        }
        if (types.Values.Distinct().Count() < 2) return null;
        var members = new NameScope(new[] { "StatusCode" });
        return successes
            .Select(s => new StatusBodySpec(int.Parse(s.Key), members.Claim(StatusMemberName(s.Key)), types.TryGetValue(s.Key, out var type) ? type : null))
            .ToEquatableArray();
    }

    private static string StatusMemberName(string status) => status switch
    {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritative",
        "204" => "NoContent",
        "205" => "ResetContent",
        "206" => "PartialContent",
        "207" => "MultiStatus",
        _ => "Status" + status,
    };

    /// <summary>The JSON error bodies: exact statuses first, then classes (4XX), then default.</summary>
    private EquatableArray<ErrorBodySpec> ReadErrors(OperationSite site, string methodName, IDictionary<string, IOpenApiResponse> responses, bool defaultIsSuccess)
    {
        var errors = new List<ErrorBodySpec>();
        foreach (var pair in responses.OrderBy(r => ErrorOrder(r.Key)).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var isError = pair.Key.Length == 3 && pair.Key[0] is '4' or '5' || pair.Key == "default" && !defaultIsSuccess;
            if (!isError || pair.Value?.Content is not { Count: > 0 } content) continue;
            var json = content.FirstOrDefault(c => MediaTypes.IsJson(c.Key));
            if (json.Value?.Schema is not { } schema) continue;
            var status = pair.Key.ToUpperInvariant() == "DEFAULT" ? "default" : pair.Key.ToUpperInvariant();
            var pointer = JsonPointer.Append(JsonPointer.Append(site.Pointer + "/responses", pair.Key) + "/content", json.Key) + "/schema";
            errors.Add(new ErrorBodySpec(status, _schemas.Map(schema, methodName + "Error" + (status == "default" ? string.Empty : status), pointer)));
        }
        return errors.ToEquatableArray();
    }

    private static int ErrorOrder(string status) => status == "default" ? 2 : status.EndsWith("XX", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
}
