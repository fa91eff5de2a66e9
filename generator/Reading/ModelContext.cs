using System;
using System.Collections.Generic;
using CallsGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// What the parts of the model builder share while one document is read: the document, the reader that
/// collects diagnostics, the types declared so far (by name), the names handed out, the cached answers about
/// schemas, and the discriminated bases with the components that extend them.
/// </summary>
internal sealed class ModelContext
{
    private readonly SpecReader _reader;

    public ModelContext(SpecReader reader, OpenApiDocument document)
    {
        _reader = reader;
        Document = document;
        var components = document.Components?.Schemas;
        Subtypes = components is null ? new Dictionary<string, List<string>>(StringComparer.Ordinal) : Polymorphism.FindSubtypes(components);
        Names = new ModelNames(reader.Input, document, Subtypes.Keys);
        Security = new SecurityReader(this);
    }

    public OpenApiDocument Document { get; }

    public SpecInput Input => _reader.Input;

    public ModelNames Names { get; }

    /// <summary>The document's security schemes, and what each operation sends.</summary>
    public SecurityReader Security { get; }

    public SchemaFacts Facts { get; } = new();

    /// <summary>The types declared so far, by name.</summary>
    public Dictionary<string, TypeSpec> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Each component with a discriminator that others extend through allOf (Swagger 2.0 inheritance), with
    /// those components, sorted: it becomes a union under its own name.
    /// </summary>
    public IReadOnlyDictionary<string, List<string>> Subtypes { get; }

    public void AddType(TypeSpec type) => Types.Add(type.Name, type);

    /// <summary>A single value written as text (a parameter, a form field or part): a string, number, integer, boolean, date-time, string enum or integer enum.</summary>
    public bool IsScalar(TypeRef type) => type.Kind is Model.TypeKind.String or Model.TypeKind.Boolean or Model.TypeKind.Int64 or Model.TypeKind.Double or Model.TypeKind.DateTimeOffset
        || type.Kind == Model.TypeKind.Named && Types.TryGetValue(type.Name!, out var named) && named.Kind is TypeSpecKind.StringEnum or TypeSpecKind.IntegerEnum;

    public void Report(DiagnosticDescriptor descriptor, string? pointer, params string[] args) => _reader.Report(descriptor, pointer, args);

    public void ThrowIfCancellationRequested() => _reader.CancellationToken.ThrowIfCancellationRequested();
}
