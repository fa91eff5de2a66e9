using System;
using System.Linq;
using CallsGen.Generator.Emitting;
using CallsGen.Generator.Model;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CallsGen.Tests.Generator;

/// <summary>
/// The emitter alone, from a model built by hand: one of each type kind and property kind, and an operation with
/// every parameter location. A change to a template shows here without a document in between, and the output
/// must compile cleanly against the runtime.
/// </summary>
public sealed class EmitterSnapshotTests
{
    private static EquatableArray<T> Array<T>(params T[] items) where T : IEquatable<T> => items.ToEquatableArray();

    private static PropertySpec Property(string wire, string name, TypeRef type, bool required = false, bool nullable = false) =>
        new(wire, name, type, required, nullable, null, false);

    internal static ApiSpec Model()
    {
        var pet = new TypeSpec(TypeSpecKind.Object, "Pet", "A pet.", false,
            Array(
                Property("id", "Id", TypeRef.Int64, required: true),
                Property("name", "Name", TypeRef.String, required: true),
                Property("kind", "Kind", TypeRef.Named("PetKind")),
                Property("weight", "Weight", TypeRef.Double, nullable: true),
                Property("vaccinated", "Vaccinated", TypeRef.Boolean),
                Property("born", "Born", TypeRef.DateTimeOffset),
                Property("tags", "Tags", TypeRef.ArrayOf(TypeRef.String)),
                Property("notes", "Notes", TypeRef.MapOf(TypeRef.Json)),
                Property("shape", "Shape", TypeRef.Named("Shape")),
                Property("size", "Size", TypeRef.Named("PetSize"), required: true)),
            EquatableArray<EnumValueSpec>.Empty, null, EquatableArray<UnionVariantSpec>.Empty);
        var kind = new TypeSpec(TypeSpecKind.StringEnum, "PetKind", null, false, EquatableArray<PropertySpec>.Empty,
            Array(new EnumValueSpec("dog", "Dog"), new EnumValueSpec("cat", "Cat")), null, EquatableArray<UnionVariantSpec>.Empty);
        var size = new TypeSpec(TypeSpecKind.IntegerEnum, "PetSize", "How big a pet is.", false, EquatableArray<PropertySpec>.Empty,
            Array(new EnumValueSpec("1", "Small"), new EnumValueSpec("-1", "Unknown"), new EnumValueSpec("-9223372036854775808", "Min")), null, EquatableArray<UnionVariantSpec>.Empty);
        var circle = new TypeSpec(TypeSpecKind.Object, "Circle", null, false, Array(Property("type", "Type", TypeRef.String, required: true), Property("radius", "Radius", TypeRef.Double)),
            EquatableArray<EnumValueSpec>.Empty, null, EquatableArray<UnionVariantSpec>.Empty);
        var square = new TypeSpec(TypeSpecKind.Object, "Square", null, true, Array(Property("type", "Type", TypeRef.String, required: true), Property("side", "Side", TypeRef.Double)),
            EquatableArray<EnumValueSpec>.Empty, null, EquatableArray<UnionVariantSpec>.Empty);
        var shape = new TypeSpec(TypeSpecKind.Union, "Shape", null, false, EquatableArray<PropertySpec>.Empty, EquatableArray<EnumValueSpec>.Empty, "type",
            Array(
                new UnionVariantSpec("Circle", TypeRef.Named("Circle"), Array("circle"), Array("type"), EquatableArray<ConstantPropertySpec>.Empty),
                new UnionVariantSpec("Square", TypeRef.Named("Square"), Array("square"), Array("type"), EquatableArray<ConstantPropertySpec>.Empty)));
        var label = new TypeSpec(TypeSpecKind.Union, "Label", null, false, EquatableArray<PropertySpec>.Empty, EquatableArray<EnumValueSpec>.Empty, null,
            Array(
                new UnionVariantSpec("String", TypeRef.String, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<ConstantPropertySpec>.Empty),
                new UnionVariantSpec("Pet", TypeRef.Named("Pet"), EquatableArray<string>.Empty, Array("id", "name"), EquatableArray<ConstantPropertySpec>.Empty)));
        var getPet = new OperationSpec("GetPet", "GET", "/pets/{petId}", null, "Gets a pet.", null, false, true, "GetPetRequest",
            Array(
                new ParameterSpec("petId", "PetId", ParameterLocation.Path, TypeRef.Int64, true, null, false, "1", null, false, false),
                new ParameterSpec("fields", "Fields", ParameterLocation.Query, TypeRef.ArrayOf(TypeRef.String), false, null, false, null, null, false, false),
                new ParameterSpec("X-Trace", "XTrace", ParameterLocation.Header, TypeRef.String, false, null, true, null, null, false, false),
                new ParameterSpec("size", "Size", ParameterLocation.Query, TypeRef.Named("PetSize"), false, null, false, null, null, false, false)),
            null, TypeRef.Named("Pet"), null, null);
        var addPet = new OperationSpec("AddPet", "POST", "/pets", "Pets", null, "Adds a pet.", false, true, null,
            EquatableArray<ParameterSpec>.Empty, new BodySpec(TypeRef.Named("Pet"), true, null), null, null, null);
        return new ApiSpec("hand-built.yaml", "Hand.Built", "PetsClient", "Pets", "https://pets.example", Array(getPet, addPet), Array(pet, kind, size, circle, square, shape, label));
    }

    [Fact]
    public void A_hand_built_model_emits_the_reviewed_files()
    {
        Snapshot.VerifyAll("Emitter_hand_built", Emitter.Emit(Model()));
    }

    [Fact]
    public void A_hand_built_model_compiles_without_warnings()
    {
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { internal static class Placeholder { } }")
            .AddSyntaxTrees(Emitter.Emit(Model()).Select(f => CSharpSyntaxTree.ParseText(f.Source, GeneratorHarness.ParseOptions, f.HintName)));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.Empty(problems);
    }

    [Fact]
    public void Emitting_is_deterministic()
    {
        var first = Emitter.Emit(Model()).ToList();
        var second = Emitter.Emit(Model()).ToList();
        Assert.Equal(first, second);
    }
}
