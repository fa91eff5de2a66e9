using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Runtime;
using CallsGen.Tests.Vapi;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Xunit.Abstractions;

namespace CallsGen.Tests.Faults;

/// <summary>
/// A server that echoes the bearer token (and a secret header parameter) back in whatever encoding, applied to any subset of
/// their characters and nested: in an error body, a header, the reason phrase, a redirect's Location, and a JSON value or
/// property name that fails to decode. No exception (message, <c>ToString()</c>, body, headers, JSON path, inner
/// exceptions) may show either secret in any form: the texts are searched for the exact echo and, after undoing every
/// encoding one to four times, for the secret itself.
/// </summary>
public sealed class EncodedSecretLeakTests
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=:!*@$%&\\";

    private readonly ITestOutputHelper _output;

    public EncodedSecretLeakTests(ITestOutputHelper output) => _output = output;

    /// <summary>How one character is written: as it is, or in one encoding whose own characters may be encoded again.</summary>
    internal enum Scheme
    {
        Literal,
        JsonUnicodeLower,
        JsonUnicodeUpper,
        JsonShort,
        HexEscape,
        PercentUpper,
        PercentLower,
        HtmlDecimal,
        HtmlHex,
    }

    /// <summary>A secret and the draws that encode it (a scheme, and whether each character of its encoding is encoded again).</summary>
    internal sealed record Case(string Token, string HeaderSecret, int[] Draws)
    {
        public override string ToString() => $"token '{Token}', header secret '{HeaderSecret}', draws [{string.Join(",", Draws.Take(40))}...]";
    }

    private static readonly Gen<string> s_secret = Gen.Select(
        Gen.OneOf(Gen.Const("sk-live_"), Gen.Const("sk_test-"), Gen.Const("")),
        Gen.Char[Alphabet].Array[8, 32],
        (prefix, chars) => prefix + new string(chars));

    private static readonly Gen<Case> s_cases = Gen.Select(
        s_secret,
        s_secret,
        Gen.Int[0, 1000].Array[400],
        (token, header, draws) => new Case(token, header, draws));

    [Fact]
    public async Task NoEncodingOfAnEchoedSecretSurvivesInAnyException()
    {
        await using HostileServer server = await HostileServer.StartAsync();
        Case current = null!;
        string echoToken = "", echoHeader = "";
        server.Handler = context => Echo(server, context, echoToken, echoHeader);

        await PropertyRun.CheckAsync(
            s_cases,
            async testCase =>
            {
                current = testCase;
                var draws = new Draws(testCase.Draws);
                echoToken = Encode(testCase.Token, draws, depth: 2);
                echoHeader = Encode(testCase.HeaderSecret, draws, depth: 2);
                string[] secrets = [testCase.Token, testCase.HeaderSecret];
                string[] echoes = [echoToken, echoHeader];

                var failures = new List<(string Scenario, Exception Error, string[] Secrets)>();
                string[] tokenOnly = [testCase.Token];
                using VapiClient client = server.CreateClient(testCase.Token);
                foreach (string scenario in Scenarios)
                {
                    // The generated client knows only the token as a secret; the header secret is just text to it.
                    failures.Add((scenario + " (buffered)", await Fails(() => client.ListCallsAsync(new ListCallsRequest { Id = scenario })), tokenOnly));
                    failures.Add((scenario + " (streaming)", await Fails(async () =>
                    {
                        await foreach (Call unused in client.ListCallsStreamAsync(new ListCallsRequest { Id = scenario }))
                        {
                        }
                    }), tokenOnly));
                }

                // A decoder that quotes the values it cannot read, and a secret header parameter.
                using var connection = new ApiConnection(
                    new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = testCase.Token, MaxRetries = 0 },
                    RuntimeTestSupport.UnusedDefaultBase);
                foreach (string scenario in Scenarios)
                {
                    var query = new QueryBuilder();
                    query.Add("id", scenario);
                    var request = new ApiRequest(HttpMethod.Get, "/call")
                    {
                        Query = query,
                        Headers = [new KeyValuePair<string, string>("X-Api-Key", testCase.HeaderSecret)],
                    };
                    failures.Add((scenario + " (quoting decoder)", await Fails(() => connection.SendAsync(request, RuntimeTestSupport.DecodeCalls, default)), secrets));
                }

                var leaks = failures.SelectMany(f => Texts(f.Error).SelectMany(t => Leaks(t.Text, f.Secrets, f.Secrets == secrets ? echoes : [echoToken]).Select(l => $"{f.Scenario}: {t.Where} shows {l}: {Short(t.Text)}"))).ToList();
                Assert.True(leaks.Count == 0, $"echoes '{echoToken}' and '{echoHeader}':\n" + string.Join("\n", leaks.Take(10)));
                Assert.All(failures, f => Assert.True(
                    f.Error is ApiException or HttpRequestException,
                    $"{f.Scenario}: {f.Error.GetType()}"));

                // The echo did arrive (in the header at least) and was redacted, so the search above had something to find.
                Assert.All(failures, f => Assert.True(
                    Texts(f.Error).Any(t => t.Text.Contains("[REDACTED]", StringComparison.Ordinal)),
                    $"{f.Scenario}: nothing was redacted in {f.Error}"));
            },
            defaultSeed: "0SecretEcho01",
            defaultIterations: 100,
            describe: testCase => testCase.ToString(),
            _output);
    }

    /// <summary>
    /// The search's decoder undoes one encoding per character (a nested echo can be read more than one way, so there only the
    /// exact echo is looked for); the runtime's matcher redacts both.
    /// </summary>
    [Fact]
    public void TheSearchFindsEveryEncodingItIsGivenAndSoDoesTheRuntime() =>
        s_cases.Sample(testCase =>
        {
            string flat = Encode(testCase.Token, new Draws(testCase.Draws), depth: 1);
            Assert.True(
                Normalizations(flat).Any(level => level.Contains(testCase.Token, StringComparison.Ordinal)) || testCase.Token.IndexOfAny(['%', '&', '\\']) >= 0,
                "the search does not find '" + testCase.Token + "' in '" + flat + "'");
            foreach (string echo in new[] { flat, Encode(testCase.Token, new Draws(testCase.Draws), depth: 2) })
            {
                string? redacted = Redaction.Redact("<" + echo + ">", [testCase.Token]);
                Assert.True(redacted == "<[REDACTED]>", "'" + testCase.Token + "' in '" + echo + "' gives '" + redacted + "'");
            }
        }, seed: "0SecretEcho02", iter: 3000);

    [Fact]
    public async Task ATokenFromAProviderIsRedactedInStreamedDecodeErrorsAndHeaderNamesToo()
    {
        const string token = "sk-provided_Token-9f8e7d6c";
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers["X-" + token] = "1"; // an echo in a header's name
            await server.WriteAsync(context, Encoding.UTF8.GetBytes("[{\"id\":\"c1\",\"orgId\":\"o\",\"createdAt\":\"sk\\u002dprovided_Token\\u002d9f8e7d6c\",\"updatedAt\":\"x\"}]"));
        };
        using var client = new VapiClient(new ApiClientOptions
        {
            BaseAddress = server.BaseAddress,
            TokenProvider = _ => ValueTask.FromResult(token),
            MaxRetries = 0,
        });

        Exception streamed = await Fails(async () =>
        {
            await foreach (Call unused in client.ListCallsStreamAsync())
            {
            }
        });
        Exception buffered = await Fails(() => client.ListCallsAsync());

        foreach (Exception error in new[] { streamed, buffered })
        {
            Assert.IsType<ApiException>(error);
            Assert.Empty(Texts(error).SelectMany(t => Leaks(t.Text, [token], []).Select(l => t.Where + ": " + l)));
            Assert.Contains("X-[REDACTED]", ((ApiException)error).Headers.Keys);
        }
    }

    [Fact]
    public async Task ATransportErrorQuotingAnEchoedTokenIsRedactedInTheInnerExceptionsToo()
    {
        const string token = "sk-transport_Token-0a1b2c3d";
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        Task serve = Task.Run(async () =>
        {
            using System.Net.Sockets.TcpClient peer = await listener.AcceptTcpClientAsync();
            using System.Net.Sockets.NetworkStream stream = peer.GetStream();
            byte[] request = new byte[8192];
            _ = await stream.ReadAsync(request); // the request line and headers; their content does not matter

            // A header line without a colon, quoting the token percent-encoded: the client's parser rejects it, quoting it.
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nEcho sk%2Dtransport_Token%2D0a1b2c3d\r\n\r\n[]"));
            await Task.Delay(500);
        });
        var address = new Uri("http://127.0.0.1:" + ((System.Net.IPEndPoint)listener.LocalEndpoint).Port + "/");
        using var client = new VapiClient(new ApiClientOptions { BaseAddress = address, ApiKey = token, MaxRetries = 0 });

        Exception error = await Fails(() => client.ListCallsAsync());
        await serve;

        Assert.IsType<HttpRequestException>(error);
        Assert.Contains("[REDACTED]", error.ToString());
        Assert.Empty(Texts(error).SelectMany(t => Leaks(t.Text, [token], ["sk%2Dtransport_Token%2D0a1b2c3d"]).Select(l => t.Where + ": " + l)));
    }

    private static readonly string[] Scenarios = ["status", "redirect", "value", "name"];

    private static async Task Echo(HostileServer server, HttpContext context, string token, string header)
    {
        string scenario = context.Request.Query["id"].ToString();
        HttpResponse response = context.Response;
        response.Headers["X-Echo"] = "token=" + token + "; key=" + header;
        string body;
        switch (scenario)
        {
            case "status":
                response.StatusCode = 403;
                context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = "Forbidden for " + token;
                response.ContentType = "application/json";
                body = "{\"message\":\"key " + token + " / " + header + " may not list calls\",\"auth\":\"Bearer " + token + "\"}";
                break;
            case "redirect":
                response.StatusCode = 302;
                response.Headers.Location = "https://elsewhere.example/call?token=" + token + "&key=" + header;
                body = "";
                break;
            case "value":
                response.ContentType = "application/json";
                body = "[{\"id\":\"c1\",\"orgId\":\"o\",\"createdAt\":\"" + token + " " + header + "\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}]";
                break;
            default:
                response.ContentType = "application/json";
                body = "[{\"id\":\"c1\",\"orgId\":\"o\",\"" + token + "\":{\"" + header + "\":tru";
                break;
        }

        await server.WriteAsync(context, Encoding.UTF8.GetBytes(body));
    }

    private static async Task<Exception> Fails(Func<Task> call) =>
        await Record.ExceptionAsync(call) ?? throw new InvalidOperationException("The call succeeded.");

    /// <summary>Reads the draws in turn, wrapping around.</summary>
    private sealed class Draws(int[] values)
    {
        private int _next;

        public int Next(int bound) => values[_next++ % values.Length] % bound;
    }

    /// <summary>Writes each character in a drawn scheme; the characters of that encoding may be encoded again, up to <paramref name="depth"/>.</summary>
    private static string Encode(string text, Draws draws, int depth)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char? following = i + 1 < text.Length ? text[i + 1] : null;
            result.Append(EncodeChar(c, following, draws, depth));
        }

        return result.ToString();
    }

    private static string EncodeChar(char c, char? following, Draws draws, int depth)
    {
        // Half the characters as they are; the rest in one of the schemes.
        var scheme = depth == 0 || draws.Next(2) == 0 ? Scheme.Literal : (Scheme)(1 + draws.Next(8));
        string hex2 = ((int)c).ToString("x2", CultureInfo.InvariantCulture);
        string hex4 = ((int)c).ToString("x4", CultureInfo.InvariantCulture);
        string encoded = scheme switch
        {
            Scheme.JsonUnicodeLower => "\\u" + hex4,
            Scheme.JsonUnicodeUpper => "\\u" + hex4.ToUpperInvariant(),
            Scheme.JsonShort => c is '/' or '\\' or '"' or '\'' ? "\\" + c : "\\u" + hex4,
            Scheme.HexEscape => "\\x" + MixedCase(hex2, draws),
            Scheme.PercentUpper => "%" + hex2.ToUpperInvariant(),
            Scheme.PercentLower => "%" + hex2,
            Scheme.HtmlDecimal => "&#" + new string('0', draws.Next(3)) + ((int)c).ToString(CultureInfo.InvariantCulture) + (following is >= '0' and <= '9' or ';' || draws.Next(2) == 0 ? ";" : ""),
            Scheme.HtmlHex => "&#" + (draws.Next(2) == 0 ? "x" : "X") + MixedCase(hex2, draws) + (following is not null && Uri.IsHexDigit(following.Value) || following == ';' || draws.Next(2) == 0 ? ";" : ""),
            _ => c.ToString(),
        };
        if (scheme == Scheme.Literal)
        {
            return encoded;
        }

        // The encoding's own characters, some of them encoded again (a percent encoding inside JSON, JSON inside JSON, ...).
        var nested = new StringBuilder();
        for (int i = 0; i < encoded.Length; i++)
        {
            nested.Append(EncodeChar(encoded[i], i + 1 < encoded.Length ? encoded[i + 1] : following, draws, depth - 1));
        }

        return nested.ToString();
    }

    private static string MixedCase(string hex, Draws draws) =>
        new(hex.Select(h => draws.Next(2) == 0 ? char.ToUpperInvariant(h) : h).ToArray());

    /// <summary>Every text an exception shows (and those of its inner exceptions), with where it was found.</summary>
    private static IEnumerable<(string Where, string Text)> Texts(Exception error, string prefix = "")
    {
        string type = prefix + error.GetType().Name;
        yield return (type + ".Message", error.Message);
        yield return (type + ".ToString()", error.ToString());
        foreach (DictionaryEntry entry in error.Data)
        {
            yield return (type + ".Data", entry.Key + "=" + entry.Value);
        }

        if (error is ApiException api)
        {
            if (api.ResponseBody is not null)
            {
                yield return (type + ".ResponseBody", api.ResponseBody);
            }

            foreach ((string name, IReadOnlyList<string> values) in api.Headers)
            {
                yield return (type + ".Headers", name + ": " + string.Join(", ", values));
            }
        }

        if (error is JsonException { Path: string path })
        {
            yield return (type + ".Path", path);
        }

        foreach (PropertyInfo property in error.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name is not ("TargetSite" or "InnerException" or "Data"))
            {
                object? value = property.GetValue(error);
                string? text = value is IEnumerable sequence and not string ? string.Join(",", sequence.Cast<object?>()) : value?.ToString();
                if (text is not null)
                {
                    yield return (type + "." + property.Name, text);
                }
            }
        }

        if (error.InnerException is Exception inner)
        {
            foreach ((string, string) text in Texts(inner, prefix + ">"))
            {
                yield return text;
            }
        }
    }

    private static IEnumerable<string> Leaks(string text, string[] secrets, string[] echoes)
    {
        foreach (string echo in echoes)
        {
            if (text.Contains(echo, StringComparison.Ordinal))
            {
                yield return "the echo '" + echo + "'";
            }
        }

        foreach (string level in Normalizations(text))
        {
            foreach (string secret in secrets)
            {
                if (level.Contains(secret, StringComparison.Ordinal))
                {
                    yield return "the secret '" + secret + "'";
                    yield break;
                }
            }
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>The text, then the text with every encoding undone once, twice, three and four times.</summary>
    internal static IEnumerable<string> Normalizations(string text)
    {
        yield return text;
        for (int level = 0; level < 4; level++)
        {
            string decoded = DecodeOnce(text);
            if (decoded == text)
            {
                yield break;
            }

            yield return text = decoded;
        }
    }

    /// <summary>Undoes one layer of JSON escapes, <c>\xHH</c>, percent-encoding and HTML character references, independently of the runtime.</summary>
    private static string DecodeOnce(string text)
    {
        var result = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '%' && IsHex(text, i + 1, 2))
            {
                bytes.Clear();
                while (i < text.Length && text[i] == '%' && IsHex(text, i + 1, 2))
                {
                    bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 3;
                }

                result.Append(Encoding.UTF8.GetString(bytes.ToArray()));
                continue;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                char next = text[i + 1];
                if (next == 'u' && i + 5 < text.Length && IsHex(text, i + 2, 4))
                {
                    result.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 6;
                    continue;
                }

                if (next == 'x' && i + 3 < text.Length && IsHex(text, i + 2, 2))
                {
                    result.Append((char)int.Parse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    continue;
                }

                int shortEscape = "\"\\/'bfnrt".IndexOf(next);
                if (shortEscape >= 0)
                {
                    result.Append("\"\\/'\b\f\n\r\t"[shortEscape]);
                    i += 2;
                    continue;
                }
            }

            if (c == '&')
            {
                int end = i + 1;
                bool hex = end + 1 < text.Length && text[end] == '#' && (text[end + 1] is 'x' or 'X');
                if (end < text.Length && text[end] == '#')
                {
                    int digitsStart = end + (hex ? 2 : 1);
                    int digitsEnd = digitsStart;
                    while (digitsEnd < text.Length && digitsEnd - digitsStart < 8 && (hex ? Uri.IsHexDigit(text[digitsEnd]) : char.IsAsciiDigit(text[digitsEnd])))
                    {
                        digitsEnd++;
                    }

                    if (digitsEnd > digitsStart &&
                        int.TryParse(text.AsSpan(digitsStart, digitsEnd - digitsStart), hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out int value) &&
                        value is > 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF))
                    {
                        result.Append(char.ConvertFromUtf32(value));
                        i = digitsEnd < text.Length && text[digitsEnd] == ';' ? digitsEnd + 1 : digitsEnd;
                        continue;
                    }
                }

                foreach ((string name, char value) in new[] { ("amp;", '&'), ("lt;", '<'), ("gt;", '>'), ("quot;", '"'), ("apos;", '\'') })
                {
                    if (string.CompareOrdinal(text, i + 1, name, 0, name.Length) == 0)
                    {
                        result.Append(value);
                        i += 1 + name.Length;
                        goto next;
                    }
                }
            }

            result.Append(c);
            i++;
        next:;
        }

        return result.ToString();
    }

    private static bool IsHex(string text, int start, int count)
    {
        if (start + count > text.Length)
        {
            return false;
        }

        for (int i = start; i < start + count; i++)
        {
            if (!Uri.IsHexDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
