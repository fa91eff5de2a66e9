using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;

namespace CallsGen.Tests.Runtime;

/// <summary>The few fields of a Call the runtime tests look at.</summary>
internal sealed record CallSummary(string Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? AssistantId, string? PhoneNumberId);

internal static class RuntimeTestSupport
{
    public static readonly Uri UnusedDefaultBase = new("https://api.vapi.ai");

    /// <summary>Decodes the JSON array of calls with Utf8JsonReader and the runtime's JsonHelpers.</summary>
    public static List<CallSummary> DecodeCalls(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var calls = new List<CallSummary>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw JsonHelpers.UnexpectedToken(ref reader, "an array of calls");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw JsonHelpers.UnexpectedToken(ref reader, "a call object");
            }

            string? id = null, assistantId = null, phoneNumberId = null;
            DateTimeOffset? createdAt = null, updatedAt = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "id": id = JsonHelpers.ReadString(ref reader); break;
                    case "assistantId": assistantId = JsonHelpers.ReadStringOrNull(ref reader); break;
                    case "phoneNumberId": phoneNumberId = JsonHelpers.ReadStringOrNull(ref reader); break;
                    case "createdAt": createdAt = JsonHelpers.ReadDateTimeOffset(ref reader); break;
                    case "updatedAt": updatedAt = JsonHelpers.ReadDateTimeOffset(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            if (id is null || createdAt is null || updatedAt is null)
            {
                throw new JsonException("A call lacks id, createdAt or updatedAt.");
            }

            calls.Add(new CallSummary(id, createdAt.Value, updatedAt.Value, assistantId, phoneNumberId));
        }

        return calls;
    }

    /// <summary>Counts the items of a top-level JSON array.</summary>
    public static int CountItems(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw JsonHelpers.UnexpectedToken(ref reader, "an array");
        }

        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Skip();
            count++;
        }

        return count;
    }

    /// <summary>The simulator's stored calls, as summaries, in the order GET /call returns them.</summary>
    public static List<CallSummary> ExpectedOrder(VapiSimulator simulator) =>
        simulator.GetCalls()
            .Select(ToSummary)
            .OrderByDescending(c => c.CreatedAt)
            .ThenByDescending(c => c.Id, StringComparer.Ordinal)
            .ToList();

    public static CallSummary ToSummary(JsonObject call) =>
        new(
            (string)call["id"]!,
            DateTimeOffset.Parse((string)call["createdAt"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            DateTimeOffset.Parse((string)call["updatedAt"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            (string?)call["assistantId"],
            (string?)call["phoneNumberId"]);

    /// <summary>Options pointing at the simulator, with tiny retry delays.</summary>
    public static ApiClientOptions Options(VapiSimulator simulator, Action<ApiClientOptions>? configure = null)
    {
        var options = new ApiClientOptions
        {
            BaseAddress = simulator.BaseAddress,
            ApiKey = simulator.ApiKey,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public static ApiConnection Connect(VapiSimulator simulator, Action<ApiClientOptions>? configure = null) =>
        new(Options(simulator, configure), UnusedDefaultBase);

    public static Task<List<CallSummary>> ListCallsAsync(this ApiConnection connection, QueryBuilder? query = null, CancellationToken cancellationToken = default) =>
        connection.SendAsync(HttpMethod.Get, "/call", query, DecodeCalls, cancellationToken);

    // The shapes of the connection's early overloads, which only tests called: each makes the ApiRequest generated code makes.

    /// <summary>Sends a request without a body and decodes the response.</summary>
    public static Task<T> SendAsync<T>(this ApiConnection connection, HttpMethod method, string path, QueryBuilder? query, ResponseDecoder<T> decode, CancellationToken cancellationToken) =>
        connection.SendAsync(Request(method, path, query, null), decode, cancellationToken);

    /// <summary>Sends a request without a body and expects no response body.</summary>
    public static Task SendAsync(this ApiConnection connection, HttpMethod method, string path, QueryBuilder? query, CancellationToken cancellationToken) =>
        connection.SendAsync(Request(method, path, query, null), cancellationToken);

    /// <summary>Sends a request with a JSON body and decodes the response.</summary>
    public static Task<T> SendAsync<T>(this ApiConnection connection, HttpMethod method, string path, QueryBuilder? query, ReadOnlyMemory<byte> jsonBody, ResponseDecoder<T> decode, CancellationToken cancellationToken) =>
        connection.SendAsync(Request(method, path, query, jsonBody), decode, cancellationToken);

    private static ApiRequest Request(HttpMethod method, string path, QueryBuilder? query, ReadOnlyMemory<byte>? jsonBody) =>
        new(method, path.StartsWith('/') ? path : "/" + path) { Query = query, JsonBody = jsonBody };

    public static Task<VapiSimulator> StartSmallAsync(int callCount = 3) =>
        VapiSimulator.StartAsync(new SimulatorOptions { CallCount = callCount });

    /// <summary>Runs <paramref name="action"/> with CurrentCulture and CurrentUICulture set to <paramref name="culture"/>.</summary>
    public static async Task WithCultureAsync(string culture, Func<Task> action)
    {
        CultureInfo previous = CultureInfo.CurrentCulture, previousUi = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            await action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    public static void WithCulture(string culture, Action action)
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            action();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
