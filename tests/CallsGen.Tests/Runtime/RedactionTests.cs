using System;
using System.Diagnostics;
using System.Linq;
using CallsGen.Runtime;

namespace CallsGen.Tests.Runtime;

/// <summary>The matcher behind every <c>[REDACTED]</c>: each encoding a server may echo a secret in, and its bounds.</summary>
public sealed class RedactionTests
{
    private const string Secret = "sk-live_AbC/9+=";
    private static readonly string[] s_secrets = [Secret];

    [Theory]
    [InlineData("sk-live_AbC/9+=")] // as it is
    [InlineData("sk\\u002dlive_AbC/9+=")] // JSON \u, lower case
    [InlineData("sk\\u002Dlive_AbC\\u002F9\\u002B\\u003D")] // upper case
    [InlineData("\\u0073\\u006B\\u002d\\u006c\\u0069\\u0076\\u0065\\u005f\\u0041\\u0062\\u0043\\u002f\\u0039\\u002b\\u003d")] // every character
    [InlineData("sk-live_AbC\\/9+=")] // JSON short escape
    [InlineData("sk\\x2dlive_AbC\\x2F9+=")] // \xHH
    [InlineData("sk%2Dlive_AbC%2F9%2B%3D")] // percent
    [InlineData("sk%2dlive_AbC%2f9%2b%3d")] // percent, lower case
    [InlineData("%73%6B%2D%6C%69%76%65%5F%41%62%43%2F%39%2B%3D")] // every byte
    [InlineData("sk%252Dlive_AbC%252F9%252B%253D")] // double percent
    [InlineData("sk&#45;live_AbC&#47;9&#43;&#61;")] // HTML decimal
    [InlineData("sk&#x2d;live_AbC&#X2F;9&#x2B;&#x3D;")] // HTML hex
    [InlineData("sk&#0045;live_AbC&#x002f9+&#61")] // leading zeros; no ';' where the next character is not a digit
    [InlineData("sk\\\\u002dlive_AbC\\\\/9+=")] // a JSON string inside a JSON string
    [InlineData("sk\\\\\\\\u002dlive_AbC/9+=")] // three deep
    [InlineData("sk%5Cu002dlive_AbC/9+=")] // a percent-encoded JSON escape
    [InlineData("sk\\u0025\\u0032Dlive_AbC/9+=")] // a JSON-escaped percent encoding
    [InlineData("sk&amp;#45;live_AbC/9+=")] // a character reference inside a character reference
    public void EveryEncodingOfTheSecretIsRedacted(string echoed)
    {
        string text = "before " + echoed + " after";
        Assert.Equal("before [REDACTED] after", Redaction.Redact(text, s_secrets));
        Assert.True(Redaction.ContainsAny(text, s_secrets));
    }

    [Fact]
    public void SpecialCharactersOfTheSecretMatchTheirOwnEscapes()
    {
        string[] secrets = ["a\"b\\c'd&e<f>g%h"];
        Assert.Equal("[REDACTED]", Redaction.Redact("a\\\"b\\\\c\\'d&amp;e&lt;f&gt;g%25h", secrets));
        Assert.Equal("[REDACTED]", Redaction.Redact("a&quot;b\\u005cc&apos;d%26e%3Cf%3Eg%h", secrets));
        Assert.Equal("x [REDACTED] y", Redaction.Redact("x a\"b\\c'd&e<f>g%h y", secrets));
    }

    [Fact]
    public void NonAsciiSecretsMatchTheirUtf8PercentBytesAndSurrogatePairs()
    {
        string[] secrets = ["k\u00e9y\U0001F511"];
        Assert.Equal("[REDACTED]", Redaction.Redact("k%C3%A9y%F0%9F%94%91", secrets));
        Assert.Equal("[REDACTED]", Redaction.Redact("k\\u00e9y\\uD83D\\uDD11", secrets));
        Assert.Equal("[REDACTED]", Redaction.Redact("k&#233;y&#x1F511;", secrets));
        Assert.Equal("k%C3%A9y%F0%9F%94", Redaction.Redact("k%C3%A9y%F0%9F%94", secrets)); // an unfinished sequence is not the key
    }

    [Fact]
    public void OtherTextIsLeftAlone()
    {
        string[] texts =
        [
            "sk-live_AbC/9+ is almost it",
            "sk\\u002dlive_AbD/9+=",
            "sk%2Dlive_AbC%2F9%2B%3E",
            "%%%% \\\\ && &#; &#x; \\u12 %4",
            "SK-LIVE_ABC/9+=",
        ];
        Assert.All(texts, text => Assert.Equal(text, Redaction.Redact(text, s_secrets)));
    }

    [Fact]
    public void AllOccurrencesAreRedactedAndTheLongestSecretFirst()
    {
        string[] secrets = ["token-123456-extended", "token-123456"];
        Assert.Equal(
            "[REDACTED], [REDACTED], [REDACTED]",
            Redaction.Redact("token-123456-extended, token%2D123456, token\\u002d123456\\u002dextended", secrets));
    }

    [Fact]
    public void AStartOfTheSecretRunningIntoACutIsRedacted()
    {
        // The end of a truncated text, a '…' marking a cut, or an encoding left unfinished by the cut.
        Assert.Equal("body: [REDACTED]", Redaction.Redact("body: sk-live_A", s_secrets, truncated: true));
        Assert.Equal("body: [REDACTED]", Redaction.Redact("body: sk%2Dlive_A%4", s_secrets, truncated: true));
        Assert.Equal("'[REDACTED]…' at byte 4", Redaction.Redact("'sk\\u002dli…' at byte 4", s_secrets));

        // Too short a start to say, or not at a cut: left alone.
        Assert.Equal("body: sk-", Redaction.Redact("body: sk-", s_secrets, truncated: true));
        Assert.Equal("body: sk-live_A", Redaction.Redact("body: sk-live_A", s_secrets, truncated: false));
    }

    [Fact]
    public void HostileTextIsScannedInBoundedTime()
    {
        string[] secrets = [new string('a', 2000) + "b", "%%%%%%%%\\\\\\\\&&&&", Secret];
        string[] texts =
        [
            new string('\\', 16384),
            string.Concat(Enumerable.Repeat("%25", 5461)),
            string.Concat(Enumerable.Repeat("%61", 5461)),
            string.Concat(Enumerable.Repeat("\\u0061", 2730)),
            string.Concat(Enumerable.Repeat("&#", 8192)),
            string.Concat(Enumerable.Repeat("&#0000000", 1820)),
        ];
        var clock = Stopwatch.StartNew();
        foreach (string text in texts)
        {
            Redaction.Redact(text, secrets, truncated: true);
        }

        // Well under a second each on a quiet machine; the bound leaves room for a loaded one.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }
}
