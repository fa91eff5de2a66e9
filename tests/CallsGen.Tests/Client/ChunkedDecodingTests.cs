using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Tests.Faults;
using CallsGen.Tests.Generator;
using CallsGen.Tests.TestSupport;
using CallsGen.Tests.Vapi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>
/// The generated <c>[JsonConverter]</c>s under System.Text.Json when it reads in chunks: there the reader a converter gets
/// holds the whole value but is not final (so <c>Utf8JsonReader.Skip</c> throws), and over a <see cref="PipeReader"/> a
/// token may span buffer segments. Every generated type of the construct document (objects, enums, unions with a
/// discriminator, an implicit one, told apart by their properties, kept raw; lists, maps, free-form values, recursion,
/// values of the wrong kind kept raw) and the Vapi <c>Call</c> must decode exactly as it does from one buffer.
/// </summary>
public sealed class ChunkedDecodingTests
{
    private const string Ns = "Shapes.";

    /// <summary>The catalog of ConstructTests with every construct set, plus values that exercise the lenient paths.</summary>
    private const string Catalog = """
        {
          "nullableName": null, "optionalNote": "note", "nullableCount": 4, "owner": null, "kind": "catalog", "schemaVersion": 3,
          "tree": {"name": "root", "children": [{"name": "a", "children": [{"name": "a1", "children": []}]}, {"name": "b"}]},
          "condition": {"combinator": "and", "conditions": [{"field": "x", "value": "1"},
            {"combinator": "or", "conditions": [{"field": "y", "value": "2"}, {"combinator": "and", "conditions": [{"field": "z", "value": "3"}]}]}]},
          "alpha": {"a": "1", "beta": {"b": "2", "gamma": {"c": "3", "alpha": {"a": "4"}}}},
          "extras": {"x": 1, "y": [true, null]}, "labels": {"env": "prod", "tier": ""},
          "forest": {"oak": {"name": "oak", "children": [{"name": "acorn"}]}}, "metadata": {"free": {"form": 1}},
          "anything": [1, "two", {"three": 3}],
          "voice": {"provider": "11labs", "voiceId": "v1", "stability": 0.5},
          "model": {"provider": "anthropic", "model": "m", "maxTokens": 100},
          "contact": {"phone": "+100", "label": "home", "note": {"deep": [1, {"deeper": [2, 3]}], "more": "text"}},
          "shape": {"radius": 2, "extra": {"nested": [1, 2, {"x": "y"}]}},
          "sampleRate": 22050.5, "priority": 2, "ratio": 0.25, "count": 9007199254740993, "createdAt": "2026-03-01T10:00:00.000Z",
          "merged": {"name": "Ann", "age": 40, "city": "Oslo", "postcode": "0150"}, "wrapped": {"name": "Bob"},
          "hostile": {"do": "d", "operator": "o", "object": "b", "enum": "e", "tools:append": true},
          "latency": {"turnLatency": 1.5, "modelLatency": "slow"},
          "monitor": {"listenUrl": {"not": "a string"}}, "file": {"path": "/f", "bytes": "ten"}, "task": {"done": "yes"},
          "string": {"text": false}, "operator": "<=",
          "stringsByKey": {"k": {"text": "v"}}, "tagsList": ["a", "b"], "stringList": [{"text": "s"}],
          "notInTheDocument": {"kept": ["as", {"it": "came"}]}
        }
        """;

