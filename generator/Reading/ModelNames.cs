using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// The names of one document's generated types, and the scopes their members' names are claimed in. Every
/// component gets its name up front, in sorted order, so a schema's name never depends on which operations
/// were selected or on where it was first reached; inline schemas claim theirs when they are declared. A type
/// may not be named like a member it declares (CS0542), so the members every generated type has
/// (<see cref="GeneratedMembers"/>) are taken from the start, with the client's own names.
/// </summary>
internal sealed class ModelNames
{
    private const string ComponentPrefix = Naming.JsonPointer.ComponentSchemas + "/";

    private readonly NameScope _types;
    private readonly Dictionary<string, string> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _bases = new(StringComparer.Ordinal);

    /// <param name="baseIds">The discriminated bases (see <see cref="ModelContext.Subtypes"/>), whose own shape gets a record named "{Base}Base".</param>
    public ModelNames(SpecInput input, OpenApiDocument document, IEnumerable<string> baseIds)
    {
        ClientName = input.ClientName is { Length: > 0 } name
            ? Identifiers.ToPascalCase(name)
            : Identifiers.ToPascalCase(document.Info?.Title ?? "Api") + "Client";
        JsonClassName = ClientName + GeneratedMembers.JsonClassSuffix;
        var reserved = new[] { ClientName, JsonClassName, ClientName + GeneratedMembers.ServiceCollectionExtensionsSuffix, LastSegment(input.Namespace) };
        _types = new NameScope(reserved.Concat(GeneratedMembers.AllTypeMembers()));

        var components = document.Components?.Schemas;
        if (components is null) return;
        foreach (var id in components.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            _components[id] = _types.Claim(Identifiers.ToPascalCase(id));
        }
        foreach (var id in baseIds.OrderBy(k => k, StringComparer.Ordinal))
        {
            _bases[id] = _types.Claim(_components[id] + "Base");
        }
    }

    public string ClientName { get; }

    public string JsonClassName { get; }

    public bool IsComponent(string id) => _components.ContainsKey(id);

    /// <summary>The type name of component <paramref name="id"/>.</summary>
    public string Component(string id) => _components[id];

    /// <summary>The record name of discriminated base <paramref name="id"/>'s own shape.</summary>
    public string BaseRecord(string id) => _bases[id];

    /// <summary>A new type name: <paramref name="desired"/>, or it with a number when that is taken.</summary>
    public string Claim(string desired) => _types.Claim(desired);

    /// <summary>The name of the type declared at <paramref name="pointer"/>: a component's own (claimed up front), else a new one.</summary>
    public string ClaimFor(string contextName, string pointer) => IsComponentPointer(pointer) ? contextName : _types.Claim(contextName);

    /// <summary>
    /// Whether <paramref name="pointer"/> is a component schema itself (not a part of one). Only a component's own
    /// deprecation marks its type (an inline schema's belongs to its property), and only inline types are shared.
    /// </summary>
    public static bool IsComponentPointer(string pointer) =>
        pointer.StartsWith(ComponentPrefix, StringComparison.Ordinal) && pointer.IndexOf('/', ComponentPrefix.Length) < 0;

    /// <summary>The scope of a record's property names (and of a request record's parameter names).</summary>
    public static NameScope RecordMembers(string typeName) => Members(GeneratedMembers.Record, typeName);

    /// <summary>The scope of an enum's member names.</summary>
    public static NameScope EnumMembers(string typeName) => Members(GeneratedMembers.Enum, typeName);

    /// <summary>The scope of an integer enum's member names.</summary>
    public static NameScope IntegerEnumMembers(string typeName) => Members(GeneratedMembers.IntegerEnum, typeName);

    /// <summary>The scope of a union's variant member names.</summary>
    public static NameScope UnionMembers(string typeName) => Members(GeneratedMembers.Union, typeName);

    /// <summary>The scope of the client's method names.</summary>
    public NameScope ClientMembers() => Members(GeneratedMembers.Client, ClientName);

    private static NameScope Members(IEnumerable<string> reserved, string typeName) => new(reserved.Concat(new[] { typeName }));

    private static string LastSegment(string ns)
    {
        var dot = ns.LastIndexOf('.');
        return dot < 0 ? ns : ns.Substring(dot + 1);
    }
}
