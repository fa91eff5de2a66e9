using System;
using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;

namespace CallsGen.Tests.Generator;

/// <summary>
/// The client generated from specs/bodies.yaml (form, multipart, binary and text bodies; stream, text and by-status
/// responses; typed error bodies) against reviewed snapshots, a clean build of it, and the CG0004 left for a body that
/// cannot be sent.
/// </summary>
public sealed class BodySnapshotTests
{
    private static readonly Lazy<GeneratorRun> s_run = new(() => GeneratorHarness.Run(
        SpecFile.Create("specs/bodies.yaml", File.ReadAllText(Repo.Spec("bodies.yaml")), "Bodies", "BodiesClient")));

    [Fact]
    public void Bodies()
    {
        var run = s_run.Value;
        Assert.Null(run.Result.Results[0].Exception);
        Snapshot.VerifyAll(nameof(Bodies), run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Bodies_compile_without_warnings_and_without_generator_diagnostics()
    {
        var run = s_run.Value;
        Assert.Empty(run.Diagnostics.Select(d => d.ToString()));
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Each_media_type_besides_the_preferred_one_gets_a_method_named_after_it()
    {
        var client = string.Concat(s_run.Value.Sources.Select(s => s.SourceText.ToString()));
        Assert.Contains("public global::System.Threading.Tasks.Task<global::Bodies.Note> PatchNoteAsync(string noteId, global::Bodies.NotePatch body,", client, StringComparison.Ordinal);
        Assert.Contains("PatchNoteMergePatchJsonAsync(string noteId, global::Bodies.NotePatch body,", client, StringComparison.Ordinal);
        Assert.Contains("PatchNoteFormAsync(string noteId, global::Bodies.NotePatch body,", client, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multipart/mixed", "multipart/mixed is not a media type the client can send")]
    [InlineData("application/x-www-form-urlencoded", "application/x-www-form-urlencoded needs an object schema, one field per property")]
    public void A_body_that_cannot_be_sent_is_skipped_with_a_located_CG0004_that_says_why(string mediaType, string reason)
    {
        var yaml = $$"""
            openapi: 3.0.3
            info: { title: T, version: "1" }
            paths:
              /send:
                post:
                  operationId: send
                  requestBody:
                    content:
                      {{mediaType}}:
                        schema: { type: string }
                  responses:
                    "204": { description: ok }
              /ping:
                get:
                  operationId: ping
                  responses:
                    "204": { description: ok }
            """;
        var run = GeneratorHarness.Run(SpecFile.Create("specs/t.yaml", yaml));
        var skipped = Assert.Single(run.Diagnostics, d => d.Id == "CG0004");
        Assert.Equal("The operation POST /send was not generated: its request body cannot be sent: " + reason, skipped.GetMessage());
        Assert.Equal(6, skipped.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }
}