    /// <summary>At least one value per generated type, unknown and raw-kept ones included; keyed by the type's name.</summary>
    private static readonly (string Type, string Json)[] Samples =
    [
        ("Catalog", Catalog),
        ("Person", """{"name": "Ann", "age": 40, "unknown": {"a": [1]}}"""),
        ("PersonWithAddress", """{"name": "Ann", "age": 40, "city": "Oslo", "postcode": "0150"}"""),
        ("TreeNode", """{"name": "root", "children": [{"name": "a", "children": [{"name": "a1"}]}, {"name": 7}]}"""),
        ("Condition", """{"combinator": "or", "conditions": [{"field": "y", "value": "2"}, {"field": "z"}]}"""),
        ("Condition", """{"field": "x", "value": "1"}"""),
        ("Leaf", """{"field": "x", "value": "1"}"""),
        ("Group", """{"combinator": "xor", "conditions": []}"""),
        ("GroupCombinator", "\"and\""),
        ("Alpha", """{"a": "1", "beta": {"b": "2", "gamma": {"c": "3", "alpha": {"a": "4", "beta": {"b": {"wrong": "kind"}}}}}}"""),
        ("Beta", """{"b": "2"}"""),
        ("Gamma", """{"c": "3"}"""),
        ("Voice", """{"provider": "11labs", "voiceId": "v1", "stability": 0.5}"""),
        ("Voice", """{"voiceId": "v2", "provider": "vapi.websocketCall", "url": "wss://x"}"""),
        ("Voice", """{"region": {"r": [1, 2]}, "provider": "playht", "extra": [{"a": 1}]}"""),
        ("ElevenLabsVoice", """{"provider": "11labs", "voiceId": "v1"}"""),
        ("ElevenLabsVoiceProvider", "\"11labs\""),
        ("WebsocketVoice", """{"provider": "vapi.websocketCall", "url": "wss://x"}"""),
        ("WebsocketVoiceProvider", "\"vapi.websocketCall\""),
        ("AzureVoice", """{"provider": "azure", "region": "eu"}"""),
        ("AzureVoiceProvider", "\"azure\""),
        ("ModelChoice", """{"model": "gpt", "temperature": 0.5, "provider": "openai"}"""),
        ("ModelChoice", """{"model": "m", "provider": "mistral", "nested": {"a": [1, {"b": 2}]}}"""),
        ("OpenAiModel", """{"provider": "openai", "model": "gpt"}"""),
        ("OpenAiModelProvider", "\"openai\""),
        ("AnthropicModel", """{"provider": "anthropic", "model": "m", "maxTokens": 1e3}"""),
        ("AnthropicModelProvider", "\"anthropic\""),
        ("Contact", """{"label": {"deep": [1, {"deeper": [2, 3]}]}, "email": "a@b.c"}"""),
        ("Contact", """{"email": "a@b.c", "phone": "+1", "skipped": [[[]]]}"""),
        ("Contact", "\"not an object\""),
        ("EmailContact", """{"email": "a@b.c"}"""),
        ("PhoneContact", """{"phone": "+1", "label": "home"}"""),
        ("Shape", """{"radius": 2, "extra": {"nested": [1, 2, {"x": "y"}]}}"""),
        ("Shape", "[1, [2, [3]]]"),
        ("Circle", """{"radius": 2}"""),
        ("Disc", """{"radius": 2, "thickness": 0.5}"""),
        ("Hostile", """{"do": "d", "operator": "o", "object": "b", "enum": "e", "tools:append": true}"""),
        ("TurnLatency", """{"turnLatency": 1.5, "modelLatency": 0.5}"""),
        ("Monitor", """{"listenUrl": "wss://m"}"""),
        ("File", """{"path": "/f", "bytes": 10}"""),
        ("Task", """{"done": true}"""),
        ("String", """{"text": "t"}"""),
        ("Operator", "\"<=\""),
        ("Operator", "\"an operator the document never listed\""),
        ("Priority", "3"),
        // An integer enum value written otherwise than the document lists it is kept raw in the record.
        ("Catalog", Catalog.Replace("\"priority\": 2,", "\"priority\": 2.0,", StringComparison.Ordinal)),
    ];

    public static IEnumerable<object[]> SampleIndexes() => Enumerable.Range(0, Samples.Length).Select(i => new object[] { i });

