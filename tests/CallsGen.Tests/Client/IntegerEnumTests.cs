using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Levels;

namespace CallsGen.Tests.Client;

/// <summary>
/// The Levels client this project generates at build time from specs/number-enums.json: integer and whole-number
/// enums are C# enums over long; a value the document does not list is never made into a member, but kept raw in
/// the record and written back byte for byte.
/// </summary>
public sealed class IntegerEnumTests
{
    private static Levels.Reading Read(string json) => JsonHelpers.Deserialize(Encoding.UTF8.GetBytes(json), LevelsClientJson.ReadReading);

    private static string Write(Levels.Reading reading) => Encoding.UTF8.GetString(JsonHelpers.Serialize(reading, LevelsClientJson.WriteReading));

    /// <summary>Each top-level property's JSON text, as sent: equal maps mean the same bytes for every value, in any order.</summary>
    private static Dictionary<string, string> RawProperties(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
    }

    [Fact]
    public void Members_are_named_by_the_extensions_when_they_pair_with_the_values_and_by_value_otherwise()
    {
        Assert.Equal(typeof(long), Enum.GetUnderlyingType(typeof(Level)));
        Assert.Equal((1L, -1L, 0L), ((long)Level.High, (long)Level.Low, (long)Level.Off));
        Assert.Equal(3, Enum.GetValues<Level>().Length);
        Assert.Equal(["NarrowBand", "WideBand", "FullBand"], Enum.GetNames<Rate>());
        Assert.Equal(48000L, (long)Rate.FullBand);
        // One name for two values: the names cannot be paired, so none is used.
        Assert.Equal(["Value7", "ValueMinus7"], Enum.GetNames<Miscounted>());
        // A value listed twice is one member.
        Assert.Equal(["Value200", "Value404", "Value500"], Enum.GetNames<Code>());
        // [0.5, 1] has a value no enum member can hold.
        Assert.Equal(typeof(double?), typeof(Levels.Reading).GetProperty(nameof(Levels.Reading.Fraction))!.PropertyType);
        // Required, yet nullable: an unlisted value leaves it null.
        Assert.Equal(typeof(Code?), typeof(Levels.Reading).GetProperty(nameof(Levels.Reading.Code))!.PropertyType);
    }

    [Fact]
    public void Listed_values_read_as_members_and_write_back_as_numbers()
    {
        const string json = """
            {"level":-1,"code":404,"maybeLevel":null,"optionalNullable":20,"levels":[1,0,-1],"rate":48000,"fraction":0.5,"miscounted":-7,"levelOrNote":0,"codesByName":{"a":200,"b":500}}
            """;
        var reading = Read(json);
        Assert.Equal(Level.Low, reading.Level);
        Assert.Equal(Code.Value404, reading.Code);
        Assert.Null(reading.MaybeLevel);
        Assert.Equal(ReadingOptionalNullable.Value20, reading.OptionalNullable);
        Assert.Equal([Level.High, Level.Off, Level.Low], reading.Levels);
        Assert.Equal(Rate.FullBand, reading.Rate);
        Assert.Equal(0.5, reading.Fraction);
        Assert.Equal(Miscounted.ValueMinus7, reading.Miscounted);
        Assert.True(reading.LevelOrNote!.TryGetLevel(out var level));
        Assert.Equal(Level.Off, level);
        Assert.Equal(Code.Value500, reading.CodesByName!["b"]);
        Assert.Null(reading.AdditionalProperties);
        Assert.Equal(json.Trim(), Write(reading));
    }

    [Theory]
    [InlineData("level", "5")]
    [InlineData("level", "1.0")]
    [InlineData("level", "1e0")]
    [InlineData("level", "\"1\"")]
    [InlineData("level", "true")]
    [InlineData("level", "{\"value\":1}")]
    [InlineData("level", "18446744073709551616")]
    [InlineData("code", "201")]
    [InlineData("maybeLevel", "-3")]
    [InlineData("rate", "8000.0")]
    [InlineData("rate", "44100")]
    public void A_value_the_document_does_not_list_leaves_the_property_null_and_is_written_back_unchanged(string property, string raw)
    {
        var required = new[] { "\"code\":200", "\"maybeLevel\":1" }.Where(p => !p.StartsWith("\"" + property + "\"", StringComparison.Ordinal));
        var json = "{" + string.Join(",", required.Append("\"" + property + "\":" + raw)) + "}";
        var reading = Read(json);

        var typed = typeof(Levels.Reading).GetProperty(char.ToUpperInvariant(property[0]) + property.Substring(1))!.GetValue(reading);
        Assert.Null(typed);
        Assert.Equal(raw, reading.AdditionalProperties![property].GetRawText());
        var written = Write(reading);
        Assert.Equal(RawProperties(json), RawProperties(written));
        Assert.Equal(written, Write(Read(written)));
    }

