using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;
using ParameterLocation = CallsGen.Generator.Model.ParameterLocation;

namespace CallsGen.Generator.Reading;

internal sealed partial class SpecReader
{
    /// <summary>
    /// Walks a parsed document from its selected operations and builds the model: only the schemas
    /// reachable from those operations become types.
    /// </summary>
    private sealed class ModelBuilder
    {
        // Members every generated record or enum already has; spec names may not take them.
        private static readonly string[] RecordReserved = { "AdditionalProperties", "Clone", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "Deconstruct", "MemberwiseClone", "Finalize" };
        private static readonly string[] EnumReserved = { "Value", "IsKnown", "Equals", "GetHashCode", "ToString", "GetType", "KnownValues", "WireValues" };
        private static readonly string[] UnionReserved = { "Unknown", "Value", "Discriminator", "RawJson", "IsUnknown", "Equals", "GetHashCode", "ToString", "GetType", "FromRaw", "GetRawValue" };
        private static readonly string[] ClientReserved = { "Dispose", "Options", "Equals", "GetHashCode", "ToString", "GetType" };

        private readonly SpecReader _reader;
        private readonly OpenApiDocument _document;
        private readonly NameScope _typeNames;
        private readonly Dictionary<string, string> _componentNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TypeRef> _componentTypes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _componentsInProgress = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TypeSpec> _types = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reportedSchemes = new(StringComparer.Ordinal);
        private readonly Dictionary<(string?, EquatableArray<UnionVariantSpec>), TypeRef> _inlineUnions = new();
        private readonly Dictionary<string, List<string>> _subtypes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _baseNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _objectsInProgress = new(StringComparer.Ordinal);
        private readonly string _clientName;
        private readonly string _jsonClassName;

        public ModelBuilder(SpecReader reader, OpenApiDocument document)
        {
            _reader = reader;
            _document = document;
            _clientName = reader.Input.ClientName is { Length: > 0 } name
                ? Identifiers.ToPascalCase(name)
                : Identifiers.ToPascalCase(document.Info?.Title ?? "Api") + "Client";
            _jsonClassName = _clientName + "Json";
            // A type may not be named like a member it declares (CS0542): the generated members are reserved too.
            _typeNames = new NameScope(new[] { _clientName, _jsonClassName, _clientName + "ServiceCollectionExtensions", LastSegment(reader.Input.Namespace) }
                .Concat(RecordReserved).Concat(EnumReserved).Concat(UnionReserved).Concat(new[] { "FromJson" }));

            // Every component gets its name up front, in sorted order, so a schema's name never
            // depends on which operations were selected or on where it was first reached.
            var components = document.Components?.Schemas;
            if (components is not null)
            {
                foreach (var id in components.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    _componentNames[id] = _typeNames.Claim(Identifiers.ToPascalCase(id));
                }
                // A base schema with a discriminator that others extend through allOf (Swagger 2.0
                // inheritance) becomes a union under its own name; its own shape is a record named after it.
                foreach (var id in components.Keys.OrderBy(k => k, StringComparer.Ordinal))
                {
                    var subtypes = SubtypesOf(id, components);
                    if (subtypes.Count == 0) continue;
                    _subtypes[id] = subtypes;
                    _baseNames[id] = _typeNames.Claim(_componentNames[id] + "Base");
                }
            }
        }

        public ApiSpec Build()
        {
            var operations = ReadOperations();
            return new ApiSpec(
                _reader.Input.Path,
                _reader.Input.Namespace,
                _clientName,
                _document.Info?.Title,
                DefaultServer(),
                operations.ToEquatableArray(),
                _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray());
        }

        private void AddType(TypeSpec type) => _types.Add(type.Name, type);

        private string DefaultServer()
        {
            var server = _document.Servers?.FirstOrDefault();
            if (server?.Url is not { Length: > 0 } url) return string.Empty;
            if (server.Variables is not null)
            {
                foreach (var variable in server.Variables)
                {
                    url = url.Replace("{" + variable.Key + "}", variable.Value.Default ?? string.Empty);
                }
            }
            return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : string.Empty;
        }

        private static string LastSegment(string ns)
        {
            var dot = ns.LastIndexOf('.');
            return dot < 0 ? ns : ns.Substring(dot + 1);
        }

        private List<OperationSpec> ReadOperations()
        {
            var selectors = ParseSelectors(_reader.Input.Operations);
            var usedSelectors = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var members = new NameScope(ClientReserved.Concat(new[] { _clientName }));
            var result = new List<OperationSpec>();
            if (_document.Paths is null || _document.Paths.Count == 0)
            {
                _reader.Report(Descriptors.NoOperations, "#/paths", _reader.Input.Path, "the document has no paths");
                return result;
            }

            foreach (var path in _document.Paths)
            {
                if (path.Value.Operations is null) continue;
                foreach (var pair in path.Value.Operations.OrderBy(p => MethodOrder(p.Key)))
                {
                    _reader.CancellationToken.ThrowIfCancellationRequested();
                    var method = pair.Key.Method.ToUpperInvariant();
                    var operation = pair.Value;
                    var pointer = "#/paths/" + JsonPointer.Escape(path.Key) + "/" + method.ToLowerInvariant();
                    var baseName = Identifiers.FromSummary(operation.Summary)
                        ?? (operation.OperationId is { Length: > 0 } id ? Identifiers.ToPascalCase(id) : Identifiers.ToPascalCase(method.ToLowerInvariant() + " " + path.Key));
                    if (selectors.Count > 0)
                    {
                        var keys = new[] { baseName, baseName + "Async", operation.OperationId ?? string.Empty, method + " " + path.Key };
                        var hit = keys.FirstOrDefault(k => selectors.Contains(k));
                        if (hit is null) continue;
                        foreach (var key in keys) if (selectors.Contains(key)) usedSelectors.Add(key);
                    }
                    var display = method + " " + path.Key;
                    var spec = ReadOperation(display, method, path.Key, path.Value, operation, baseName, members, pointer);
                    if (spec is not null) result.Add(spec);
                }
            }

            foreach (var selector in selectors)
            {
                if (!usedSelectors.Contains(selector))
                {
                    _reader.Report(Descriptors.UnknownOperationSelector, null, selector);
                }
            }
            if (result.Count == 0)
            {
                _reader.Report(Descriptors.NoOperations, "#/paths", _reader.Input.Path,
                    selectors.Count > 0 ? "no operation matches CallsGenOperations" : "no operation could be generated");
            }
            return result;
        }

