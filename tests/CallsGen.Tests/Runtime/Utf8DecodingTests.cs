using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Faults;
using CsCheck;
using Microsoft.AspNetCore.Http;

namespace CallsGen.Tests.Runtime;

/// <summary>
/// The UTF-8 checks at each depth: the runtime's helpers turn a string the reader cannot make into a
/// <see cref="JsonException"/>; the connection checks whole bodies (and each streamed item) before any decoder sees them, so
/// even a decoder that skips the broken value fails instead of returning a value.
/// </summary>
public sealed class Utf8DecodingTests
{
    private delegate T ReadValue<T>(ref Utf8JsonReader reader);

    private static readonly byte[] s_invalidInValue = [.. "{\"a\":\"x"u8, 0xFF, .. "y\"}"u8];
    private static readonly byte[] s_invalidInName = [.. "{\"a"u8, 0xED, 0xA0, 0x80, .. "\":\"v\"}"u8];
    private static readonly byte[] s_loneSurrogate = "{\"a\":\"\\uD800\"}"u8.ToArray();
    private static readonly byte[] s_loneSurrogateName = "{\"\\uDC00\":1}"u8.ToArray();

    [Fact]
    public void EveryHelperThatMakesAStringThrowsJsonExceptionForInvalidUtf8OrALoneSurrogate()
    {
        foreach (byte[] json in new[] { s_invalidInValue, s_loneSurrogate })
        {
            AssertJsonException(json, ValueOf, JsonHelpers.ReadString);
            AssertJsonException(json, ValueOf, JsonHelpers.ReadStringOrNull);
            AssertJsonException(json, ValueOf, (ref Utf8JsonReader r) => JsonHelpers.TryReadString(ref r, out string? v) ? v : null);
            AssertJsonException(json, ValueOf, JsonHelpers.ReadDateTimeOffset);
        }

        foreach (byte[] json in new[] { s_invalidInName, s_loneSurrogateName })
        {
            AssertJsonException(json, NameOf, JsonHelpers.ReadPropertyName);
        }

        // An escaped lone surrogate is valid UTF-8: only the date parse can fail there, and it must not escape untyped.
        AssertJsonException(s_loneSurrogate, ValueOf, (ref Utf8JsonReader r) => JsonHelpers.TryReadDateTimeOffset(ref r, out DateTimeOffset v) ? v : default);
        AssertJsonException(s_loneSurrogateName, StartOf, (ref Utf8JsonReader r) => JsonHelpers.FindTag(r, "b"u8, new KnownStrings("x")));
    }

    [Fact]
    public void KeepRawAndReadJsonRefuseInvalidUtf8ThatTheElementCouldNotReadLater()
    {
        foreach (byte[] json in new[] { s_invalidInValue, s_invalidInName })
        {
            AssertJsonException(json, StartOf, JsonHelpers.ReadJson);
            AssertJsonException(json, StartOf, (ref Utf8JsonReader r) =>
            {
                Dictionary<string, JsonElement>? additional = null;
                JsonHelpers.KeepRaw(ref additional, "k", ref r);
                return additional;
            });
        }

        // Valid text with escapes is kept as it came.
        var reader = new Utf8JsonReader("{\"a\":\"caf\u00e9 \\u00e9 \\n\"}"u8);
        reader.Read();
        Assert.Equal("caf\u00e9 \u00e9 \n", JsonHelpers.ReadJson(ref reader).GetProperty("a").GetString());
    }

    [Fact]
    public void DeserializeReportsAStringItCannotReadAsJsonExceptionWithThePath()
    {
        JsonException error = Assert.Throws<JsonException>(() => JsonHelpers.Deserialize(
            "[{\"id\":\"ok\"},{\"id\":\"\\uD800\"}]"u8,
            (ref Utf8JsonReader reader) =>
            {
                var ids = new List<string>();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    reader.Read();
                    reader.Read();
                    ids.Add(reader.GetString()!); // as generated code does: the reader's own GetString
                    reader.Read();
                }

                return ids;
            }));

