using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;

namespace CallsGen.Tests.Properties;

/// <summary>One random OpenAPI document, as text, with the generator options it is given.</summary>
internal sealed record RandomDocument(string FileName, string Text, string? ClientName, string NamespaceSuffix, int Complexity)
{
    public override string ToString() => FileName + " (client " + (ClientName ?? "<from title>") + ", namespace suffix '" + NamespaceSuffix + "'):\n" + Text;
}

/// <summary>
/// Random OpenAPI 3.0 and 3.1 documents (JSON or YAML text): a graph of component schemas (objects
/// with required, optional and nullable properties; arrays; maps; unions with and without
/// discriminators and mappings; string enums with duplicates and empty strings; number enums; allOf
/// wrappers and merges; discriminated bases extended through allOf; free-form objects; self and
/// mutual recursion through $ref) and operations with path, query and header parameters and JSON
/// bodies and responses. Names, descriptions, titles and enum values come from <see cref="HostileText"/>.
/// </summary>
internal sealed class DocumentGen : Gen<RandomDocument>
{
    public static readonly DocumentGen Instance = new();

    public override RandomDocument Generate(PCG pcg, Size? min, out Size size)
    {
        var builder = new Builder(new Rng(pcg));
        var document = builder.Build();
        size = new Size((ulong)builder.Complexity);
        return document;
    }

    private sealed class Builder
    {
        private enum Kind { Object, StringEnum, NumberEnum, Array, Map, Union, DiscriminatedUnion, AllOfMerge, AllOfWrapper, FreeForm, Base, Primitive }

        private readonly Rng _rng;
        private readonly bool _v31;
        private readonly List<string> _names = new();
        private readonly Dictionary<string, Kind> _kinds = new();
        public int Complexity;

        public Builder(Rng rng)
        {
            _rng = rng;
            _v31 = rng.Chance(1, 2);
        }