        private HashSet<string> ParseSelectors(string? text)
        {
            var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (string.IsNullOrWhiteSpace(text)) return set;
            var entries = DocumentMetadata.SplitList(text!, out var legacySeparator);
            if (legacySeparator)
            {
                _reader.Report(Descriptors.LegacySeparator, null, string.Join(DocumentMetadata.Separator.ToString(), entries));
            }
            foreach (var entry in entries)
            {
                var selector = entry;
                var space = selector.IndexOf(' ');
                if (space > 0) selector = selector.Substring(0, space).ToUpperInvariant() + " " + selector.Substring(space + 1).Trim();
                set.Add(selector);
            }
            return set;
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

        private OperationSpec? ReadOperation(string display, string method, string path, IOpenApiPathItem pathItem, OpenApiOperation operation, string baseName, NameScope members, string pointer)
        {
            if (method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                _reader.Report(Descriptors.OperationSkipped, pointer, display, "only GET, POST, PUT, PATCH and DELETE are generated");
                return null;
            }
            var methodName = members.Claim(baseName);
            members.Claim(methodName + "Async");
            var requestTypeName = _typeNames.Claim(methodName + "Request");

            var parameters = new List<ParameterSpec>();
            var merged = new List<(IOpenApiParameter Parameter, string Pointer)>();
            var index = 0;
            foreach (var parameter in pathItem.Parameters ?? new List<IOpenApiParameter>())
            {
                merged.Add((parameter, "#/paths/" + JsonPointer.Escape(path) + "/parameters/" + (index++).ToString(CultureInfo.InvariantCulture)));
            }
            index = 0;
            foreach (var parameter in operation.Parameters ?? new List<IOpenApiParameter>())
            {
                var own = (parameter, pointer + "/parameters/" + (index++).ToString(CultureInfo.InvariantCulture));
                merged.RemoveAll(p => p.Parameter.Name == parameter.Name && p.Parameter.In == parameter.In);
                merged.Add(own);
            }

            var parameterNames = new NameScope(RecordReserved.Concat(new[] { requestTypeName }));
            foreach (var (parameter, parameterPointer) in merged)
            {
                if (parameter.Name is not { Length: > 0 } wireName) continue;
                ParameterLocation location;
                switch (parameter.In)
                {
                    case Microsoft.OpenApi.ParameterLocation.Path: location = ParameterLocation.Path; break;
                    case Microsoft.OpenApi.ParameterLocation.Query: location = ParameterLocation.Query; break;
                    case Microsoft.OpenApi.ParameterLocation.Header: location = ParameterLocation.Header; break;
                    default:
                        _reader.Report(Descriptors.OperationSkipped, parameterPointer, display, "parameter '" + wireName + "' is in a cookie, which is not supported");
                        return null;
                }
                var schema = parameter.Schema;
                var type = schema is null ? TypeRef.String : MapSchema(schema, requestTypeName + Identifiers.ToPascalCase(wireName), parameterPointer + "/schema");
                if (!IsScalar(type) && !(location == ParameterLocation.Query && type.Kind == TypeKind.Array && IsScalar(type.Element!)))
                {
                    _reader.Report(Descriptors.OperationSkipped, parameterPointer, display, "parameter '" + wireName + "' is not a single value or a list of them");
                    return null;
                }
                var name = parameterNames.Claim(Identifiers.ToPascalCase(wireName));
                var unwrapped = Unwrap(schema);
                parameters.Add(new ParameterSpec(
                    wireName, name, location, type,
                    parameter.Required || location == ParameterLocation.Path,
                    parameter.Description,
                    parameter.Deprecated,
                    unwrapped?.Minimum ?? ExclusiveBound(unwrapped?.ExclusiveMinimum),
                    unwrapped?.Maximum ?? ExclusiveBound(unwrapped?.ExclusiveMaximum),
                    unwrapped?.Minimum is null && ExclusiveBound(unwrapped?.ExclusiveMinimum) is not null,
                    unwrapped?.Maximum is null && ExclusiveBound(unwrapped?.ExclusiveMaximum) is not null));
            }

            BodySpec? body = null;
            if (operation.RequestBody is { Content: { Count: > 0 } bodyContent } requestBody)
            {
                var json = bodyContent.FirstOrDefault(c => IsJsonMediaType(c.Key));
                if (json.Key is null)
                {
                    _reader.Report(Descriptors.OperationSkipped, pointer + "/requestBody", display,
                        "its request body is " + string.Join(", ", bodyContent.Keys) + "; only JSON bodies are generated");
                    return null;
                }
                var bodyType = json.Value?.Schema is { } bodySchema
                    ? MapSchema(bodySchema, methodName + "Body", pointer + "/requestBody/content/" + JsonPointer.Escape(json.Key) + "/schema")
                    : TypeRef.Json;
                body = new BodySpec(bodyType, requestBody.Required, requestBody.Description);
            }

            TypeRef? responseType = null;
            var responses = operation.Responses;
            if (responses is not null)
            {
                var success = responses
                    .Where(r => r.Key.StartsWith("2", StringComparison.Ordinal))
                    .OrderBy(r => r.Key, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (success.Value?.Content is { Count: > 0 } content)
                {
                    var json = content.FirstOrDefault(c => IsJsonMediaType(c.Key));
                    if (json.Value?.Schema is { } responseSchema)
                    {
                        responseType = MapSchema(responseSchema, methodName + "Response", pointer + "/responses/" + success.Key + "/content/" + JsonPointer.Escape(json.Key) + "/schema");
                    }
                    else if (json.Key is null)
                    {
                        _reader.Report(Descriptors.OperationSkipped, pointer + "/responses/" + success.Key, display, "its success response is not JSON");
                        return null;
                    }
                }
            }

            string? streamName = null;
            PagingSpec? paging = null;
            if (responseType is { Kind: TypeKind.Array, Element: { } element })
            {
                streamName = members.Claim(methodName + "Stream");
                members.Claim(streamName + "Async");
                if (body is null) paging = DetectPaging(methodName, element, parameters, members);
            }

            return new OperationSpec(
                methodName,
                method,
                path,
                operation.Tags?.Select(t => t.Name).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n)),
                operation.Summary,
                operation.Description,
                operation.Deprecated,
                RequiresAuthentication(operation, display, pointer),
                parameters.Any(p => p.Location != ParameterLocation.Path) ? requestTypeName : null,
                parameters.ToEquatableArray(),
                body,
                responseType,
                streamName,
                paging);
        }

