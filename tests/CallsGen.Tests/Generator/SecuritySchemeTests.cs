using System.IO;
using System.Linq;
using CallsGen.Tests.TestSupport;
using Microsoft.CodeAnalysis;

namespace CallsGen.Tests.Generator;

/// <summary>
/// Security schemes (specs/security.yaml): every kind the client sends gets a credentials property named after its scheme,
/// each operation carries its own requirement, and what cannot be sent gets one located CG0006 saying exactly why.
/// </summary>
public sealed class SecuritySchemeTests
{
    private const string Path = "specs/security.yaml";

    internal static SpecFile Spec() => SpecFile.Create(Path, File.ReadAllText(Repo.Spec("security.yaml")), "Secured", "SecuredClient");

    private static GeneratorRun Run(string yaml) => GeneratorHarness.Run(SpecFile.Create("specs/inline.yaml", yaml, "Inline", "InlineClient"));

    [Fact]
    public void Snapshot_of_every_scheme_kind()
    {
        var run = GeneratorHarness.Run(Spec());
        Assert.Null(run.Result.Results[0].Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
        Snapshot.VerifyAll("Security", run.Sources.Select(s => (s.HintName, s.SourceText.ToString())));
    }

    [Fact]
    public void Credentials_are_named_after_the_schemes()
    {
        var client = GeneratorHarness.Run(Spec()).Source("Client.g.cs");
        foreach (var property in new[] { "string? BearerAuth", "BearerAuthProvider", "string? HeaderKey", "string? KubeToken", "string? QueryKey", "string? CookieKey", "BasicCredentials? BasicAuth", "string? Oauth", "OauthProvider", "string? Oidc", "OidcProvider" })
        {
            Assert.Contains(property + " { get; set; }", client);
        }
        Assert.Contains("public sealed class SecuredClientCredentials : global::CallsGen.Runtime.ApiCredentials", client);
    }

    [Fact]
    public void A_single_bearer_document_keeps_the_api_key_and_no_credentials_class()
    {
        var run = Specs.VapiRun;
        Assert.DoesNotContain(run.Sources, s => s.SourceText.ToString().Contains("ApiCredentials"));
        Assert.DoesNotContain(run.Sources, s => s.SourceText.ToString().Contains("Security ="));
    }

    [Theory]
    [InlineData("{ type: http, scheme: bearer }")]
    [InlineData("{ type: oauth2, flows: { clientCredentials: { tokenUrl: \"https://t.example.com/token\", scopes: {} } } }")]
    public void A_document_whose_requirements_name_one_bearer_scheme_keeps_the_api_key_even_beside_unused_schemes(string scheme)
    {
        var run = Run($$"""
            openapi: 3.0.3
            info: { title: T, version: "1" }
            servers: [{ url: "https://t.example.com" }]
            security: [{ token: [] }]
            paths:
              /a:
                get:
                  responses: { "204": { description: ok } }
              /b:
                get:
                  security: []
                  responses: { "204": { description: ok } }
            components:
              securitySchemes:
                token: {{scheme}}
                unused: { type: apiKey, in: header, name: X-Unused }
            """);
        Assert.Empty(run.Diagnostics);
        var client = run.Source("Client.g.cs");
        Assert.DoesNotContain("Credentials", client);
        Assert.DoesNotContain("Security =", client);
        Assert.Single(client.Split("RequiresAuthentication = false,").Skip(1)); // /b only; /a sends ApiKey as its bearer token
    }

    [Fact]
    public void A_bearer_scheme_beside_another_used_scheme_gets_its_own_credentials_property()
    {
        var run = Run("""
            openapi: 3.0.3
            info: { title: T, version: "1" }
            servers: [{ url: "https://t.example.com" }]
            paths:
              /a:
                get:
                  security: [{ token: [] }]
                  responses: { "204": { description: ok } }
              /b:
                get:
                  security: [{ key: [] }]
                  responses: { "204": { description: ok } }
            components:
              securitySchemes:
                token: { type: http, scheme: bearer }
                key: { type: apiKey, in: cookie, name: sid }
            """);
        Assert.Empty(run.Diagnostics);
        var client = run.Source("Client.g.cs");
        Assert.Contains("public string? Token { get; set; }", client);
        Assert.Contains("TokenProvider { get; set; }", client);
        Assert.Contains("public string? Key { get; set; }", client);
        Assert.Contains("ApiKeyLocation.Cookie", client);
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void Mutual_TLS_gives_CG0006_telling_to_configure_the_handler_and_the_operation_needs_nothing_else()
    {
        var run = Run("""
            openapi: 3.1.0
            info: { title: T, version: "1" }
            servers: [{ url: "https://t.example.com" }]
            paths:
              /a:
                get:
                  security: [{ mtls: [] }]
                  responses: { "204": { description: ok } }
              /b:
                get:
                  security: [{ mtls: [], key: [] }]
                  responses: { "204": { description: ok } }
            components:
              securitySchemes:
                mtls: { type: mutualTLS }
                key: { type: apiKey, in: header, name: X-Key }
            """);
        Assert.Null(run.Result.Results[0].Exception);
        var warning = Assert.Single(run.Diagnostics);
        Assert.Equal("CG0006", warning.Id);
        Assert.Contains("'mtls'", warning.GetMessage());
        Assert.Contains("ClientCertificates", warning.GetMessage());
        Assert.Equal("specs/inline.yaml", warning.Location.GetLineSpan().Path);
        Assert.NotEqual(0, warning.Location.GetLineSpan().StartLinePosition.Line);
        var client = run.Source("Client.g.cs");
        Assert.Contains("RequiresAuthentication = false,", client); // /a: the certificate is the handler's, the client sends nothing
        Assert.Contains("new global::CallsGen.Runtime.ApiSecurity(false, [__scheme0])", client); // /b: the key alone
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void An_http_scheme_the_client_cannot_send_leaves_out_its_alternatives_with_one_CG0006()
    {
        var run = Run("""
            openapi: 3.0.3
            info: { title: T, version: "1" }
            servers: [{ url: "https://t.example.com" }]
            security: [{ digest: [] }, { key: [] }]
            paths:
              /a:
                get:
                  responses: { "204": { description: ok } }
              /b:
                get:
                  security: [{ digest: [] }]
                  responses: { "204": { description: ok } }
              /c:
                get:
                  security: [{ missing: [] }, { key: [] }]
                  responses: { "204": { description: ok } }
            components:
              securitySchemes:
                digest: { type: http, scheme: digest }
                key: { type: apiKey, in: query, name: k }
            """);
        Assert.Null(run.Result.Results[0].Exception);
        var warnings = run.Diagnostics.Where(d => d.Id == "CG0006").OrderBy(d => d.GetMessage()).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("'digest'", warnings[0].GetMessage());
        Assert.Contains("http scheme 'digest'", warnings[0].GetMessage());
        Assert.Contains("'missing'", warnings[1].GetMessage());
        Assert.Contains("not defined", warnings[1].GetMessage());
        Assert.All(warnings, w => Assert.Equal("specs/inline.yaml", w.Location.GetLineSpan().Path));
        var client = run.Source("Client.g.cs");
        Assert.Equal(2, client.Split("Security = __security0,").Length - 1); // /a and /c: the key alone
        Assert.Contains("RequiresAuthentication = false,", client); // /b: nothing the client can send
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void An_api_key_without_a_usable_name_gives_CG0006()
    {
        var run = Run("""
            openapi: 3.0.3
            info: { title: T, version: "1" }
            servers: [{ url: "https://t.example.com" }]
            paths:
              /a:
                get:
                  security: [{ bad: [] }]
                  responses: { "204": { description: ok } }
            components:
              securitySchemes:
                bad: { type: apiKey, in: header, name: "X Key" }
            """);
        var warning = Assert.Single(run.Diagnostics, d => d.Id == "CG0006");
        Assert.Contains("not a valid HTTP header name", warning.GetMessage());
        Assert.Empty(run.CompileDiagnostics.Select(d => d.ToString()));
    }
}