        public RandomDocument Build()
        {
            var count = 1 + _rng.Int(7);
            for (var i = 0; i < count; i++)
            {
                var name = _rng.Chance(1, 3) ? HostileText.Name(_rng) : "S" + i + (_rng.Chance(1, 2) ? HostileText.Name(_rng) : "");
                // A component name without a letter or digit ("", " ", "/") makes references on which the OpenAPI
                // reader throws (ArgumentNullException: referenceId), so the whole document is unreadable.
                if (!name.Any(char.IsLetterOrDigit) || _names.Contains(name)) continue;
                _names.Add(name);
                _kinds[name] = (Kind)_rng.Int((int)Kind.Primitive + 1);
            }
            var schemas = new JsonObject();
            foreach (var name in _names) schemas[name] = Component(name);

            var info = new JsonObject { ["title"] = HostileText.Text(_rng), ["version"] = "1" };
            if (_rng.Chance(1, 2)) info["description"] = HostileText.Text(_rng);
            var document = new JsonObject
            {
                ["openapi"] = _v31 ? "3.1.0" : "3.0.3",
                ["info"] = info,
            };
            if (_rng.Chance(1, 3)) document["servers"] = new JsonArray(new JsonObject { ["url"] = _rng.Chance(1, 2) ? "https://example.test/" + HostileText.Text(_rng) : HostileText.Text(_rng) });
            document["paths"] = Paths();
            document["components"] = new JsonObject { ["schemas"] = schemas };

            var yaml = _rng.Chance(1, 2);
            var text = yaml ? Yaml.Write(document) : document.ToJsonString(new JsonSerializerOptions { WriteIndented = _rng.Chance(1, 2), Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            var clientName = _rng.Chance(2, 3) ? "C" + _rng.Int(100) + (_rng.Chance(1, 3) ? HostileText.Name(_rng) : "") : null;
            var suffix = _rng.Chance(1, 5) ? HostileText.Name(_rng) : "";
            return new RandomDocument(yaml ? "doc.yaml" : "doc.json", text, clientName, suffix, Complexity);
        }

        private string Ref(string name) => "#/components/schemas/" + name.Replace("~", "~0").Replace("/", "~1");

        private JsonObject RefSchema(string name) => new() { ["$ref"] = Ref(name) };

        private void Describe(JsonObject schema)
        {
            if (_rng.Chance(1, 3)) schema["description"] = HostileText.Text(_rng);
            if (_rng.Chance(1, 6)) schema["title"] = HostileText.Text(_rng);
            if (_rng.Chance(1, 10)) schema["deprecated"] = true;
        }

        private JsonObject Component(string name)
        {
            Complexity++;
            var schema = _kinds[name] switch
            {
                Kind.Object => ObjectSchema(0, selfName: name),
                Kind.StringEnum => StringEnum(),
                Kind.NumberEnum => NumberEnum(),
                Kind.Array => new JsonObject { ["type"] = "array", ["items"] = Schema(1) },
                Kind.Map => new JsonObject { ["type"] = "object", ["additionalProperties"] = _rng.Chance(1, 5) ? JsonValue.Create(true) : Schema(1) },
                Kind.Union => Union(1, discriminated: false),
                Kind.DiscriminatedUnion => Union(1, discriminated: true),
                Kind.AllOfMerge => AllOfMerge(1),
                Kind.AllOfWrapper => AllOfWrapper(),
                Kind.FreeForm => FreeForm(),
                Kind.Base => BaseSchema(),
                _ => Primitive(),
            };
            Describe(schema);
            return schema;
        }

        /// <summary>An inline schema (or a reference) at the given depth.</summary>
        private JsonNode Schema(int depth)
        {
            Complexity++;
            var choice = _rng.Int(depth >= 3 ? 4 : 13);
            JsonObject schema;
            switch (choice)
            {
                case 0:
                case 1:
                    schema = Primitive();
                    break;
                case 2:
                case 3:
                    if (_names.Count == 0) { schema = Primitive(); break; }
                    var target = _rng.Pick(_names);
                    if (_rng.Chance(1, 4)) return new JsonObject { ["allOf"] = new JsonArray(RefSchema(target)), ["description"] = HostileText.Text(_rng) };
                    if (_rng.Chance(1, 5)) return Nullable(RefSchema(target));
                    return RefSchema(target);
                case 4: schema = new JsonObject { ["type"] = "array", ["items"] = Schema(depth + 1) }; break;
                case 5: schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = Schema(depth + 1) }; break;
                case 6: schema = ObjectSchema(depth + 1, selfName: null); break;
                case 7: schema = StringEnum(); break;
                case 8: schema = Union(depth + 1, discriminated: _rng.Chance(1, 2)); break;
                case 9: schema = FreeForm(); break;
                case 10: schema = AllOfMerge(depth + 1); break;
                case 11: schema = NumberEnum(); break;
                default:
                    schema = _v31 && _rng.Chance(1, 2)
                        ? new JsonObject { ["const"] = HostileText.Text(_rng) }
                        : new JsonObject { ["type"] = _rng.Chance(1, 2) ? new JsonArray("string", "number") : "string", ["format"] = "date-time" };
                    break;
            }
            if (_rng.Chance(1, 5)) schema = Nullable(schema);
            Describe(schema);
            return schema;
        }

        private JsonObject Nullable(JsonObject schema)
        {
            if (!_v31)
            {
                if (schema.ContainsKey("$ref")) return new JsonObject { ["allOf"] = new JsonArray(schema), ["nullable"] = true };
                schema["nullable"] = true;
                return schema;
            }
            if (schema["type"] is JsonValue type && type.TryGetValue<string>(out var single) && _rng.Chance(1, 2))
            {
                schema["type"] = new JsonArray(single, "null");
                return schema;
            }
            return new JsonObject { ["oneOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
        }

        private JsonObject Primitive()
        {
            var type = _rng.Pick(new[] { "string", "integer", "number", "boolean", "string" });
            var schema = new JsonObject { ["type"] = type };
            if (type == "string" && _rng.Chance(1, 4)) schema["format"] = _rng.Pick(new[] { "date-time", "uuid", "date", "byte" });
            if (type is "integer" or "number" && _rng.Chance(1, 3))
            {
                schema["minimum"] = _rng.Int(5) - 2;
                if (_rng.Chance(1, 2)) schema["maximum"] = 10 + _rng.Int(1000);
            }
            return schema;
        }

        private JsonObject StringEnum()
        {
            var values = new JsonArray();
            var count = _rng.Int(6) + (_rng.Chance(1, 10) ? 0 : 1);
            for (var i = 0; i < count; i++)
            {
                var value = _rng.Chance(1, 8) ? "" : HostileText.Text(_rng);
                values.Add(value);
                if (_rng.Chance(1, 6)) values.Add(value);
            }
            if (_rng.Chance(1, 8)) values.Add(null);
            var schema = new JsonObject { ["enum"] = values };
            if (_rng.Chance(3, 4)) schema["type"] = "string";
            return schema;
        }

        private JsonObject NumberEnum()
        {
            var integer = _rng.Chance(1, 2);
            var values = new JsonArray();
            var count = 1 + _rng.Int(4);
            for (var i = 0; i < count; i++) values.Add(integer ? JsonValue.Create(_rng.Int(100) - 3) : JsonValue.Create(_rng.Int(1000) / 8.0));
            return new JsonObject { ["type"] = integer ? "integer" : "number", ["enum"] = values };
        }

        private JsonObject FreeForm() => _rng.Int(4) switch
        {
            0 => new JsonObject { ["type"] = "object" },
            1 => new JsonObject(),
            2 => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
            _ => new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject() },
        };

        private JsonObject ObjectSchema(int depth, string? selfName)
        {
            var properties = new JsonObject();
            var required = new JsonArray();
            var count = _rng.Int(depth > 1 ? 3 : 6);
            for (var i = 0; i < count; i++)
            {
                var name = HostileText.Name(_rng);
                if (properties.ContainsKey(name)) continue;
                // Self recursion: a property of the object's own type, directly or through a list.
                var schema = selfName is not null && _rng.Chance(1, 5)
                    ? (_rng.Chance(1, 2) ? RefSchema(selfName) : new JsonObject { ["type"] = "array", ["items"] = RefSchema(selfName) })
                    : Schema(depth + 1);
                properties[name] = schema;
                if (_rng.Chance(1, 2)) required.Add(name);
            }
            if (_rng.Chance(1, 10)) required.Add(HostileText.Name(_rng)); // required but never declared
            var result = new JsonObject { ["type"] = "object", ["properties"] = properties };
            if (required.Count > 0) result["required"] = required;
            if (_rng.Chance(1, 6)) result["additionalProperties"] = _rng.Chance(1, 2) ? JsonValue.Create(false) : Primitive();
            return result;
        }

        private JsonObject Union(int depth, bool discriminated)
        {
            var variants = new JsonArray();
            var objects = _names.Where(n => _kinds[n] is Kind.Object or Kind.AllOfMerge or Kind.Base).ToList();
            var property = _rng.Chance(1, 2) ? "type" : HostileText.Name(_rng);
            var mapping = new JsonObject();
            var count = 2 + _rng.Int(3);
            for (var i = 0; i < count; i++)
            {
                if (discriminated && objects.Count > 0 && _rng.Chance(3, 4))
                {
                    var target = _rng.Pick(objects);
                    variants.Add(RefSchema(target));
                    if (_rng.Chance(1, 2))
                    {
                        // (An empty mapping key, like an empty or blank component name, makes the OpenAPI reader throw.)
                        var key = HostileText.Text(_rng);
                        if (key.Trim().Length > 0 && !mapping.ContainsKey(key)) mapping[key] = Ref(target);
                    }
                }
                else if (_rng.Chance(1, 2))
                {
                    // An inline object that fixes the tag with a one-value enum (or const).
                    var tag = _rng.Chance(1, 8) ? "" : HostileText.Text(_rng);
                    var tagSchema = _v31 && _rng.Chance(1, 2) ? new JsonObject { ["const"] = tag } : new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(tag) };
                    var inline = ObjectSchema(depth + 1, selfName: null);
                    ((JsonObject)inline["properties"]!)[property] = tagSchema;
                    if (_rng.Chance(1, 2)) inline["required"] = new JsonArray(property);
                    variants.Add(inline);
                }
                else
                {
                    variants.Add(Schema(depth + 1));
                }
            }
            if (_rng.Chance(1, 8)) variants.Add(new JsonObject { ["type"] = "null" });
            var union = new JsonObject { [_rng.Chance(2, 3) ? "oneOf" : "anyOf"] = variants };
            if (discriminated)
            {
                var discriminator = new JsonObject { ["propertyName"] = property };
                if (_rng.Chance(1, 10)) mapping["missing"] = "#/components/schemas/NotThere" + _rng.Int(9);
                if (mapping.Count > 0) discriminator["mapping"] = mapping;
                union["discriminator"] = discriminator;
            }
            return union;
        }

        /// <summary>A base with a discriminator that other components extend through allOf (Swagger 2.0 style inheritance).</summary>
        private JsonObject BaseSchema()
        {
            var schema = ObjectSchema(1, selfName: null);
            var property = _rng.Chance(1, 2) ? "kind" : HostileText.Name(_rng);
            ((JsonObject)schema["properties"]!)[property] = new JsonObject { ["type"] = "string" };
            var discriminator = new JsonObject { ["propertyName"] = property };
            var merges = _names.Where(n => _kinds[n] == Kind.AllOfMerge).ToList();
            if (merges.Count > 0 && _rng.Chance(1, 2))
            {
                var mapping = new JsonObject();
                foreach (var merge in merges) mapping["m" + merges.IndexOf(merge) + HostileText.Text(_rng)] = Ref(merge);
                discriminator["mapping"] = mapping;
            }
            schema["discriminator"] = discriminator;
            return schema;
        }

        private JsonObject AllOfMerge(int depth)
        {
            var parts = new JsonArray();
            var bases = _names.Where(n => _kinds[n] is Kind.Object or Kind.Base or Kind.AllOfMerge).ToList();
            if (bases.Count > 0) parts.Add(RefSchema(_rng.Pick(bases)));
            if (bases.Count > 1 && _rng.Chance(1, 3)) parts.Add(RefSchema(_rng.Pick(bases)));
            parts.Add(ObjectSchema(depth + 1, selfName: null));
            if (parts.Count == 1 && _rng.Chance(1, 2)) parts.Add(ObjectSchema(depth + 1, selfName: null));
            var merge = new JsonObject { ["allOf"] = parts };
            if (_rng.Chance(1, 4)) merge["type"] = "object";
            return merge;
        }

        private JsonObject AllOfWrapper()
        {
            var target = _names.Count > 0 ? RefSchema(_rng.Pick(_names)) : Primitive();
            return new JsonObject { ["allOf"] = new JsonArray(target) };
        }

        private JsonObject Paths()
        {
            var paths = new JsonObject();
            var count = 1 + _rng.Int(3);
            for (var i = 0; i < count; i++)
            {
                var pathParameters = new List<string>();
                var path = "/p" + i;
                var segments = _rng.Int(3);
                for (var s = 0; s < segments; s++)
                {
                    if (_rng.Chance(1, 2))
                    {
                        var name = _rng.Chance(1, 2) ? "id" + s : HostileText.Name(_rng).Replace("{", "").Replace("}", "").Replace("/", "");
                        if (name.Length == 0 || pathParameters.Contains(name)) continue;
                        pathParameters.Add(name);
                        path += "/{" + name + "}";
                    }
                    else
                    {
                        // (Paths are keys too: kept under the 1024-character limit, see HostileText.Text.)
                        var segment = HostileText.Text(_rng).Replace("{", "(").Replace("}", ")").Replace("/", "_");
                        if (path.Length + segment.Length < 620) path += "/" + segment;
                    }
                }
                if (paths.ContainsKey(path)) continue;
                var item = new JsonObject();
                var methods = new[] { "get", "post", "put", "patch", "delete" }.Where(_ => _rng.Chance(1, 2)).ToList();
                if (methods.Count == 0) methods.Add("get");
                foreach (var method in methods) item[method] = Operation(method, pathParameters);
                paths[path] = item;
            }
            return paths;
        }

        private JsonObject Operation(string method, List<string> pathParameters)
        {
            Complexity++;
            var operation = new JsonObject();
            if (_rng.Chance(2, 3)) operation["operationId"] = _rng.Chance(1, 2) ? method + HostileText.Name(_rng) : HostileText.Text(_rng);
            if (_rng.Chance(1, 2)) operation["summary"] = HostileText.Text(_rng);
            if (_rng.Chance(1, 3)) operation["description"] = HostileText.Text(_rng);
            // (A blank tag name makes the 3.1 reader throw while resolving the tag reference: ArgumentNullException referenceId.)
            if (_rng.Chance(1, 4)) operation["tags"] = new JsonArray("t" + HostileText.Text(_rng));
            if (_rng.Chance(1, 10)) operation["deprecated"] = true;

            var parameters = new JsonArray();
            foreach (var name in pathParameters)
            {
                parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = ScalarSchema(), ["description"] = HostileText.Text(_rng) });
            }
            var others = _rng.Int(5);
            var seen = new HashSet<string>();
            for (var i = 0; i < others; i++)
            {
                var name = HostileText.Name(_rng);
                var location = _rng.Chance(2, 3) ? "query" : "header";
                if (!seen.Add(location + name)) continue;
                var schema = location == "query" && _rng.Chance(1, 4) ? new JsonObject { ["type"] = "array", ["items"] = ScalarSchema() } : ScalarSchema();
                var parameter = new JsonObject { ["name"] = name, ["in"] = location, ["schema"] = schema };
                if (_rng.Chance(1, 2)) parameter["required"] = true;
                if (_rng.Chance(1, 2)) parameter["description"] = HostileText.Text(_rng);
                if (_rng.Chance(1, 10)) parameter["deprecated"] = true;
                parameters.Add(parameter);
            }
            if (parameters.Count > 0) operation["parameters"] = parameters;