        /// <summary>
        /// A list of objects with a required date-time property P and a string id, whose operation takes
        /// a <c>limit</c> and a <c>{P}Le</c> (or <c>{P}Lt</c>) query parameter, can be walked page by
        /// page without a cursor. <c>createdAt</c> is preferred when several properties qualify.
        /// </summary>
        private PagingSpec? DetectPaging(string methodName, TypeRef element, List<ParameterSpec> parameters, NameScope members)
        {
            if (element.Kind != TypeKind.Named) return null;
            var item = _types.TryGetValue(element.Name!, out var found) && found.Kind == TypeSpecKind.Object ? found : null;
            var id = item?.Properties.FirstOrDefault(p => p.WireName == "id" && p.Type.Kind == TypeKind.String && p.Required && !p.Nullable);
            var limit = parameters.FirstOrDefault(p => p.WireName == "limit" && p.Location == ParameterLocation.Query && p.Type.Kind is TypeKind.Int64 or TypeKind.Double);
            if (item is null || id is null || limit is null) return null;

            var timestamps = item.Properties
                .Where(p => p.Required && !p.Nullable && p.Type.Kind == TypeKind.DateTimeOffset)
                .OrderBy(p => p.WireName == "createdAt" ? 0 : 1);
            foreach (var timestamp in timestamps)
            {
                ParameterSpec? Bound(string suffix) => parameters.FirstOrDefault(p =>
                    p.WireName == timestamp.WireName + suffix && p.Location == ParameterLocation.Query && p.Type.Kind == TypeKind.DateTimeOffset);
                var bound = Bound("Le") ?? Bound("Lt");
                if (bound is null) continue;

                var max = double.TryParse(limit.Maximum, NumberStyles.Float, CultureInfo.InvariantCulture, out var maximum) && maximum >= 1
                    ? (int)Math.Min(maximum, 10000)
                    : 1000;
                var name = methodName.StartsWith("List", StringComparison.Ordinal) && methodName.Length > 4
                    ? "ListAll" + methodName.Substring(4)
                    : methodName + "All";
                name = members.Claim(name);
                members.Claim(name + "Async");
                return new PagingSpec(name, timestamp.Name, id.Name, bound.Name, bound.WireName.EndsWith("Le", StringComparison.Ordinal), limit.Name, Math.Min(100, max), max);
            }
            return null;
        }

        private static string? ExclusiveBound(string? value) => string.IsNullOrEmpty(value) || value == "true" || value == "false" ? null : value;

        private bool IsScalar(TypeRef type) => type.Kind is TypeKind.String or TypeKind.Boolean or TypeKind.Int64 or TypeKind.Double or TypeKind.DateTimeOffset
            || type.Kind == TypeKind.Named && _types.TryGetValue(type.Name!, out var named) && named.Kind == TypeSpecKind.StringEnum;

        private static bool IsJsonMediaType(string mediaType)
        {
            var bare = mediaType.Split(';')[0].Trim();
            return bare.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || bare.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                || bare == "*/*";
        }