        Assert.Equal("$[1].id", error.Path);
        Assert.Contains("(at $[1].id)", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void JsonPathNamesTheTokenHoldingAByteEvenInsideABrokenName()
    {
        byte[] json = [.. "[{\"a\":1},{\"b"u8, 0xFF, .. "c\":{\"d\":\"e"u8, 0xC0, .. "\"}}]"u8];
        Assert.Equal("$[1]['b\ufffdc']", JsonPath.Containing(json, Array.IndexOf(json, (byte)0xFF)));
        Assert.Equal("$[1]['b\ufffdc'].d", JsonPath.Containing(json, Array.IndexOf(json, (byte)0xC0)));
        Assert.Equal("$[0].a", JsonPath.Containing(json, Array.IndexOf(json, (byte)'1')));
    }

    [Fact]
    public void IndexOfInvalidAgreesWithTheFrameworkDecoderOnRandomBytes() =>
        Gen.Byte.Array[0, 40].Select(bytes => bytes.Select(b => b < 0x60 ? (byte)(b & 0x7F) : b).ToArray()).Sample(bytes =>
        {
            var chars = new char[bytes.Length * 2 + 2];
            var status = Utf8.ToUtf16(bytes, chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            int expected = status == System.Buffers.OperationStatus.Done ? -1 : read;
            Assert.Equal(expected, Utf8Text.IndexOfInvalid(bytes));
        }, seed: "0Utf8Index01", iter: 20000);

    [Fact]
    public void CompleteLengthHoldsBackOnlyASequenceTheNextBytesCanComplete() =>
        Gen.Select(Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 12], Gen.Int[0, 100]).Sample((text, cut) =>
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + "\U0001F600");
            int at = cut % (bytes.Length + 1);
            int complete = Utf8Text.CompleteLength(bytes.AsSpan(0, at));
            Assert.True(Utf8.IsValid(bytes.AsSpan(0, complete)));
            Assert.InRange(at - complete, 0, 3);
        }, seed: "0Utf8Cut0001", iter: 5000);

    [Fact]
    public async Task ABufferedDecoderThatSkipsTheBrokenValueStillFails()
    {
        // RuntimeTestSupport.DecodeCalls skips properties it does not know, so it never reads the broken string itself.
        byte[] body = [.. "[{\"id\":\"c1\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"note\":\"x"u8, 0xF5, .. "\"}]"u8];
        await using HostileServer server = await HostileServer.StartAsync();
        server.Handler = context => WriteAsync(server, context, body);
        using var connection = new ApiConnection(new ApiClientOptions { BaseAddress = server.BaseAddress, ApiKey = "k", MaxRetries = 0 }, RuntimeTestSupport.UnusedDefaultBase);

        ApiException buffered = await Assert.ThrowsAsync<ApiException>(() => connection.ListCallsAsync());
        Assert.Contains("not valid UTF-8: the byte 0xF5 at byte offset", buffered.Message);
        Assert.Equal("$[0].note", Assert.IsType<JsonException>(buffered.InnerException).Path);

        var items = new List<string>();
        ApiException streamed = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            await foreach (string id in connection.StreamArrayAsync(new ApiRequest(HttpMethod.Get, "/call"), SkipAllButId))
            {
                items.Add(id);
            }
        });
        Assert.Empty(items);
        Assert.Equal("$[0].note", Assert.IsType<JsonException>(streamed.InnerException).Path);
        Assert.Contains("at $[0].note", streamed.Message);
    }

    private static string SkipAllButId(ref Utf8JsonReader reader)
    {
        string id = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId)
            {
                id = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }

        return id;
    }

    private static async Task WriteAsync(HostileServer server, HttpContext context, byte[] bytes)
    {
        context.Response.ContentType = "application/json";
        await server.WriteAsync(context, bytes);
    }

    private static void ValueOf(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Read();
        reader.Read();
    }

    private static void NameOf(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Read();
    }

    private static void StartOf(ref Utf8JsonReader reader) => reader.Read();

    private delegate void Position(ref Utf8JsonReader reader);

    private static void AssertJsonException<T>(byte[] json, Position position, ReadValue<T> read)
    {
        var reader = new Utf8JsonReader(json);
        position(ref reader);
        try
        {
            read(ref reader);
        }
        catch (JsonException)
        {
            return;
        }
        catch (Exception other)
        {
            Assert.Fail($"{Encoding.UTF8.GetString(json)}: {other.GetType().Name}: {other.Message}");
        }

        Assert.Fail($"{Encoding.UTF8.GetString(json)}: no exception");
    }
}
