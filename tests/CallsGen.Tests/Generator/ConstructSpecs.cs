using System;
using System.IO;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>The construct documents (specs/constructs-31.json, specs/petstore-swagger2.yaml, specs/number-enums.json) as generator inputs, run once.</summary>
internal static class ConstructSpecs
{
    public const string Constructs31Path = "specs/constructs-31.json";
    public const string Swagger2Path = "specs/petstore-swagger2.yaml";
    public const string NumberEnumsPath = "specs/number-enums.json";

    public static SpecFile Constructs31() =>
        SpecFile.Create(Constructs31Path, File.ReadAllText(Repo.Spec("constructs-31.json")), "Shapes", "ShapesClient");

    public static SpecFile Swagger2() =>
        SpecFile.Create(Swagger2Path, File.ReadAllText(Repo.Spec("petstore-swagger2.yaml")), "Kennel", "KennelClient");

    public static SpecFile NumberEnums() =>
        SpecFile.Create(NumberEnumsPath, File.ReadAllText(Repo.Spec("number-enums.json")), "Levels", "LevelsClient");

    private static readonly Lazy<GeneratorRun> NumberEnumsRunLazy = new(() => GeneratorHarness.Run(NumberEnums()));

    public static GeneratorRun NumberEnumsRun => NumberEnumsRunLazy.Value;

    private static readonly Lazy<GeneratorRun> Constructs31RunLazy = new(() => GeneratorHarness.Run(Constructs31()));
    private static readonly Lazy<GeneratorRun> Swagger2RunLazy = new(() => GeneratorHarness.Run(Swagger2()));
    private static readonly Lazy<byte[]> Constructs31Image = new(() => Specs.Emit(Constructs31Run.Output));
    private static readonly Lazy<byte[]> Swagger2Image = new(() => Specs.Emit(Swagger2Run.Output));

    public static GeneratorRun Constructs31Run => Constructs31RunLazy.Value;

    public static GeneratorRun Swagger2Run => Swagger2RunLazy.Value;

    public static GeneratedAssembly LoadConstructs31() => GeneratedAssembly.Load(Constructs31Image.Value);

    public static GeneratedAssembly LoadSwagger2() => GeneratedAssembly.Load(Swagger2Image.Value);
}