        /// <summary>
        /// Whether the operation sends the bearer token: it does when any of its security alternatives
        /// is http bearer, OAuth 2 or OpenID Connect (all carried as a bearer token). An operation
        /// whose only schemes are others (API key, basic) gets a warning: the caller adds those
        /// credentials through their own HttpClient handler.
        /// </summary>
        private bool RequiresAuthentication(OpenApiOperation operation, string display, string pointer)
        {
            var requirements = operation.Security ?? _document.Security;
            if (requirements is null || requirements.Count == 0) return false;
            var unsupported = new List<string>();
            foreach (var requirement in requirements)
            {
                if (requirement.Count == 0) return false; // "{}" makes authentication optional.
                foreach (var scheme in requirement.Keys)
                {
                    if (scheme.Type == SecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase)) return true;
                    if (scheme.Type is SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect) return true;
                    unsupported.Add(scheme.Reference?.Id ?? scheme.Type?.ToString() ?? "?");
                }
            }
            foreach (var scheme in unsupported.Distinct())
            {
                if (_reportedSchemes.Add(scheme))
                {
                    _reader.Report(Descriptors.UnsupportedSecurity, "#/components/securitySchemes/" + JsonPointer.Escape(scheme), display, scheme);
                }
            }
            return false;
        }

        private static IOpenApiSchema? Unwrap(IOpenApiSchema? schema)
        {
            // A wrapper that leads back to itself ("S: {allOf: [{$ref: S}]}") has nothing to unwrap to.
            var visited = new HashSet<IOpenApiSchema>();
            while (schema is not null && visited.Add(schema))
            {
                if (schema is OpenApiSchemaReference reference)
                {
                    schema = reference.Target;
                    continue;
                }
                if (schema.AllOf is { Count: 1 } && (schema.Properties is null || schema.Properties.Count == 0))
                {
                    schema = schema.AllOf[0];
                    continue;
                }
                return schema;
            }
            return null;
        }

        // ---- schemas ---------------------------------------------------------------------------

        private TypeRef MapSchema(IOpenApiSchema schema, string contextName, string pointer)
        {
            _reader.CancellationToken.ThrowIfCancellationRequested();
            if (schema is OpenApiSchemaReference reference)
            {
                var id = reference.Reference?.Id;
                if (id is null || reference.Target is null || !_componentNames.ContainsKey(id))
                {
                    _reader.Report(Descriptors.JsonFallback, pointer, "The reference at " + pointer, "its target '" + (reference.Reference?.ReferenceV3 ?? "?") + "' cannot be resolved");
                    return TypeRef.Json;
                }
                return MapComponent(id, reference.Target);
            }

            // allOf: [ {$ref} ] is how OpenAPI 3.0 puts a description next to a reference.
            if (schema.AllOf is { Count: 1 } && (schema.Properties is null || schema.Properties.Count == 0) && !HasOwnShape(schema))
            {
                return MapSchema(schema.AllOf[0], contextName, pointer + "/allOf/0");
            }

            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? new List<IOpenApiSchema>();
            if (variants.Count > 0 && (schema.Properties is null || schema.Properties.Count == 0))
            {
                var keyword = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
                var nonNull = variants.Select((v, i) => (Schema: v, Pointer: pointer + "/" + keyword + "/" + i.ToString(CultureInfo.InvariantCulture)))
                    .Where(v => !IsNullSchema(v.Schema)).ToList();
                if (nonNull.Count == 1) return MapSchema(nonNull[0].Schema, contextName, nonNull[0].Pointer);
                // "One of these known strings, or any string": an enum, which keeps values it does not list anyway.
                if (nonNull.Count > 1 && nonNull.All(v => IsPlainString(v.Schema)) && nonNull.Any(v => Unwrap(v.Schema)?.Enum is { Count: > 0 }))
                {
                    return DeclareEnum(contextName, schema, nonNull.SelectMany(v => Unwrap(v.Schema)!.Enum ?? new List<JsonNode>()), pointer);
                }
                if (nonNull.Count > 1) return DeclareUnion(contextName, schema, nonNull, pointer);
            }

            if (schema.AllOf is { Count: > 1 } || schema.AllOf is { Count: 1 } && schema.Properties is { Count: > 0 })
            {
                return DeclareObject(contextName, schema, pointer);
            }

            var type = (schema.Type ?? 0) & ~JsonSchemaType.Null;
            if (schema.Enum is { Count: > 0 } values)
            {
                if (type is 0 or JsonSchemaType.String && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String))
                {
                    return DeclareEnum(contextName, schema, pointer);
                }
            }

            // A const with no type (3.1): a string when the value can only be one.
            if (type == 0 && schema.Const is { } constant && schema.Properties is not { Count: > 0 } && !IsJsonLiteral(constant))
            {
                return TypeRef.String;
            }

