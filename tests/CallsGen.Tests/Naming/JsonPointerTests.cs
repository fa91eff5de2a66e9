using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CallsGen.Generator.Naming;
using CallsGen.Generator.Overlays;
using CallsGen.Generator.Reading;
using CsCheck;

namespace CallsGen.Tests.Naming;

/// <summary>
/// The one copy of the JSON pointer rule (RFC 6901) that the reader, the source locator and the overlay engine share:
/// escaping, unescaping and the canonical form the locator compares pointers in.
/// </summary>
public sealed class JsonPointerTests
{
    // Tokens made mostly of the characters the rule is about, so '~0', '~1', '~01' and '~~/' come up often.
    private static readonly Gen<string> Tokens = Gen.String[Gen.Char["~~~///01a# é\u0000\uD83D"], 0, 12];

    [Theory]
    [InlineData("", "")]
    [InlineData("a/b", "a~1b")]
    [InlineData("m~n", "m~0n")]
    [InlineData("~1", "~01")]
    [InlineData("/~", "~1~0")]
    [InlineData("~/~/", "~0~1~0~1")]
    [InlineData("/call/{id}", "~1call~1{id}")]
    [InlineData("plain", "plain")]
    public void Escapes_tilde_and_slash_as_RFC_6901_says(string token, string escaped)
    {
        Assert.Equal(escaped, JsonPointer.Escape(token));
        Assert.Equal(token, JsonPointer.Unescape(escaped));
    }

    [Fact]
    public void Unescapes_one_then_zero_so_an_escaped_tilde_before_a_one_stays_a_tilde()
    {
        Assert.Equal("~1", JsonPointer.Unescape("~01"));
        Assert.Equal("/", JsonPointer.Unescape("~1"));
        // A '~' the rule does not know is kept.
        Assert.Equal("~2", JsonPointer.Unescape("~2"));
    }

    [Fact]
    public void Escaped_tokens_round_trip_and_hold_no_separator()
    {
        Tokens.Sample(token =>
        {
            var escaped = JsonPointer.Escape(token);
            Assert.Equal(token, JsonPointer.Unescape(escaped));
            Assert.DoesNotContain('/', escaped);
            for (var i = 0; i < escaped.Length; i++)
            {
                if (escaped[i] == '~') Assert.True(i + 1 < escaped.Length && escaped[i + 1] is '0' or '1', "a lone '~' in " + escaped);
            }
            Assert.Equal(escaped.Length, token.Length + token.Count(c => c is '~' or '/'));
        }, iter: 5000, seed: "0JsonPointer1");
    }

    [Fact]
    public void A_pointer_built_token_by_token_splits_back_into_its_tokens()
    {
        Tokens.Array[0, 6].Sample(tokens =>
        {
            // "#/" is read as the root, not as the member named "" (see JsonPointer.Canonical).
            if (tokens is [""]) return;
            var pointer = tokens.Aggregate(JsonPointer.Root, JsonPointer.Append);
            var canonical = JsonPointer.Canonical(pointer);
            Assert.Equal(pointer.Substring(1), canonical);
            var back = canonical.Length == 0 ? Array.Empty<string>() : canonical.Substring(1).Split('/').Select(JsonPointer.Unescape).ToArray();
            Assert.Equal(tokens, back);
        }, iter: 3000, seed: "0JsonPointer2");
    }

    [Fact]
    public void Every_spelling_of_a_pointer_has_one_canonical_form()
    {
        Assert.Equal("", JsonPointer.Canonical("#"));
        Assert.Equal("", JsonPointer.Canonical("#/"));
        Assert.Equal("", JsonPointer.Canonical(""));
        Assert.Equal("/paths/~1call/get", JsonPointer.Canonical("#/paths/~1call/get"));
        Assert.Equal("/paths/~1call/get", JsonPointer.Canonical("/paths/~1call/get"));
        Assert.Equal("/paths/~1call/get", JsonPointer.Canonical("paths/~1call/get"));
        // A lone '~' is read as itself and written the one way.
        Assert.Equal("/a~0b", JsonPointer.Canonical("#/a~b"));
        Tokens.Array[0, 5].Sample(tokens =>
        {
            var pointer = tokens.Aggregate(JsonPointer.Root, JsonPointer.Append);
            var canonical = JsonPointer.Canonical(pointer);
            Assert.Equal(canonical, JsonPointer.Canonical(canonical));
            Assert.Equal(canonical, JsonPointer.Canonical("#" + canonical));
        }, iter: 2000, seed: "0JsonPointer3");
    }

    [Fact]
    public void Indexes_and_component_names_are_tokens_too()
    {
        Assert.Equal("#/paths/~1a/get/parameters/3", JsonPointer.Append(JsonPointer.Append(JsonPointer.Append("#/paths", "/a"), "get") + "/parameters", 3));
        Assert.Equal("#/components/schemas/A~1B~0C", JsonPointer.ComponentSchema("A/B~C"));
    }

    [Fact]
    public void The_overlay_engine_writes_tokens_by_the_same_rule()
    {
        Tokens.Sample(token =>
        {
            var builder = new StringBuilder();
            JsonValues.AppendPointerToken(builder, token);
            Assert.Equal("/" + JsonPointer.Escape(token), builder.ToString());
        }, iter: 2000, seed: "0JsonPointer4");
    }

    [Fact]
    public void The_locator_finds_keys_that_hold_the_escaped_characters()
    {
        const string json = "{\n  \"paths\": {\n    \"/a~b\": {\n      \"get\": {}\n    },\n    \"~1\": 1\n  }\n}";
        var spans = new SourceLocator(json).LocateAll(new List<string> { "#/paths/~1a~0b/get", "#/paths/~01", "/paths/~1a~0b", "#/paths/missing" });
        Assert.Equal(3, spans["#/paths/~1a~0b/get"].StartLine);
        Assert.Equal(5, spans["#/paths/~01"].StartLine);
        Assert.Equal(2, spans["/paths/~1a~0b"].StartLine);
        // Not found: its deepest found prefix.
        Assert.Equal(1, spans["#/paths/missing"].StartLine);
    }
}