    [Fact]
    public void Every_generated_type_of_the_construct_document_has_a_sample()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        var converted = generated.Assembly.GetTypes()
            .Where(t => t.Namespace == "Shapes" && t.GetCustomAttributes(typeof(JsonConverterAttribute), false).Length > 0)
            .Select(t => t.Name)
            .ToHashSet();
        Assert.True(converted.Count >= 30, "expected the construct document's types, found " + converted.Count);
        var missing = converted.Except(Samples.Select(s => s.Type)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, "no sample for " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public async Task Each_generated_type_decodes_the_same_in_one_byte_chunks_over_pipe_segments_and_in_a_list(int index)
    {
        (string typeName, string json) = Samples[index];
        using var generated = ConstructSpecs.LoadConstructs31();
        Type type = generated.Type(Ns + typeName);
        byte[] utf8 = Encoding.UTF8.GetBytes(json);

        // From one final buffer (the reader the converter gets is final): what every chunked read must equal.
        string expected = JsonSerializer.Serialize(JsonSerializer.Deserialize(utf8, type), type);
        Assert.NotEqual("null", expected);

        var tiny = new JsonSerializerOptions { DefaultBufferSize = 1 };
        object? fromStream = await JsonSerializer.DeserializeAsync(new TrickleStream(utf8, 1), type, tiny);
        Assert.Equal(expected, JsonSerializer.Serialize(fromStream, type));

        object? fromPipe = await JsonSerializer.DeserializeAsync(new TricklePipeReader(utf8, segmentLength: 3, bytesPerRead: 5), type);
        Assert.Equal(expected, JsonSerializer.Serialize(fromPipe, type));

        // The same value twice in an array: the converter is called per item by System.Text.Json's own list converter.
        Type listType = typeof(List<>).MakeGenericType(type);
        byte[] list = Encoding.UTF8.GetBytes("[" + json + ",\n" + json + "]");
        object? items = await JsonSerializer.DeserializeAsync(new TrickleStream(list, 2), listType, tiny);
        Assert.Equal("[" + expected + "," + expected + "]", JsonSerializer.Serialize(items, listType));
    }

    [Fact]
    public async Task The_catalog_keeps_what_the_document_does_not_describe_when_read_in_chunks()
    {
        using var generated = ConstructSpecs.LoadConstructs31();
        Type type = generated.Type(Ns + "Catalog");
        object? catalog = await JsonSerializer.DeserializeAsync(new TrickleStream(Encoding.UTF8.GetBytes(Catalog), 1), type, new JsonSerializerOptions { DefaultBufferSize = 1 });

        JsonNode written = JsonNode.Parse(JsonSerializer.Serialize(catalog, type))!;
        JsonNode original = JsonNode.Parse(Catalog)!;
        foreach (string name in new[] { "notInTheDocument", "shape", "contact", "latency", "monitor", "file", "task", "string" })
        {
            Assert.True(JsonNode.DeepEquals(original[name], written[name]), name + ": " + written[name]?.ToJsonString());
        }

        Assert.True((bool)type.GetProperty("Shape")!.PropertyType.GetProperty("IsUnknown")!.GetValue(type.GetProperty("Shape")!.GetValue(catalog))!);
    }

    [Fact]
    public async Task Vapi_calls_decode_the_same_from_one_byte_chunks_and_pipe_segments()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 6);
        byte[] utf8 = Encoding.UTF8.GetBytes(FaultSupport.CallsJson(simulator, 6));
        string expected = JsonSerializer.Serialize(JsonSerializer.Deserialize<List<Call>>(utf8));

        List<Call>? fromStream = await JsonSerializer.DeserializeAsync<List<Call>>(new TrickleStream(utf8, 7), new JsonSerializerOptions { DefaultBufferSize = 1 });
        List<Call>? fromPipe = await JsonSerializer.DeserializeAsync<List<Call>>(new TricklePipeReader(utf8, segmentLength: 5, bytesPerRead: 64));