            switch (type)
            {
                case JsonSchemaType.String:
                    return schema.Format == "date-time" ? TypeRef.DateTimeOffset : TypeRef.String;
                case JsonSchemaType.Integer:
                    return TypeRef.Int64;
                case JsonSchemaType.Number:
                    return TypeRef.Double;
                case JsonSchemaType.Boolean:
                    return TypeRef.Boolean;
                case JsonSchemaType.Array:
                    return schema.Items is null
                        ? TypeRef.ArrayOf(TypeRef.Json)
                        : TypeRef.ArrayOf(MapSchema(schema.Items, contextName + "Item", pointer + "/items"));
                case JsonSchemaType.Object:
                case 0:
                    if (schema.Properties is { Count: > 0 }) return DeclareObject(contextName, schema, pointer);
                    if (schema.AdditionalProperties is { } additional)
                    {
                        return TypeRef.MapOf(MapSchema(additional, contextName + "Value", pointer + "/additionalProperties"));
                    }
                    return TypeRef.Json;
                default:
                    // Several types (3.1's ["string", "boolean"]; 3.0's oneOf of plain types reads the same): a union whose
                    // variants differ in JSON kind, so every value binds to one. One that allows any JSON value is a JsonElement.
                    const JsonSchemaType anyValue = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean | JsonSchemaType.Object | JsonSchemaType.Array;
                    if ((type & anyValue) == anyValue) return TypeRef.Json;
                    return DeclareUnion(contextName, schema, KindVariants(schema, type, pointer), pointer);
            }
        }

        /// <summary>One schema per JSON kind a type array allows: a string (with the format), a number (an integer when
        /// only integers are allowed), a boolean, an array of the items, an object with the properties (or a map).</summary>
        private static List<(IOpenApiSchema Schema, string Pointer)> KindVariants(IOpenApiSchema schema, JsonSchemaType type, string pointer)
        {
            var variants = new List<(IOpenApiSchema, string)>();
            if ((type & JsonSchemaType.String) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.String, Format = schema.Format }, pointer));
            if ((type & JsonSchemaType.Number) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Number }, pointer));
            else if ((type & JsonSchemaType.Integer) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Integer }, pointer));
            if ((type & JsonSchemaType.Boolean) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Boolean }, pointer));
            if ((type & JsonSchemaType.Array) != 0) variants.Add((new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema.Items }, pointer));
            if ((type & JsonSchemaType.Object) != 0)
            {
                // A free-form object becomes a map of raw values, which takes only objects (JsonElement would take anything).
                variants.Add((new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = schema.Properties,
                    Required = schema.Required,
                    AdditionalProperties = schema.AdditionalProperties ?? (schema.Properties is { Count: > 0 } ? null : new OpenApiSchema()),
                }, pointer));
            }
            return variants;
        }


        private static bool IsJsonLiteral(string value) =>
            value is "true" or "false" or "null" || value.StartsWith("{", StringComparison.Ordinal) || value.StartsWith("[", StringComparison.Ordinal)
            || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        /// <summary>
        /// Whether the document allows null here: OpenAPI 3.0's <c>nullable: true</c> and 3.1's type arrays
        /// (both read as a Null type flag), a null variant in oneOf/anyOf, or null in an enum.
        /// </summary>
        private static bool IsNullable(IOpenApiSchema schema)
        {
            if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0) return true;
            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? new List<IOpenApiSchema>();
            if (variants.Any(IsNullSchema)) return true;
            if (schema.Enum is { Count: > 0 } values && values.Any(v => v is null)) return true;
            return schema is not OpenApiSchemaReference && schema.AllOf is { Count: 1 } && IsNullable(schema.AllOf[0]);
        }

        private static bool HasOwnShape(IOpenApiSchema schema) =>
            schema.Enum is { Count: > 0 } || schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.Items is not null;

        private static bool IsNullSchema(IOpenApiSchema schema) =>
            schema.Type == JsonSchemaType.Null || schema.Enum is { Count: 1 } e && e[0] is null && schema.Type is null or JsonSchemaType.Null;

        private TypeRef MapComponent(string id, IOpenApiSchema target)
        {
            if (_componentTypes.TryGetValue(id, out var known)) return known;
            var name = _componentNames[id];
            var pointer = "#/components/schemas/" + JsonPointer.Escape(id);
            if (!_componentsInProgress.Add(id))
            {
                // A component that refers to itself without passing through a named type (e.g. an
                // array of itself) has no finite C# shape; it stays raw JSON.
                _reader.Report(Descriptors.JsonFallback, pointer, "Schema '" + id + "'", "it contains itself without an object in between");
                return TypeRef.Json;
            }
            try
            {
                if (_subtypes.ContainsKey(id)) return DeclarePolymorphicBase(id, target, pointer);
                if (IsNamedShape(target))
                {
                    // Registered before the walk so that recursive references resolve to the name.
                    var named = TypeRef.Named(name);
                    _componentTypes[id] = named;
                    var mapped = MapSchema(target, name, pointer);
                    if (mapped != named) _componentTypes[id] = mapped;
                    return mapped;
                }
                var inline = MapSchema(target, name, pointer);
                _componentTypes[id] = inline;
                return inline;
            }
            finally
            {
                _componentsInProgress.Remove(id);
            }
        }

        /// <summary>
        /// The components that extend <paramref name="id"/> through allOf, sorted, when <paramref name="id"/>
        /// declares a discriminator and is not itself a oneOf/anyOf; empty otherwise.
        /// </summary>
        private static List<string> SubtypesOf(string id, IDictionary<string, IOpenApiSchema> components)
        {
            var result = new List<string>();
            var schema = components[id];
            if (schema is OpenApiSchemaReference || schema.Discriminator?.PropertyName is not { Length: > 0 }) return result;
            if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 }) return result;
            if (schema.Properties is not { Count: > 0 } && schema.AllOf is not { Count: > 0 }) return result;
            foreach (var pair in components.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (pair.Key == id || pair.Value is OpenApiSchemaReference || pair.Value.AllOf is null) continue;
                if (pair.Value.AllOf.Any(part => part is OpenApiSchemaReference r && r.Reference?.Id == id)) result.Add(pair.Key);
            }
            return result;
        }

        /// <summary>
        /// A discriminated base with subtypes: a union (under the base's name) of every subtype and the
        /// base's own record, told apart by the discriminator: the mapping's keys, else the schema names.
        /// </summary>
        private TypeRef DeclarePolymorphicBase(string id, IOpenApiSchema target, string pointer)
        {
            var name = _componentNames[id];
            var named = TypeRef.Named(name);
            _componentTypes[id] = named;
            var discriminator = target.Discriminator!;
            var mapping = discriminator.Mapping;
            var members = new NameScope(UnionReserved.Concat(new[] { name }));
            var claimedValues = new HashSet<string>(StringComparer.Ordinal);
            var specs = new List<UnionVariantSpec>();
            foreach (var variantId in _subtypes[id].Append(id))
            {
                var variantSchema = _document.Components!.Schemas![variantId];
                var type = variantId == id
                    ? DeclareObject(_baseNames[id], target, pointer)
                    : MapComponent(variantId, variantSchema);
                // A subtype that adds nothing ("Sub: {allOf: [{$ref: Base}]}") is the base itself, not a variant of it.
                if (type.Kind != TypeKind.Named || type == named) continue;
                var values = new List<string>();
                if (mapping is { Count: > 0 })
                {
                    foreach (var entry in mapping.OrderBy(e => e.Key, StringComparer.Ordinal))
                    {
                        if (entry.Value.Reference?.Id == variantId) values.Add(entry.Key);
                    }
                }
                if (values.Count == 0) values.Add(variantId);
                values.RemoveAll(v => !claimedValues.Add(v));
                specs.Add(new UnionVariantSpec(members.Claim(type.Name!), type, values.ToEquatableArray(),
                    RequiredPropertiesOf(variantSchema).ToEquatableArray(), ConstantPropertiesOf(variantSchema).ToEquatableArray()));
            }
            AddType(new TypeSpec(TypeSpecKind.Union, name, target.Description, target.Deprecated, EquatableArray<PropertySpec>.Empty,
                EquatableArray<EnumValueSpec>.Empty, discriminator.PropertyName, specs.ToEquatableArray()));
            return named;
        }

        private static bool IsNamedShape(IOpenApiSchema schema)
        {
            if (schema is OpenApiSchemaReference) return false;
            if (schema.Properties is { Count: > 0 }) return true;
            if (schema.AllOf is { Count: > 1 }) return true;
            if (schema.Enum is { Count: > 0 }) return true;
            var variants = (schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf) ?? new List<IOpenApiSchema>();
            return variants.Count(v => !IsNullSchema(v)) > 1;
        }

        private string ClaimTypeName(string contextName, string pointer) =>
            IsComponentPointer(pointer) ? contextName : _typeNames.Claim(contextName);

        // A component claimed its name up front; an inline schema claims one when it is declared.
        // Only a component's own deprecation marks the type: an inline schema's belongs to its property.
        private static bool IsComponentPointer(string pointer)
        {
            const string prefix = "#/components/schemas/";
            return pointer.StartsWith(prefix, StringComparison.Ordinal) && pointer.IndexOf('/', prefix.Length) < 0;
        }

        private TypeRef DeclareObject(string contextName, IOpenApiSchema schema, string pointer)
        {
            // An inline schema reached again while it is being declared (a property whose allOf extends
            // the object that holds it) is the type being declared: without this it would nest forever.
            if (_objectsInProgress.TryGetValue(pointer, out var inProgress)) return TypeRef.Named(inProgress);
            var name = ClaimTypeName(contextName, pointer);
            _objectsInProgress[pointer] = name;
            try
            {
                return DeclareObjectNamed(name, schema, pointer);
            }
            finally
            {
                _objectsInProgress.Remove(pointer);
            }
        }

        private TypeRef DeclareObjectNamed(string name, IOpenApiSchema schema, string pointer)
        {
            var properties = new List<(string Wire, IOpenApiSchema Schema, string Pointer)>();
            var required = new HashSet<string>(StringComparer.Ordinal);
            var description = schema.Description;
            CollectProperties(schema, pointer, properties, required, new HashSet<IOpenApiSchema>(), ref description);

            var members = new NameScope(RecordReserved.Concat(new[] { name }));
            var specs = new List<PropertySpec>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (wire, propertySchema, propertyPointer) in properties)
            {
                if (!seen.Add(wire)) continue;
                var pascal = Identifiers.ToPascalCase(wire);
                var memberName = members.Claim(pascal == name ? pascal + "Value" : pascal);
                var type = MapSchema(propertySchema, name + pascal, propertyPointer);
                specs.Add(new PropertySpec(wire, memberName, type, required.Contains(wire), IsNullable(propertySchema), DescriptionOf(propertySchema), propertySchema.Deprecated));
            }

            AddType(new TypeSpec(TypeSpecKind.Object, name, description, schema.Deprecated && IsComponentPointer(pointer), specs.ToEquatableArray(),
                EquatableArray<EnumValueSpec>.Empty, null, EquatableArray<UnionVariantSpec>.Empty));
            return TypeRef.Named(name);
        }

        private static string? DescriptionOf(IOpenApiSchema schema)
        {
            if (!string.IsNullOrWhiteSpace(schema.Description)) return schema.Description;
            if (schema is not OpenApiSchemaReference && schema.AllOf is { Count: 1 }) return DescriptionOf(schema.AllOf[0]);
            return null;
        }

        private void CollectProperties(IOpenApiSchema schema, string pointer, List<(string, IOpenApiSchema, string)> properties, HashSet<string> required, HashSet<IOpenApiSchema> visited, ref string? description)
        {
            var target = schema is OpenApiSchemaReference reference ? reference.Target : schema;
            if (target is null || !visited.Add(target)) return;
            if (schema is OpenApiSchemaReference r && r.Reference?.Id is { } id) pointer = "#/components/schemas/" + JsonPointer.Escape(id);
            if (target.AllOf is not null)
            {
                for (var i = 0; i < target.AllOf.Count; i++)
                {
                    CollectProperties(target.AllOf[i], pointer + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), properties, required, visited, ref description);
                }
            }
            if (target.Properties is not null)
            {
                foreach (var property in target.Properties)
                {
                    properties.Add((property.Key, property.Value, pointer + "/properties/" + JsonPointer.Escape(property.Key)));
                }
            }
            if (target.Required is not null) required.UnionWith(target.Required);
            description ??= target.Description;
        }

        /// <summary>A string schema (or a string enum) with nothing that makes it another C# type (a date-time format).</summary>
        private static bool IsPlainString(IOpenApiSchema schema)
        {
            var target = Unwrap(schema);
            if (target is null || target.Properties is { Count: > 0 } || HasOwnShapeBesidesEnum(target) || target.Format == "date-time") return false;
            var type = (target.Type ?? 0) & ~JsonSchemaType.Null;
            if (type == JsonSchemaType.String) return true;
            return type == 0 && target.Enum is { Count: > 0 } values && values.All(v => v is null || v.GetValueKind() == JsonValueKind.String);
        }

        private static bool HasOwnShapeBesidesEnum(IOpenApiSchema schema) =>
            schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.AllOf is { Count: > 0 } || schema.Items is not null;

        private TypeRef DeclareEnum(string contextName, IOpenApiSchema schema, string pointer) => DeclareEnum(contextName, schema, schema.Enum!, pointer);

        /// <summary>A string enum of <paramref name="enumValues"/> (non-strings and repeats dropped), described by <paramref name="schema"/>.</summary>
        private TypeRef DeclareEnum(string contextName, IOpenApiSchema schema, IEnumerable<JsonNode?> enumValues, string pointer)
        {
            var name = ClaimTypeName(contextName, pointer);
            var members = new NameScope(EnumReserved.Concat(new[] { name }));
            var values = new List<EnumValueSpec>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in enumValues)
            {
                if (node is null || node.GetValueKind() != JsonValueKind.String) continue;
                var wire = node.GetValue<string>();
                if (!seen.Add(wire)) continue;
                values.Add(new EnumValueSpec(wire, members.Claim(Identifiers.ToPascalCase(wire))));
            }
            AddType(new TypeSpec(TypeSpecKind.StringEnum, name, schema.Description, schema.Deprecated && IsComponentPointer(pointer), EquatableArray<PropertySpec>.Empty,
                values.ToEquatableArray(), null, EquatableArray<UnionVariantSpec>.Empty));
            return TypeRef.Named(name);
        }

        private TypeRef DeclareUnion(string contextName, IOpenApiSchema schema, List<(IOpenApiSchema Schema, string Pointer)> variants, string pointer)
        {
            var members = new NameScope(UnionReserved.Concat(new[] { contextName }));
            var mapped = new List<(TypeRef Type, IOpenApiSchema Schema, string Member)>();
            for (var i = 0; i < variants.Count; i++)
            {
                var (variant, variantPointer) = variants[i];
                var type = MapSchema(variant, contextName + "Variant" + (i + 1).ToString(CultureInfo.InvariantCulture), variantPointer);
                // A component union listing itself ("U: {oneOf: [{$ref: U}, ...]}") adds no shape by doing so.
                if (mapped.Any(m => m.Type == type) || IsComponentPointer(pointer) && type == TypeRef.Named(contextName)) continue;
                mapped.Add((type, variant, members.Claim(MemberNameOf(type))));
            }

            var discriminator = FindDiscriminator(schema, mapped.Select(m => (m.Type, m.Schema)).ToList(), out var valuesByVariant);
            // A tag maps to one variant only: where a document gives two variants the same value, the first keeps it.
            var claimedValues = new HashSet<string>(StringComparer.Ordinal);
            foreach (var values in valuesByVariant) values.RemoveAll(v => !claimedValues.Add(v));
            var specs = mapped.Select((m, i) => new UnionVariantSpec(
                m.Member, m.Type,
                discriminator is null ? EquatableArray<string>.Empty : valuesByVariant[i].ToEquatableArray(),
                RequiredPropertiesOf(m.Schema).ToEquatableArray(),
                ConstantPropertiesOf(m.Schema).ToEquatableArray())).ToEquatableArray();

            // The same inline oneOf written in several places (Vapi repeats its message union three
            // times) becomes one type, named after the first place it appears.
            var signature = (discriminator, specs);
            if (!IsComponentPointer(pointer) && _inlineUnions.TryGetValue(signature, out var existing)) return existing;
            var name = ClaimTypeName(contextName, pointer);
            AddType(new TypeSpec(TypeSpecKind.Union, name, schema.Description, schema.Deprecated && IsComponentPointer(pointer), EquatableArray<PropertySpec>.Empty,
                EquatableArray<EnumValueSpec>.Empty, discriminator, specs));
            if (discriminator is null) ReportAmbiguity(name, specs, mapped.Select(m => m.Schema).ToList(), pointer + (schema.OneOf is { Count: > 0 } ? "/oneOf" : "/anyOf"));
            var named = TypeRef.Named(name);
            if (!IsComponentPointer(pointer)) _inlineUnions[signature] = named;
            return named;
        }

        /// <summary>CG0012 when some variants of a union without a discriminator cannot be told apart.</summary>
        private void ReportAmbiguity(string union, EquatableArray<UnionVariantSpec> variants, List<IOpenApiSchema> schemas, string pointer)
        {
            var shadowed = UnionAmbiguity.Find(variants, _types);
            if (shadowed.Count == 0) return;
            var described = string.Join("; ", shadowed.Select(s => "a value shaped like " + s.Variant.MemberName + " also fits " + JoinNames(s.AlsoFits.Select(v => v.MemberName))));
            var involved = shadowed.SelectMany(s => s.AlsoFits.Append(s.Variant)).Distinct().ToList();
            var advice = UnionAmbiguity.Advice(involved.Select(v => (IReadOnlyCollection<string>)PropertiesOf(schemas[variants.ToList().IndexOf(v)]).Keys.ToList()));
            _reader.Report(Descriptors.AmbiguousUnion, pointer, union, described, JoinNames(shadowed.Select(s => "TryReadAs" + s.Variant.MemberName)), advice);
        }

        private static string JoinNames(IEnumerable<string> names)
        {
            var list = names.ToList();
            return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[list.Count - 1];
        }

        private static string MemberNameOf(TypeRef type) => type.Kind switch
        {
            TypeKind.Named => type.Name!,
            TypeKind.Array => MemberNameOf(type.Element!) + "List",
            TypeKind.Map => MemberNameOf(type.Element!) + "Map",
            TypeKind.Json => "Json",
            _ => type.Kind.ToString(),
        };

        /// <summary>
        /// The property that tells the variants apart: the declared discriminator, or else a property
        /// every variant has with a single, distinct enum (or const) value. Null when there is none.
        /// </summary>
        private string? FindDiscriminator(IOpenApiSchema union, List<(TypeRef Type, IOpenApiSchema Schema)> variants, out List<List<string>> valuesByVariant)
        {
            valuesByVariant = variants.Select(_ => new List<string>()).ToList();
            if (variants.Any(v => v.Type.Kind != TypeKind.Named || PropertiesOf(v.Schema).Count == 0)) return null;

            if (union.Discriminator?.PropertyName is { Length: > 0 } declared)
            {
                var mapping = union.Discriminator.Mapping;
                for (var i = 0; i < variants.Count; i++)
                {
                    var id = (variants[i].Schema as OpenApiSchemaReference)?.Reference?.Id;
                    if (mapping is { Count: > 0 })
                    {
                        foreach (var entry in mapping)
                        {
                            if (entry.Value.Reference?.Id is { } target && target == id) valuesByVariant[i].Add(entry.Key);
                        }
                    }
                    if (valuesByVariant[i].Count == 0 && id is not null) valuesByVariant[i].Add(id);
                    if (valuesByVariant[i].Count == 0)
                    {
                        var single = SingleValueOf(variants[i].Schema, declared);
                        if (single is not null) valuesByVariant[i].Add(single);
                    }
                }
                // A discriminator whose values cannot be found (its mapping points outside the document, its
                // variants are inline) tells nothing: fall through to an implicit one, or to matching by shape.
                if (valuesByVariant.Any(v => v.Count > 0)) return declared;
                valuesByVariant = variants.Select(_ => new List<string>()).ToList();
            }

            var candidates = new List<string>();
            var first = PropertiesOf(variants[0].Schema);
            foreach (var property in first.Keys.OrderBy(k => k == "type" ? 0 : 1).ThenBy(k => k, StringComparer.Ordinal))
            {
                var values = variants.Select(v => SingleValueOf(v.Schema, property)).ToList();
                if (values.Any(v => v is null)) continue;
                if (values.Distinct(StringComparer.Ordinal).Count() != values.Count) continue;
                for (var i = 0; i < variants.Count; i++) valuesByVariant[i] = new List<string> { values[i]! };
                return property;
            }
            return null;
        }

        /// <summary>A schema and, first, everything it takes in through allOf (references resolved, each once).</summary>
        private static List<IOpenApiSchema> AllOfParts(IOpenApiSchema schema)
        {
            var parts = new List<IOpenApiSchema>();
            Collect(schema, new HashSet<IOpenApiSchema>());
            return parts;

            void Collect(IOpenApiSchema current, HashSet<IOpenApiSchema> visited)
            {
                var target = current is OpenApiSchemaReference reference ? reference.Target : current;
                if (target is null || !visited.Add(target)) return;
                if (target.AllOf is not null) foreach (var part in target.AllOf) Collect(part, visited);
                parts.Add(target);
            }
        }

        private static Dictionary<string, IOpenApiSchema> PropertiesOf(IOpenApiSchema schema)
        {
            var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            foreach (var part in AllOfParts(schema))
            {
                if (part.Properties is not null) foreach (var property in part.Properties) result[property.Key] = property.Value;
            }
            return result;
        }

        private static List<string> RequiredPropertiesOf(IOpenApiSchema schema) =>
            AllOfParts(schema)
                .Where(part => part.Required is not null)
                .SelectMany(part => part.Required!)
                .Distinct(StringComparer.Ordinal)
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();

        private static List<ConstantPropertySpec> ConstantPropertiesOf(IOpenApiSchema schema) =>
            PropertiesOf(schema).Keys
                .OrderBy(k => k, StringComparer.Ordinal)
                .Select(k => (Name: k, Value: SingleValueOf(schema, k)))
                .Where(p => p.Value is not null)
                .Select(p => new ConstantPropertySpec(p.Name, p.Value!))
                .ToList();

        private static string? SingleValueOf(IOpenApiSchema variant, string property)
        {
            if (!PropertiesOf(variant).TryGetValue(property, out var schema)) return null;
            var target = Unwrap(schema);
            if (target is null) return null;
            if (target.Const is { } constant) return constant;
            if (target.Enum is { Count: 1 } values && values[0] is { } only && only.GetValueKind() == JsonValueKind.String) return only.GetValue<string>();
            return null;
        }
    }
}
