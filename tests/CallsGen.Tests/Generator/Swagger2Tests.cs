using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>specs/petstore-swagger2.yaml: a Swagger 2.0 document with allOf inheritance and a 2.0 discriminator.</summary>
public sealed class Swagger2Tests
{
    private static object? Get(object target, string name) => target.GetType().GetProperty(name)!.GetValue(target);

    private const string Pets = """
        [
          {"id":"1","name":"Rex","petType":"Dog","packSize":3,"breed":"collie","status":"available","birthDate":"2020-01-02T03:04:05.000Z"},
          {"id":"2","name":"Tom","petType":"Cat","indoor":true,"tags":["grey"]},
          {"id":"3","name":"Plain","petType":"Pet","weightKg":1.25},
          {"id":"4","name":"Nemo","petType":"Fish","fins":2}
        ]
        """;

    [Fact]
    public void Discriminated_base_decodes_each_subtype_by_schema_name_and_keeps_unknown_ones_raw()
    {
        using var generated = ConstructSpecs.LoadSwagger2();
        var json = generated.Type("Kennel.KennelClientJson");
        var pets = ((IEnumerable)JsonCalls.Read(json, "ReadPet_List", Pets)).Cast<object>().ToList();
        Assert.Equal(new[] { "Kennel.Dog", "Kennel.Cat", "Kennel.PetBase" }, pets.Take(3).Select(p => Get(p, "Value")!.GetType().FullName));
        var dog = Get(pets[0], "Value")!;
        Assert.Equal(3L, Get(dog, "PackSize"));
        Assert.Equal("Rex", Get(dog, "Name"));
        Assert.Equal("available", Get(dog, "Status")!.ToString());
        Assert.Null(Get(dog, "AdditionalProperties"));
        Assert.Equal(true, Get(Get(pets[1], "Value")!, "Indoor"));
        Assert.True((bool)Get(pets[3], "IsUnknown")!);

        var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(generated.Type("Kennel.Pet")))!;
        foreach (var pet in pets) list.Add(pet);
        var written = JsonCalls.Write(json, "WritePet_List", list);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Pets), JsonNode.Parse(written)), written);
    }

    [Fact]
    public void Dog_has_the_inherited_and_its_own_properties_with_their_required_flags()
    {
        using var generated = ConstructSpecs.LoadSwagger2();
        var dog = generated.Type("Kennel.Dog");
        var required = dog.GetProperties()
            .Where(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "RequiredMemberAttribute"))
            .Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal);
        Assert.Equal(new[] { "Id", "Name", "PackSize", "PetType" }, required);
        Assert.Equal(typeof(string), dog.GetProperty("Breed")!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<string>), dog.GetProperty("Tags")!.PropertyType);
        Assert.Equal(typeof(double?), dog.GetProperty("WeightKg")!.PropertyType);
        Assert.Equal(typeof(DateTimeOffset?), dog.GetProperty("BirthDate")!.PropertyType);
        Assert.Equal(typeof(Nullable<>).MakeGenericType(generated.Type("Kennel.PetStatus")), dog.GetProperty("Status")!.PropertyType);
    }

    [Fact]
    public void Operations_have_the_body_path_query_and_header_parameters_and_the_204_delete_returns_Task()
    {
        using var generated = ConstructSpecs.LoadSwagger2();
        var client = generated.Type("Kennel.KennelClient");
        Assert.Equal("https://kennel.example.org/v2", client.GetField("DefaultServer")!.GetValue(null));
        MethodInfo Method(string name) => client.GetMethods().Single(m => m.Name == name);

        var create = Method("CreatePetAsync");
        Assert.Equal(new[] { generated.Type("Kennel.NewPet"), typeof(CancellationToken) }, create.GetParameters().Select(p => p.ParameterType));
        Assert.Equal(typeof(Task<>).MakeGenericType(generated.Type("Kennel.Pet")), create.ReturnType);

        var delete = Method("DeletePetAsync");
        Assert.Equal(typeof(Task), delete.ReturnType);
        Assert.Equal(new[] { "petId", "request", "cancellationToken" }, delete.GetParameters().Select(p => p.Name));
        Assert.Equal(typeof(string), generated.Type("Kennel.DeletePetRequest").GetProperty("XReason")!.PropertyType);

        var list = generated.Type("Kennel.ListPetsRequest");
        Assert.Equal(typeof(long?), list.GetProperty("Limit")!.PropertyType);
        Assert.Equal(typeof(IReadOnlyList<string>), list.GetProperty("Tags")!.PropertyType);
        Assert.Equal(typeof(string), list.GetProperty("XRequestId")!.PropertyType);
        Assert.Equal(typeof(Nullable<>).MakeGenericType(generated.Type("Kennel.ListPetsRequestSpecies")), list.GetProperty("Species")!.PropertyType);
        Assert.Equal(typeof(Task<>).MakeGenericType(generated.Type("Kennel.Dog")), Method("GetDogAsync").ReturnType);
    }
}