        Assert.Equal(6, fromStream!.Count);
        Assert.Equal(expected, JsonSerializer.Serialize(fromStream));
        Assert.Equal(expected, JsonSerializer.Serialize(fromPipe));
        Assert.Contains(fromStream, c => c.Messages is { Count: > 0 });
    }

    [Fact]
    public async Task GetFromJsonAsync_reads_a_list_of_calls_larger_than_its_buffer()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 40);
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);

        byte[] body = await http.GetByteArrayAsync("call?limit=40");
        Assert.True(body.Length > 64 * 1024, "the body must span several of System.Text.Json's 16 KiB reads: " + body.Length);
        List<Call>? calls = await http.GetFromJsonAsync<List<Call>>("call?limit=40");

        Assert.Equal(40, calls!.Count);
        Assert.Equal(JsonSerializer.Serialize(JsonSerializer.Deserialize<List<Call>>(body)), JsonSerializer.Serialize(calls));
    }

    [Fact]
    public async Task An_ASP_NET_Core_minimal_API_binds_a_webhook_body_carrying_a_call()
    {
        await using Simulator simulator = await FaultSupport.StartAsync(callCount: 12);
        JsonObject call = simulator.GetCalls().OrderByDescending(c => c.ToJsonString().Length).First();
        Assert.True(call["messages"] is JsonArray { Count: > 0 }, "the call should carry messages");
        string webhook = new JsonObject { ["message"] = new JsonObject { ["type"] = "end-of-call-report", ["call"] = call.DeepClone() } }.ToJsonString();

        await using WebApplication app = await StartWebhookAppAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using HttpResponseMessage response = await http.PostAsync("webhook", new TrickleContent(Encoding.UTF8.GetBytes(webhook), 97));
        string echoed = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string expected = JsonSerializer.Serialize(JsonSerializer.Deserialize<Call>(call.ToJsonString()));
        Assert.Equal(expected, echoed);
    }

    /// <summary>A Vapi webhook as a server receives it: the call inside a message.</summary>
    public sealed record Webhook(WebhookMessage Message);

    /// <summary>The message of a webhook.</summary>
    public sealed record WebhookMessage(string Type, Call Call);

    private static async Task<WebApplication> StartWebhookAppAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ChunkedDecodingTests).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapPost("/webhook", (Webhook webhook) => Results.Text(JsonSerializer.Serialize(webhook.Message.Call), "application/json"));
        await app.StartAsync();
        return app;
    }

    /// <summary>A stream that hands out at most a few bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int bytesPerRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(bytesPerRead, buffer.Length), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// A pipe reader over the bytes cut into segments of a few bytes (so tokens span segments), making a few more bytes
    /// available at each read, as Kestrel's request body reader does while a body arrives.
    /// </summary>
    private sealed class TricklePipeReader : PipeReader
    {
        private readonly ReadOnlySequence<byte> _all;
        private readonly int _bytesPerRead;
        private SequencePosition _consumed;
        private long _available;

        public TricklePipeReader(byte[] data, int segmentLength, int bytesPerRead)
        {
            _bytesPerRead = bytesPerRead;
            Segment? first = null, last = null;
            for (int offset = 0; offset < data.Length; offset += segmentLength)
            {
                var memory = new ReadOnlyMemory<byte>(data, offset, Math.Min(segmentLength, data.Length - offset));
                last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
            }

            _all = first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
            _consumed = _all.Start;
        }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            _available = Math.Min(_all.Length, _available + _bytesPerRead);
            ReadOnlySequence<byte> visible = _all.Slice(_consumed, _all.GetPosition(_available));
            return ValueTask.FromResult(new ReadResult(visible, isCanceled: false, isCompleted: _available == _all.Length));
        }

        public override bool TryRead(out ReadResult result)
        {
            result = ReadAsync().Result;
            return true;
        }

        public override void AdvanceTo(SequencePosition consumed) => _consumed = consumed;

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => _consumed = consumed;

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        private sealed class Segment : ReadOnlySequenceSegment<byte>
        {
            public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
            {
                Memory = memory;
                RunningIndex = runningIndex;
            }

            public Segment Append(ReadOnlyMemory<byte> memory)
            {
                var next = new Segment(memory, RunningIndex + Memory.Length);
                Next = next;
                return next;
            }
        }
    }

    /// <summary>A request body sent in small pieces, each flushed, so the server receives it over several reads.</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly byte[] _data;
        private readonly int _piece;

        public TrickleContent(byte[] data, int piece)
        {
            _data = data;
            _piece = piece;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int offset = 0; offset < _data.Length; offset += _piece)
            {
                await stream.WriteAsync(_data.AsMemory(offset, Math.Min(_piece, _data.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(1);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