    [Fact]
    public void An_unlisted_value_in_a_list_keeps_the_whole_list_raw_and_one_in_a_union_keeps_the_union_raw()
    {
        const string json = """{"code":200,"maybeLevel":2,"levels":[1,9,-1],"levelOrNote":7,"codesByName":{"a":200,"b":999}}""";
        var reading = Read(json);

        Assert.Null(reading.Levels);
        Assert.Equal("[1,9,-1]", reading.AdditionalProperties!["levels"].GetRawText());
        Assert.Null(reading.CodesByName);
        Assert.True(reading.LevelOrNote!.IsUnknown);
        Assert.False(reading.LevelOrNote.TryReadAsLevel(out _));
        Assert.Equal("7", reading.LevelOrNote.RawJson!.Value.GetRawText());
        Assert.Equal(RawProperties(json), RawProperties(Write(reading)));

        Assert.Equal("note", Read("""{"code":200,"maybeLevel":2,"levelOrNote":"note"}""").LevelOrNote!.Value);
    }

    [Fact]
    public void A_required_enum_that_is_missing_fails_but_one_with_an_unlisted_value_does_not()
    {
        var missing = Assert.Throws<JsonException>(() => Read("""{"maybeLevel":1}"""));
        Assert.Contains("code", missing.Message, StringComparison.Ordinal);

        var unlisted = Read("""{"code":418,"maybeLevel":1}""");
        Assert.Null(unlisted.Code);
        Assert.Equal("""{"maybeLevel":1,"code":418}""", Write(unlisted));

        // Set to null by the caller, with nothing kept raw: written as null, as a required nullable member is.
        Assert.Equal("""{"code":null,"maybeLevel":null}""", Write(new Levels.Reading { Code = null, MaybeLevel = null }));
    }

    [Fact]
    public void An_unlisted_value_where_only_the_enum_can_stand_is_a_located_JsonException()
    {
        var failure = Assert.Throws<JsonException>(() => JsonHelpers.Deserialize("[1,0,3]"u8, LevelsClientJson.ReadLevel_List));
        Assert.Contains("one of the integers Level lists", failure.Message, StringComparison.Ordinal);
        Assert.Contains("$[2]", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_Text_Json_reads_a_record_holding_enums_from_a_stream_a_byte_at_a_time()
    {
        const string json = """{"level":1,"code":404,"maybeLevel":3,"levels":[0,-1],"rate":16000,"levelOrNote":-1,"extra":[1,2],"miscounted":70}""";
        var options = new JsonSerializerOptions { DefaultBufferSize = 1 };
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        var reading = await JsonSerializer.DeserializeAsync<Levels.Reading>(stream, options);

        Assert.NotNull(reading);
        Assert.Equal(Level.High, reading.Level);
        Assert.Equal(Code.Value404, reading.Code);
        Assert.Equal(ReadingMaybeLevel.Value3, reading.MaybeLevel);
        Assert.Equal([Level.Off, Level.Low], reading.Levels);
        Assert.Equal(Rate.WideBand, reading.Rate);
        Assert.Null(reading.Miscounted);
        Assert.Equal(RawProperties(json), RawProperties(JsonSerializer.Serialize(reading, options)));

        await using var levels = new MemoryStream("[1, -1, 0]"u8.ToArray());
        Assert.Equal([Level.High, Level.Low, Level.Off], await JsonSerializer.DeserializeAsync<Level[]>(levels, options));
        Assert.Equal("[-1,0]", JsonSerializer.Serialize(new[] { Level.Low, Level.Off }));
    }

    [Fact]
    public async Task Parameters_are_sent_as_numbers_in_the_invariant_culture()
    {
        var sent = new List<HttpRequestMessage>();
        using var handler = new RecordingHandler(sent);
        using var http = new HttpClient(handler);
        using var client = new LevelsClient(new ApiClientOptions { BaseAddress = new Uri("https://levels.example"), ApiKey = "k", MaxRetries = 0 }, http);
        var previous = CultureInfo.CurrentCulture;
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.NumberGroupSeparator = "'";
        try
        {
            CultureInfo.CurrentCulture = odd;
            await client.GetReadingAsync(Level.Low, new GetReadingRequest { XRate = Rate.FullBand, Code = Code.Value404, Levels = [Level.High, Level.Low] });
            await client.GetReadingAsync(Level.Off, new GetReadingRequest { XRate = Rate.NarrowBand });
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal("/readings/-1?code=404&levels=1&levels=-1", sent[0].RequestUri!.PathAndQuery);
        Assert.Equal("48000", Assert.Single(sent[0].Headers.GetValues("X-Rate")));
        Assert.Equal("/readings/0", sent[1].RequestUri!.PathAndQuery);
        Assert.Equal("8000", Assert.Single(sent[1].Headers.GetValues("X-Rate")));
    }

    private sealed class RecordingHandler(List<HttpRequestMessage> sent) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sent.Add(request);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"code":200,"maybeLevel":null}""", Encoding.UTF8, "application/json"),
                RequestMessage = request,
            });
        }
    }
}
