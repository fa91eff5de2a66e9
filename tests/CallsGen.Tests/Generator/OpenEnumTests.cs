using System;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>
/// "One of these strings, or any string" (oneOf: [{enum: [...]}, {type: string}], as Vapi's background sound and voice
/// IDs are written) is an enum: it keeps values it does not list anyway, where a union could never tell a listed value
/// from a plain string and would keep every value raw.
/// </summary>
public sealed class OpenEnumTests
{
    private const string Document = """
        openapi: 3.0.3
        info: {title: Sounds, version: '1'}
        servers: [{url: 'https://example.test'}]
        paths:
          /sound:
            get:
              operationId: getSound
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          background:
                            description: A preset, or the URL of a sound file.
                            oneOf:
                              - {type: string, enum: ['off', office]}
                              - {type: string, format: uri}
                              - {type: string, enum: [cafe]}
        """;

    [Fact]
    public void Known_strings_or_any_string_is_an_enum_that_keeps_the_rest()
    {
        var run = GeneratorHarness.Run(SpecFile.Create("sounds.yaml", Document, "Sounds", "SoundsClient"));
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics);
        Assert.Contains("public global::Sounds.GetSoundResponseBackground? Background { get; init; }", run.Source("Models.GetSoundResponse.g.cs"), StringComparison.Ordinal);

        using var generated = GeneratedAssembly.Load(Specs.Emit(run.Output));
        var json = generated.Type("Sounds.SoundsClientJson");
        foreach (var (value, known) in new[] { ("office", true), ("cafe", true), ("https://example.test/rain.mp3", false) })
        {
            var response = JsonCalls.Read(json, "ReadGetSoundResponse", "{\"background\":\"" + value + "\"}");
            var background = response.GetType().GetProperty("Background")!.GetValue(response)!;
            Assert.Equal(value, background.GetType().GetProperty("Value")!.GetValue(background));
            Assert.Equal(known, background.GetType().GetProperty("IsKnown")!.GetValue(background));
        }
        Assert.Equal(3, ((System.Collections.ICollection)generated.Type("Sounds.GetSoundResponseBackground").GetProperty("KnownValues")!.GetValue(null)!).Count);
    }
}
