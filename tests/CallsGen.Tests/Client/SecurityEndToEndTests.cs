using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Secured;

namespace CallsGen.Tests.Client;

/// <summary>
/// The generated <c>SecuredClient</c> (specs/security.yaml) against an in-test Kestrel server: where each credential lands on
/// the wire, which alternative is chosen, optional and absent security, the missing-credential error, redaction, and that no
/// credential goes to another origin.
/// </summary>
public sealed class SecurityEndToEndTests
{
    private const string HeaderKey = "hk-0123456789abcdef";
    private const string CookieKey = "ck-0123456789abcdef";

    private static SecuredClient Client(SecurityServer server, SecuredClientCredentials credentials, HttpClient? http = null) =>
        new(new ApiClientOptions { BaseAddress = server.BaseAddress, Credentials = credentials, MaxRetries = 0 }, http);

    private static string[] AuthHeaders(SecurityRequest request) =>
        new[] { "Authorization", "X-Api-Key", "Cookie" }.Where(h => request.Header(h) is not null).ToArray();

    [Fact]
    public async Task An_api_key_in_a_header_is_sent_as_given_in_that_header_only()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { HeaderKey = HeaderKey });

        Assert.True((await client.GetHeaderAsync()).Ok);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/header", request.RawTarget);
        Assert.Equal(HeaderKey, request.Header("X-Api-Key"));
        Assert.Equal(["X-Api-Key"], AuthHeaders(request));
    }

    [Theory]
    [InlineData("Bearer eyJhbGciOi.payload.sig")] // Kubernetes: a bearer token in an apiKey scheme named "authorization"
    [InlineData("Bot MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ")] // Discord: "Authorization: Bot <token>"
    public async Task An_api_key_in_the_authorization_header_carries_its_own_prefix(string value)
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { KubeToken = value });

        await client.GetKubeAsync();

        Assert.Equal(value, Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task An_api_key_in_the_query_is_percent_encoded_after_the_operations_own_parameters()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { QueryKey = "k&ey=+1 é/?" });

        await client.GetQueryAsync(new GetQueryRequest { Q = "hello" });

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/query?q=hello&api_key=k%26ey%3D%2B1%20%C3%A9%2F%3F", request.RawTarget);
        Assert.Empty(AuthHeaders(request));
    }

    [Fact]
    public async Task An_api_key_in_the_query_starts_the_query_when_there_is_none()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { QueryKey = "plain" });

        await client.GetQueryAsync();

        Assert.Equal("/v1/query?api_key=plain", Assert.Single(server.Requests).RawTarget);
    }

    [Fact]
    public async Task An_api_key_in_a_cookie_goes_in_the_cookie_header()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { CookieKey = CookieKey });

        await client.GetCookieAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("session=" + CookieKey, request.Header("Cookie"));
        Assert.Equal(["Cookie"], AuthHeaders(request));
    }

    [Fact]
    public async Task A_cookie_value_that_a_cookie_cannot_hold_is_refused_without_echoing_it()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { CookieKey = "secret;injected=1" });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetCookieAsync());

        Assert.DoesNotContain("secret", error.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_header_key_with_a_line_break_is_refused_before_sending_without_echoing_it()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { HeaderKey = "secret-part\r\nX-Injected: 1" });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetHeaderAsync());

        Assert.Contains("SecuredClientCredentials.HeaderKey", error.Message);
        Assert.DoesNotContain("secret-part", error.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_token_provider_returning_nothing_is_refused_before_sending()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { BearerAuthProvider = _ => ValueTask.FromResult("  ") });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetDefaultAsync());

        Assert.Contains("SecuredClientCredentials.BearerAuth (or BearerAuthProvider)", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Basic_sends_the_base64_of_the_utf8_user_and_password()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("Aladdin", "open sesame") });

        await client.GetBasicAsync();

        // RFC 7617's own example.
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Basic_encodes_non_ascii_as_utf8_and_keeps_colons_in_the_password()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("zoë", "p:ss€") });

        await client.GetBasicAsync();

        string header = Assert.Single(server.Requests).Header("Authorization")!;
        Assert.StartsWith("Basic ", header);
        Assert.Equal(new byte[] { 0x7A, 0x6F, 0xC3, 0xAB, 0x3A, 0x70, 0x3A, 0x73, 0x73, 0xE2, 0x82, 0xAC }, Convert.FromBase64String(header["Basic ".Length..]));
    }

    [Fact]
    public async Task A_basic_user_name_with_a_colon_is_refused_before_sending()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("a:b", "pw-9876") });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetBasicAsync());

        Assert.Contains("SecuredClientCredentials.BasicAuth", error.Message);
        Assert.DoesNotContain("pw-9876", error.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Bearer_oauth2_and_openid_connect_send_their_token_and_a_provider_wins_over_a_fixed_token()
    {
        await using var server = await SecurityServer.StartAsync();
        int calls = 0;
        using var client = Client(server, new SecuredClientCredentials
        {
            Oauth = "stale-token",
            OauthProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult("fresh-oauth-token");
            },
            Oidc = "oidc-token",
        });

        await client.GetOAuthAsync();
        await client.GetOidcAsync();

        Assert.Equal(1, calls);
        Assert.Equal(["Bearer fresh-oauth-token", "Bearer oidc-token"], server.Requests.Select(r => r.Header("Authorization")!).ToArray());
    }

    [Fact]
    public async Task A_retried_call_gets_its_token_once_and_puts_every_credential_on_each_attempt_once()
    {
        await using var server = await SecurityServer.StartAsync();
        int answered = 0;
        // The first attempt of each call is answered 503, the second 200.
        server.Respond = (context, _) => Interlocked.Increment(ref answered) % 2 == 1
            ? SecurityServer.WriteAsync(context, 503, "{}")
            : SecurityServer.WriteAsync(context, 200, """{"ok":true}""");
        int calls = 0;
        var credentials = new SecuredClientCredentials
        {
            QueryKey = "plain",
            OauthProvider = _ =>
            {
                Interlocked.Increment(ref calls);
                return ValueTask.FromResult("fresh-oauth-token");
            },
        };
        using var client = new SecuredClient(new ApiClientOptions
        {
            BaseAddress = server.BaseAddress,
            Credentials = credentials,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        });

        Assert.True((await client.GetQueryAsync(new GetQueryRequest { Q = "hello" })).Ok);
        Assert.True((await client.GetOAuthAsync()).Ok);

        // Both attempts of the first call carry the key once, after the operation's own parameter; both of the second carry
        // the token, which the provider gave once for the call.
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(["/v1/query?q=hello&api_key=plain", "/v1/query?q=hello&api_key=plain"], server.Requests.Take(2).Select(r => r.RawTarget).ToArray());
        Assert.Equal(["Bearer fresh-oauth-token", "Bearer fresh-oauth-token"], server.Requests.Skip(2).Select(r => r.Header("Authorization")!).ToArray());
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task The_document_default_uses_the_first_alternative_that_is_configured()
    {
        await using var server = await SecurityServer.StartAsync();
        using (var keyOnly = Client(server, new SecuredClientCredentials { HeaderKey = HeaderKey }))
        {
            await keyOnly.GetDefaultAsync();
        }

        using (var both = Client(server, new SecuredClientCredentials { HeaderKey = HeaderKey, BearerAuth = "jwt-token" }))
        {
            await both.GetDefaultAsync();
        }

        var requests = server.Requests;
        Assert.Equal(HeaderKey, requests[0].Header("X-Api-Key"));
        Assert.Equal(["X-Api-Key"], AuthHeaders(requests[0]));
        Assert.Equal("Bearer jwt-token", requests[1].Header("Authorization"));
        Assert.Equal(["Authorization"], AuthHeaders(requests[1])); // the first alternative only, not every configured key
    }

    [Fact]
    public async Task An_and_set_sends_all_of_its_credentials_together()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("Aladdin", "open sesame"), QueryKey = "qk-1" });

        await client.PostBothAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/both?api_key=qk-1", request.RawTarget);
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", request.Header("Authorization"));
    }

    [Fact]
    public async Task An_and_set_is_not_chosen_when_only_part_of_it_is_configured()
    {
        await using var server = await SecurityServer.StartAsync();
        using var partial = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("u", "secret-pw-1") });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => partial.GetEitherAsync());

        Assert.Empty(server.Requests);
        Assert.Contains("GET /either", error.Message);
        Assert.Contains("SecuredClientCredentials.HeaderKey, or SecuredClientCredentials.BasicAuth and SecuredClientCredentials.CookieKey", error.Message);
        Assert.Contains("'headerKey' or ('basicAuth' and 'cookieKey')", error.Message);
        Assert.DoesNotContain("secret-pw-1", error.ToString());

        using var whole = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("u", "p"), CookieKey = CookieKey });
        await whole.GetEitherAsync();
        var request = Assert.Single(server.Requests);
        Assert.Equal(["Authorization", "Cookie"], AuthHeaders(request));
    }

    [Fact]
    public async Task Optional_security_sends_nothing_when_nothing_is_configured_and_the_key_when_it_is()
    {
        await using var server = await SecurityServer.StartAsync();
        using (var none = Client(server, new SecuredClientCredentials { BasicAuth = new BasicCredentials("u", "p") }))
        {
            await none.GetOptionalAsync();
        }

        using (var keyed = Client(server, new SecuredClientCredentials { HeaderKey = HeaderKey }))
        {
            await keyed.GetOptionalAsync();
        }

        Assert.Empty(AuthHeaders(server.Requests[0]));
        Assert.Equal(HeaderKey, server.Requests[1].Header("X-Api-Key"));
    }

    [Fact]
    public async Task An_operation_overriding_security_with_none_sends_no_credential()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = Client(server, AllCredentials());

        await client.GetPublicAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/public", request.RawTarget);
        Assert.Empty(AuthHeaders(request));
    }

    [Fact]
    public async Task No_credentials_at_all_fail_before_sending_naming_the_settings()
    {
        await using var server = await SecurityServer.StartAsync();
        using var client = new SecuredClient(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "the-old-bearer-key" });

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetDefaultAsync());

        Assert.Empty(server.Requests);
        Assert.Contains("SecuredClientCredentials.BearerAuth (or BearerAuthProvider), or SecuredClientCredentials.HeaderKey", error.Message);
        Assert.Contains("not sent", error.Message);
    }

    [Fact]
    public async Task Every_credential_is_redacted_from_an_error_that_echoes_the_request()
    {
        await using var server = await SecurityServer.StartAsync();
        server.Respond = (context, request) => SecurityServer.WriteAsync(
            context,
            401,
            "{\"target\":\"" + request.RawTarget + "\",\"headers\":\"" + string.Join(" | ", request.Headers.Select(h => h.Key + ": " + h.Value)).Replace("\"", "\\\"") + "\"}");
        var credentials = new SecuredClientCredentials
        {
            BasicAuth = new BasicCredentials("Aladdin", "open-sesame-77"),
            QueryKey = "query key/+&77",
            CookieKey = CookieKey,
            HeaderKey = HeaderKey,
        };
        using var client = Client(server, credentials);

        var both = await Assert.ThrowsAsync<ApiException>(() => client.PostBothAsync());
        var either = await Assert.ThrowsAsync<ApiException>(() => client.GetHeaderAsync());

        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("Aladdin:open-sesame-77"));
        Assert.Contains(basic, server.Requests[0].Header("Authorization")); // it was sent, and echoed
        foreach (var error in new[] { both, either })
        {
            string everything = error + " " + error.ResponseBody + " " + string.Join(" ", error.Headers.SelectMany(h => h.Value));
            Assert.Contains("[REDACTED]", everything);
            foreach (string secret in new[] { basic, "open-sesame-77", "query key/+&77", Uri.EscapeDataString("query key/+&77"), HeaderKey })
            {
                Assert.DoesNotContain(secret, everything);
            }
        }
    }

    [Fact]
    public void Options_and_credentials_print_no_secret()
    {
        var credentials = AllCredentials();
        var options = new ApiClientOptions { Credentials = credentials };

        string text = options + " " + credentials;

        Assert.Contains("'headerKey' = [REDACTED]", text);
        Assert.Contains("'oauth' = (token provider)", text);
        Assert.Contains("UserName = Aladdin", text);
        foreach (string secret in new[] { HeaderKey, CookieKey, "open-sesame-77", "qk-secret-1", "jwt-secret-1", "kube-secret-1" })
        {
            Assert.DoesNotContain(secret, text);
        }
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_not_followed_and_no_credential_reaches_it()
    {
        await using var api = await SecurityServer.StartAsync();
        await using var elsewhere = await SecurityServer.StartAsync();
        api.Respond = (context, request) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = new Uri(elsewhere.Root, request.RawTarget.TrimStart('/')).ToString();
            return Task.CompletedTask;
        };
        using var client = Client(api, AllCredentials());

        await Assert.ThrowsAsync<ApiException>(() => client.GetHeaderAsync());
        await Assert.ThrowsAsync<ApiException>(() => client.GetCookieAsync());
        var query = await Assert.ThrowsAsync<ApiException>(() => client.GetQueryAsync());
        await Assert.ThrowsAsync<ApiException>(() => client.PostBothAsync());

        Assert.Equal(4, api.Requests.Count);
        Assert.Empty(elsewhere.Requests);
        Assert.Contains("Location", query.Message);
        Assert.DoesNotContain("qk-secret-1", query.ToString()); // the Location echoes the query key
    }

    [Fact]
    public async Task A_caller_client_that_follows_redirects_sends_no_authorization_credential_to_another_origin_and_its_answer_is_refused()
    {
        await using var api = await SecurityServer.StartAsync();
        await using var elsewhere = await SecurityServer.StartAsync();
        api.Respond = (context, request) =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = new Uri(elsewhere.Root, "v1/landing").ToString();
            return Task.CompletedTask;
        };
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = Client(api, AllCredentials(), http);

        await Assert.ThrowsAsync<ApiException>(() => client.GetBasicAsync());
        await Assert.ThrowsAsync<ApiException>(() => client.GetKubeAsync());
        await Assert.ThrowsAsync<ApiException>(() => client.GetOAuthAsync());
        await Assert.ThrowsAsync<ApiException>(() => client.GetQueryAsync());

        Assert.Equal(4, elsewhere.Requests.Count);
        Assert.All(elsewhere.Requests, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Equal("/v1/landing", r.RawTarget);
        });
    }

    [Fact]
    public async Task Credentials_are_refused_over_plain_http_to_a_host_that_is_not_loopback()
    {
        using var http = new HttpClient(new SocketsHttpHandler());
        using var client = new SecuredClient(new ApiClientOptions { BaseAddress = new Uri("http://secured.example.com/v1"), Credentials = AllCredentials() }, http);

        var error = await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetQueryAsync());

        Assert.Contains("plain http", error.Message);
        Assert.DoesNotContain("qk-secret-1", error.ToString());
    }

    private static SecuredClientCredentials AllCredentials() => new()
    {
        BearerAuth = "jwt-secret-1",
        HeaderKey = HeaderKey,
        KubeToken = "Bearer kube-secret-1",
        QueryKey = "qk-secret-1",
        CookieKey = CookieKey,
        BasicAuth = new BasicCredentials("Aladdin", "open-sesame-77"),
        OauthProvider = _ => ValueTask.FromResult("oauth-secret-1"),
        Oidc = "oidc-secret-1",
    };
}
