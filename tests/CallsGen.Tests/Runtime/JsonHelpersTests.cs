using System;
using System.IO;
using System.Text;
using System.Text.Json;
using CallsGen.Runtime;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

public sealed class JsonHelpersTests
{
    private delegate T ReadValue<T>(ref Utf8JsonReader reader);

    private static T Read<T>(string json, ReadValue<T> read)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return read(ref reader);
    }

    [Theory]
    [InlineData("\"2026-03-01T10:00:00.000Z\"", "2026-03-01T10:00:00.0000000+00:00")]
    [InlineData("\"2026-03-01T12:00:00+02:00\"", "2026-03-01T12:00:00.0000000+02:00")]
    [InlineData("\"2026-03-01T10:00:00.1234567Z\"", "2026-03-01T10:00:00.1234567+00:00")]
    [InlineData("\"2026-03-01T10:00:00.5\"", "2026-03-01T10:00:00.5000000+00:00")]
    [InlineData("\"2026-03-01\"", "2026-03-01T00:00:00.0000000+00:00")]
    [InlineData("\"2026-03-01T10:00:00\\u002B01:00\"", "2026-03-01T10:00:00.0000000+01:00")]
    public void ReadDateTimeOffsetAcceptsIso8601(string json, string expectedRoundTrip) =>
        WithCulture("de-DE", () =>
            Assert.Equal(expectedRoundTrip, Read(json, JsonHelpers.ReadDateTimeOffset).ToString("O", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ReadDateTimeOffsetRejectsOtherTextWithAClearMessage()
    {
        JsonException error = Assert.Throws<JsonException>(() => Read("  \"01.03.2026 10:00\"", JsonHelpers.ReadDateTimeOffset));
        Assert.Equal("Expected an ISO 8601 date-time string but found '01.03.2026 10:00' at byte offset 2.", error.Message);
    }

    [Fact]
    public void WrongTokenKindsThrowJsonExceptionNamingBothKinds()
    {
        Assert.Equal("Expected a string but found an object at byte offset 0.", Assert.Throws<JsonException>(() => Read("{}", JsonHelpers.ReadString)).Message);
        Assert.Equal("Expected a string but found an array at byte offset 0.", Assert.Throws<JsonException>(() => Read("[]", JsonHelpers.ReadString)).Message);
        Assert.Equal("Expected a string but found null at byte offset 0.", Assert.Throws<JsonException>(() => Read("null", JsonHelpers.ReadString)).Message);
        Assert.Equal("Expected a number but found a string at byte offset 0.", Assert.Throws<JsonException>(() => Read("\"1.5\"", JsonHelpers.ReadDouble)).Message);
        Assert.Equal("Expected an integer but found true at byte offset 0.", Assert.Throws<JsonException>(() => Read("true", JsonHelpers.ReadInt64)).Message);
        Assert.Equal("Expected true or false but found a string at byte offset 0.", Assert.Throws<JsonException>(() => Read("\"true\"", JsonHelpers.ReadBoolean)).Message);
        Assert.Equal("Expected an ISO 8601 date-time string but found an object at byte offset 0.", Assert.Throws<JsonException>(() => Read("{}", JsonHelpers.ReadDateTimeOffset)).Message);
    }

    [Fact]
    public void ReadStringKeepsAnOffSpecNumberOrBooleanAsItsJsonText()
    {
        Assert.Equal("1.50", Read("1.50", JsonHelpers.ReadString));
        Assert.Equal("true", Read("true", JsonHelpers.ReadString));
        Assert.Equal("false", Read("false", JsonHelpers.ReadStringOrNull));
    }

    [Fact]
    public void ScalarsAreRead()
    {
        Assert.Equal("a\"b", Read("\"a\\\"b\"", JsonHelpers.ReadString));
        Assert.Null(Read("null", JsonHelpers.ReadStringOrNull));
        Assert.Equal(0.1234, Read("0.1234", JsonHelpers.ReadDouble));
        Assert.Null(Read("null", JsonHelpers.ReadDoubleOrNull));
        Assert.True(Read("true", JsonHelpers.ReadBoolean));
        Assert.False(Read("false", JsonHelpers.ReadBooleanOrNull));
        Assert.Null(Read("null", JsonHelpers.ReadDateTimeOffsetOrNull));
        Assert.Equal(9007199254740993L, Read("9007199254740993", JsonHelpers.ReadInt64));
    }

    [Fact]
    public void ReadInt64AcceptsWholeNumbersWrittenAsDecimalsOnly()
    {
        Assert.Equal(3L, Read("3.0", JsonHelpers.ReadInt64));
        Assert.Equal(1000L, Read("1e3", JsonHelpers.ReadInt64));
        Assert.Null(Read("null", JsonHelpers.ReadInt64OrNull));
        JsonException error = Assert.Throws<JsonException>(() => Read("3.5", JsonHelpers.ReadInt64));
        Assert.Contains("'3.5'", error.Message);
        Assert.Throws<JsonException>(() => Read("1e30", JsonHelpers.ReadInt64));
    }

    [Fact]
    public void WriteDateTimeOffsetWritesUtcWithZ() =>
        WithCulture("de-DE", () =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                JsonHelpers.WriteDateTimeOffset(writer, "at", new DateTimeOffset(2026, 3, 1, 12, 0, 0, 5, TimeSpan.FromHours(2)));
                JsonHelpers.WriteDateTimeOffset(writer, JsonEncodedText.Encode("ticks"), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1));
                writer.WriteStartArray("list");
                JsonHelpers.WriteDateTimeOffsetValue(writer, new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.FromHours(-3)));
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            Assert.Equal(
                "{\"at\":\"2026-03-01T10:00:00.005Z\",\"ticks\":\"2026-03-01T00:00:00.0000001Z\",\"list\":[\"2027-01-01T02:00:00.000Z\"]}",
                Encoding.UTF8.GetString(stream.ToArray()));
        });

    [Fact]
    public void WrittenDatesReadBackToTheSameInstant()
    {
        DateTimeOffset value = new DateTimeOffset(2026, 7, 4, 8, 30, 0, TimeSpan.FromHours(9)).AddTicks(4321);
        string json = "\"" + JsonHelpers.FormatDateTimeOffset(value) + "\"";

        Assert.Equal(value, Read(json, JsonHelpers.ReadDateTimeOffset));
    }
}