            if (method != "get" && _rng.Chance(2, 3))
            {
                var body = new JsonObject { ["content"] = new JsonObject { [_rng.Chance(1, 5) ? "application/merge-patch+json" : "application/json"] = new JsonObject { ["schema"] = Schema(1) } } };
                if (_rng.Chance(1, 2)) body["required"] = true;
                if (_rng.Chance(1, 3)) body["description"] = HostileText.Text(_rng);
                operation["requestBody"] = body;
            }

            var responses = new JsonObject();
            if (_rng.Chance(3, 4))
            {
                responses[_rng.Chance(3, 4) ? "200" : "201"] = new JsonObject
                {
                    ["description"] = HostileText.Text(_rng),
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Schema(1) } },
                };
            }
            else
            {
                responses["204"] = new JsonObject { ["description"] = "none" };
            }
            operation["responses"] = responses;
            return operation;
        }

        /// <summary>A parameter's schema: a primitive, an inline or referenced string enum (when there is one).</summary>
        private JsonObject ScalarSchema()
        {
            var enums = _names.Where(n => _kinds[n] == Kind.StringEnum).ToList();
            if (enums.Count > 0 && _rng.Chance(1, 3)) return RefSchema(_rng.Pick(enums));
            if (_rng.Chance(1, 5)) return StringEnum();
            return Primitive();
        }
    }
}
