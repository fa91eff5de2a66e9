using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CallsGen.Benchmarks.Payload;
using CallsGen.Benchmarks.Peer;
using CallsGen.Benchmarks.Vapi;
using CallsGen.Runtime;

namespace CallsGen.Benchmarks;

/// <summary>Marks the floor of a benchmark class: the least work that touches the same JSON (ratio-to-floor column).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FloorAttribute : Attribute
{
}

/// <summary>A benchmark class whose every method processes <see cref="CallPayload.Calls1000"/> once (MB/s column).</summary>
public interface IPayloadBenchmark
{
}

/// <summary>Decoding the 1,000-call list-calls response (UTF-8 bytes, written once in GlobalSetup).</summary>
[MemoryDiagnoser]
public class DecodeBenchmarks : IPayloadBenchmark
{
    private byte[] _payload = [];

    [GlobalSetup]
    public void Setup()
    {
        _payload = CallPayload.Calls1000;
        // The generated readers decode every call, with the unknown values kept.
        var calls = Generated();
        if (calls.Count != 1000) throw new InvalidOperationException("Expected 1000 calls.");
        if (Stj().Count != 1000 || StjRawMessages().Count != 1000 || GeneratedWithOverlay().Count != 1000) throw new InvalidOperationException("Expected 1000 calls.");
        // With the sample's overlay every message binds to its kind; without it the document cannot tell most apart.
        int raw = 0;
        foreach (var call in GeneratedWithOverlay())
        {
            foreach (var message in call.Messages ?? []) if (message.IsUnknown) raw++;
        }
        if (raw != 0) throw new InvalidOperationException(raw + " messages stayed raw with the overlay.");
        Console.WriteLine($"// Payload: {_payload.Length:N0} bytes, {CallPayload.MessageShare(_payload):P0} of them in messages.");
    }

    /// <summary>(a) The generated readers, as the generated client calls them.</summary>
    [Benchmark(Description = "CallsGen generated readers")]
    public IReadOnlyList<Call> Generated() => JsonHelpers.Deserialize(_payload, VapiClientJson.ReadCall_List);

    /// <summary>(a') The generated readers of the sample's client (samples/ListCalls), whose overlay lets every message bind to its kind.</summary>
    [Benchmark(Description = "CallsGen generated readers, sample overlay")]
    public IReadOnlyList<global::Vapi.Call> GeneratedWithOverlay() => JsonHelpers.Deserialize(_payload, global::Vapi.VapiClientJson.ReadCall_List);

    /// <summary>(b) System.Text.Json's source generator over equivalent plain classes (messages typed).</summary>
    [Benchmark(Baseline = true, Description = "STJ source-gen (typed messages)")]
    public List<PeerCall<PeerMessage>> Stj() => JsonSerializer.Deserialize(_payload, PeerJsonContext.Default.Calls)!;

    /// <summary>(b') The same with messages as JsonElement, as the generated readers keep most of them.</summary>
    [Benchmark(Description = "STJ source-gen (messages as JsonElement)")]
    public List<PeerCall<JsonElement>> StjRawMessages() => JsonSerializer.Deserialize(_payload, PeerJsonContext.Default.CallsRawMessages)!;

    /// <summary>(c) A JsonDocument over the whole payload, disposed.</summary>
    [Benchmark(Description = "JsonDocument.Parse + Dispose")]
    public int Document()
    {
        using var document = JsonDocument.Parse(_payload);
        return document.RootElement.GetArrayLength();
    }

    /// <summary>(d) The floor: a Utf8JsonReader that reads every token and does nothing with it.</summary>
    [Benchmark(Description = "Utf8JsonReader token loop (floor)")]
    [Floor]
    public int ReaderFloor()
    {
        var reader = new Utf8JsonReader(_payload);
        int tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }
}

/// <summary>Encoding the same 1,000 calls, each writer into the same reused buffer and Utf8JsonWriter (default options).</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks : IPayloadBenchmark
{
    private readonly ArrayBufferWriter<byte> _buffer = new(32 * 1024 * 1024);
    private Utf8JsonWriter _writer = null!;
    private IReadOnlyList<Call> _calls = [];
    private List<PeerCall<PeerMessage>> _peerCalls = [];
    private JsonDocument _document = null!;
    private TokenList _tokens = null!;

    [GlobalSetup]
    public void Setup()
    {
        byte[] payload = CallPayload.Calls1000;
        _writer = new Utf8JsonWriter(_buffer);
        _calls = JsonHelpers.Deserialize(payload, VapiClientJson.ReadCall_List);
        _peerCalls = JsonSerializer.Deserialize(payload, PeerJsonContext.Default.Calls)!;
        _document = JsonDocument.Parse(payload);
        _tokens = TokenList.Parse(payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _document.Dispose();
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }

    /// <summary>The generated writers.</summary>
    [Benchmark(Description = "CallsGen generated writers")]
    public int Generated()
    {
        Reset();
        VapiClientJson.WriteCall_List(_writer, _calls);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>System.Text.Json's source generator over the plain classes.</summary>
    [Benchmark(Baseline = true, Description = "STJ source-gen")]
    public int Stj()
    {
        Reset();
        JsonSerializer.Serialize(_writer, _peerCalls, PeerJsonContext.Default.Calls);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>JsonDocument.WriteTo of the parsed payload (for reference).</summary>
    [Benchmark(Description = "JsonDocument.WriteTo")]
    public int DocumentWriteTo()
    {
        Reset();
        _document.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>The floor: Utf8JsonWriter writing the same tokens from a pre-parsed token list (names and strings unescaped, numbers as doubles).</summary>
    [Benchmark(Description = "Utf8JsonWriter token list (floor)")]
    [Floor]
    public int WriterFloor()
    {
        Reset();
        _tokens.WriteTo(_writer);
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    /// <summary>The payload as a flat list of tokens, the input of the writer floor.</summary>
    public sealed class TokenList
    {
        private readonly JsonTokenType[] _kinds;
        private readonly int[] _index;
        private readonly byte[][] _strings;
        private readonly double[] _numbers;
        private readonly int _count;

        private TokenList(JsonTokenType[] kinds, int[] index, byte[][] strings, double[] numbers, int count)
        {
            _kinds = kinds;
            _index = index;
            _strings = strings;
            _numbers = numbers;
            _count = count;
        }

        public static TokenList Parse(byte[] payload)
        {
            var kinds = new List<JsonTokenType>();
            var index = new List<int>();
            var strings = new List<byte[]>();
            var numbers = new List<double>();
            var reader = new Utf8JsonReader(payload);
            while (reader.Read())
            {
                kinds.Add(reader.TokenType);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                    case JsonTokenType.String:
                        index.Add(strings.Count);
                        strings.Add(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!));
                        break;
                    case JsonTokenType.Number:
                        index.Add(numbers.Count);
                        numbers.Add(reader.GetDouble());
                        break;
                    default:
                        index.Add(-1);
                        break;
                }
            }

            return new TokenList(kinds.ToArray(), index.ToArray(), strings.ToArray(), numbers.ToArray(), kinds.Count);
        }

        public void WriteTo(Utf8JsonWriter writer)
        {
            for (int i = 0; i < _count; i++)
            {
                switch (_kinds[i])
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName: writer.WritePropertyName(_strings[_index[i]]); break;
                    case JsonTokenType.String: writer.WriteStringValue(_strings[_index[i]]); break;
                    case JsonTokenType.Number: writer.WriteNumberValue(_numbers[_index[i]]); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }
            }
        }
    }
}
