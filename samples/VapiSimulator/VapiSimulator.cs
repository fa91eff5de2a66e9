using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>
/// A Vapi-compatible HTTP server on a free port of 127.0.0.1 with seeded, deterministic calls. It answers
/// <c>GET /call</c> like the real API (bearer auth, the 12 query filters, newest first, <c>limit</c>), records every request,
/// and can be told to misbehave (<see cref="EnqueueFault"/>). For tests of the transport, <c>/echo</c> (any method, no
/// authentication) answers 200 with <c>{"method", "contentType", "body"}</c>: the request's method, Content-Type (or
/// <see langword="null"/>) and body as UTF-8 text. Usable from tests and from console programs:
/// <code>
/// await using var simulator = await VapiSimulator.StartAsync();
/// // send requests to simulator.BaseAddress with "Authorization: Bearer " + simulator.ApiKey
/// </code>
/// </summary>
public sealed partial class VapiSimulator : IAsyncDisposable
{
    private const string JsonContentType = "application/json; charset=utf-8";

    private static readonly string[] s_dateFilters =
    [
        "createdAtGt", "createdAtLt", "createdAtGe", "createdAtLe",
        "updatedAtGt", "updatedAtLt", "updatedAtGe", "updatedAtLe",
    ];

    /// <summary>Like a JavaScript server: "+" and non-ASCII text are written as they are, not as \u escapes.</summary>
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object _gate = new();
    private readonly List<StoredCall> _calls = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly LinkedList<PendingFault> _faults = new();
    private readonly CallFactory _factory;
    private readonly long _started = Stopwatch.GetTimestamp();
    private WebApplication? _app;
    private int _disposed;

    private VapiSimulator(SimulatorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new ArgumentException("SimulatorOptions.ApiKey must not be empty.", nameof(options));
        }

        if (options.CallCount < 0)
        {
            throw new ArgumentException("SimulatorOptions.CallCount must not be negative.", nameof(options));
        }

        ApiKey = options.ApiKey;
        Now = options.Now;
        _factory = new CallFactory(options);
    }

    private void Seed()
    {
        foreach (JsonObject call in _factory.CreateSeed())
        {
            Store(call); // made here and used once: no copy needed
        }
    }

    /// <summary>The address to send requests to, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The API key the simulator accepts.</summary>
    public string ApiKey { get; }

    /// <summary>The simulator's fixed "now" (<see cref="SimulatorOptions.Now"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The organization id of every seeded call.</summary>
    public string OrgId => _factory.OrgId;

    /// <summary>The assistant ids the seeded calls use.</summary>
    public IReadOnlyList<string> AssistantIds => _factory.AssistantIds;

    /// <summary>The phone number ids the seeded phone calls use.</summary>
    public IReadOnlyList<string> PhoneNumberIds => _factory.PhoneNumberIds.ToArray();

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Starts a simulator on <c>http://127.0.0.1:&lt;free port&gt;</c>.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults.</param>
    /// <param name="ct">Cancels the start.</param>
    /// <returns>The running simulator; dispose it to stop it.</returns>
    public static async Task<VapiSimulator> StartAsync(SimulatorOptions? options = null, CancellationToken ct = default)
    {
        var simulator = new VapiSimulator(options ?? new SimulatorOptions());
        // The seed (thousands of calls take a fraction of a second) is made while the server starts; no request can
        // arrive before this method returns the address.
        Task seeding = Task.Run(simulator.Seed, CancellationToken.None);
        try
        {
            await StartServerAsync(simulator, ct).ConfigureAwait(false);
        }
        catch
        {
            await seeding.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        try
        {
            await seeding.ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return simulator;
    }

    private static async Task StartServerAsync(VapiSimulator simulator, CancellationToken ct)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(VapiSimulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>(); // no Ctrl+C handling: the host program owns the console
        WebApplication app = builder.Build();
        app.Run(simulator.HandleAsync);
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        simulator._app = app;
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        simulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Queues a fault for the next request(s); see <see cref="SimulatedFault"/>.</summary>
    /// <param name="fault">The fault.</param>
    public void EnqueueFault(SimulatedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Times < 1)
        {
            throw new ArgumentException("SimulatedFault.Times must be at least 1.", nameof(fault));
        }

        lock (_gate)
        {
            _faults.AddLast(new PendingFault(fault, fault.Times));
        }
    }

    /// <summary>Adds a call given as JSON. It must have string <c>id</c> (unique) and <c>createdAt</c>; <c>updatedAt</c> defaults to <c>createdAt</c>, <c>orgId</c> to <see cref="OrgId"/>.</summary>
    /// <param name="call">The call; a copy is stored.</param>
    public void AddCall(JsonObject call)
    {
        ArgumentNullException.ThrowIfNull(call);
        Store((JsonObject)call.DeepClone());
    }

    private void Store(JsonObject copy)
    {
        const string parameter = "call"; // AddCall's parameter, which the exceptions name
        string id = GetString(copy, "id") ?? throw new ArgumentException("The call needs a string 'id'.", parameter);
        DateTimeOffset createdAt = ParseStoredDate(copy, "createdAt") ?? throw new ArgumentException("The call needs an ISO 8601 'createdAt'.", parameter);
        DateTimeOffset updatedAt = ParseStoredDate(copy, "updatedAt") ?? createdAt;
        copy["updatedAt"] ??= CallFactory.Iso(updatedAt);
        copy["orgId"] ??= _factory.OrgId;

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            copy.WriteTo(writer);
        }

        // Kept once, as the bytes it is served as: thousands of calls as a JSON DOM would take several times the memory.
        var stored = new StoredCall(id, createdAt, updatedAt, GetString(copy, "assistantId"), GetString(copy, "phoneNumberId"), buffer.WrittenSpan.ToArray());
        lock (_gate)
        {
            if (!_ids.Add(id))
            {
                throw new ArgumentException($"A call with id '{id}' already exists.", parameter);
            }

            _calls.Add(stored);
        }
    }

    /// <summary>Adds a generated, realistic ended call with the given values (for example to make createdAt ties).</summary>
    /// <param name="id">The id; <see langword="null"/> generates a UUID.</param>
    /// <param name="createdAt">The creation time (kept to the millisecond).</param>
    /// <param name="updatedAt">The update time; <see langword="null"/> for shortly after the call ended.</param>
    /// <param name="assistantId">The assistant id; <see langword="null"/> for one of <see cref="AssistantIds"/> (or a squad).</param>
    /// <param name="phoneNumberId">The phone number id (makes it a phone call); <see langword="null"/> for a random one.</param>
    /// <returns>A copy of the added call.</returns>
    public JsonObject AddCall(string? id, DateTimeOffset createdAt, DateTimeOffset? updatedAt = null, string? assistantId = null, string? phoneNumberId = null)
    {
        JsonObject call;
        lock (_gate)
        {
            call = _factory.Create(id ?? _factory.NewUuid(), createdAt, active: false, updatedAt, assistantId, phoneNumberId);
        }

        AddCall(call);
        return call;
    }

    /// <summary>Copies of all stored calls, in the order they were added (not the order <c>GET /call</c> returns).</summary>
    /// <returns>The calls.</returns>
    public IReadOnlyList<JsonObject> GetCalls()
    {
        lock (_gate)
        {
            return _calls.Select(c => JsonNode.Parse(c.Utf8)!.AsObject()).ToArray();
        }
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || _app is null)
        {
            return;
        }

        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Open connections did not close in time; disposal below closes them.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        Record(request);
        SimulatedFault? fault = TakeFault();
        try
        {
            if (fault is not null)
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, context.RequestAborted).ConfigureAwait(false);
                }

                if (fault.StatusCode is int status)
                {
                    await WriteFaultAsync(context, fault, status).ConfigureAwait(false);
                    return;
                }
            }

            string path = request.Path.Value ?? "/";
            if (path.TrimEnd('/').Equals("/call", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsGet(request.Method))
            {
                await ListCallsAsync(context).ConfigureAwait(false);
                return;
            }

            if (path.TrimEnd('/').Equals("/file", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(request.Method))
            {
                await UploadFileAsync(context).ConfigureAwait(false);
                return;
            }

            if (path.TrimEnd('/').Equals("/echo", StringComparison.OrdinalIgnoreCase))
            {
                await EchoAsync(context).ConfigureAwait(false);
                return;
            }

            await WriteErrorAsync(context, 404, "Not Found", JsonValue.Create($"Cannot {request.Method} {path}")).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (cancelled or timed out): nothing to answer.
        }
    }

    private void Record(HttpRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var query = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, StringValues> parameter in request.Query)
        {
            query[parameter.Key] = parameter.Value.Select(v => v ?? string.Empty).ToArray();
        }

        string? authorization = request.Headers.TryGetValue("Authorization", out StringValues auth) ? auth.ToString() : null;
        var recorded = new RecordedRequest(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            authorization,
            headers,
            query,
            DateTimeOffset.UtcNow,
            Stopwatch.GetElapsedTime(_started));
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }

    private SimulatedFault? TakeFault()
    {
        lock (_gate)
        {
            LinkedListNode<PendingFault>? first = _faults.First;
            if (first is null)
            {
                return null;
            }

            PendingFault pending = first.Value;
            pending.Remaining--;
            if (pending.Remaining <= 0)
            {
                _faults.RemoveFirst();
            }

            return pending.Fault;
        }
    }

    private static async Task WriteFaultAsync(HttpContext context, SimulatedFault fault, int status)
    {
        HttpResponse response = context.Response;
        response.StatusCode = status;
        if (fault.RetryAfter is not null)
        {
            response.Headers.RetryAfter = fault.RetryAfter;
        }

        if (fault.Headers is not null)
        {
            foreach (KeyValuePair<string, string> header in fault.Headers)
            {
                response.Headers.Append(header.Key, header.Value);
            }
        }

        if (fault.StreamedBodyLength is long streamed)
        {
            await WriteStreamedBodyAsync(context, fault, streamed).ConfigureAwait(false);
            return;
        }

        if (fault.Body is null)
        {
            if (status is 204 or 304 || status < 200)
            {
                return;
            }

            await WriteErrorAsync(context, status, ReasonPhrases.GetReasonPhrase(status), JsonValue.Create(DefaultFaultMessage(status))).ConfigureAwait(false);
            return;
        }

        byte[] body = Encoding.UTF8.GetBytes(fault.Body);
        response.ContentType = fault.ContentType ?? JsonContentType;
        response.ContentLength = body.Length;
        if (fault.AbortAfterBodyBytes is int abortAfter)
        {
            // Announce the whole body, send its start, then reset the connection.
            int sent = Math.Clamp(abortAfter, 0, body.Length);
            await response.Body.WriteAsync(body.AsMemory(0, sent), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            fault.AddBodyBytesWritten(sent);
            await Task.Delay(50, context.RequestAborted).ConfigureAwait(false); // let the start reach the client
            context.Abort();
            return;
        }

        if (fault.BodyDelay > TimeSpan.Zero)
        {
            int half = body.Length / 2;
            await response.Body.WriteAsync(body.AsMemory(0, half), context.RequestAborted).ConfigureAwait(false);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            fault.AddBodyBytesWritten(half);
            await Task.Delay(fault.BodyDelay, context.RequestAborted).ConfigureAwait(false);
            await response.Body.WriteAsync(body.AsMemory(half), context.RequestAborted).ConfigureAwait(false);
            fault.AddBodyBytesWritten(body.Length - half);
            return;
        }

        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        fault.AddBodyBytesWritten(body.Length);
    }

    /// <summary>Writes <see cref="SimulatedFault.StreamedBodyLength"/> bytes of filler, chunked, until done or the client goes away.</summary>
    private static async Task WriteStreamedBodyAsync(HttpContext context, SimulatedFault fault, long total)
    {
        HttpResponse response = context.Response;
        response.ContentType = fault.ContentType ?? "text/plain; charset=utf-8";
        byte[] chunk = new byte[64 * 1024];
        byte[] pattern = "The server is very sorry. "u8.ToArray();
        for (int i = 0; i < chunk.Length; i++)
        {
            chunk[i] = pattern[i % pattern.Length];
        }

        // Once the client has gone Kestrel drops writes silently: stop when a flush reports the connection completed.
        long remaining = total;
        while (remaining > 0 && !context.RequestAborted.IsCancellationRequested)
        {
            int count = (int)Math.Min(chunk.Length, remaining);
            System.IO.Pipelines.FlushResult flushed = await response.BodyWriter.WriteAsync(chunk.AsMemory(0, count), context.RequestAborted).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                break;
            }

            fault.AddBodyBytesWritten(count);
            remaining -= count;
        }
    }

    private static string DefaultFaultMessage(int status) => status switch
    {
        401 => UnauthorizedMessage,
        429 => "Too many requests. Please slow down and retry after the time given in Retry-After.",
        500 => "Internal server error. Please try again later.",
        502 or 503 or 504 => "The service is temporarily unavailable. Please try again later.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };

    private const string UnauthorizedMessage =
        "Invalid API key. Check that you are sending the private API key as a bearer token, not the public key.";

    private async Task ListCallsAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        if (!IsAuthorized(request.Headers.Authorization))
        {
            await WriteErrorAsync(context, 401, "Unauthorized", JsonValue.Create(UnauthorizedMessage)).ConfigureAwait(false);
            return;
        }

        var errors = new List<string>();
        string? id = SingleValue(request.Query, "id", errors);
        string? assistantId = SingleValue(request.Query, "assistantId", errors);
        string? phoneNumberId = SingleValue(request.Query, "phoneNumberId", errors);
        int limit = 100;
        string? limitText = SingleValue(request.Query, "limit", errors);
        if (limitText is not null)
        {
            if (!double.TryParse(limitText, NumberStyles.Float, CultureInfo.InvariantCulture, out double limitValue) || !double.IsFinite(limitValue))
            {
                errors.Add("limit must be a number conforming to the specified constraints");
            }
            else if (limitValue < 0)
            {
                errors.Add("limit must not be less than 0");
            }
            else if (limitValue > 1000)
            {
                errors.Add("limit must not be greater than 1000");
            }
            else
            {
                limit = (int)Math.Floor(limitValue);
            }
        }

        var dates = new DateTimeOffset?[s_dateFilters.Length];
        for (int i = 0; i < s_dateFilters.Length; i++)
        {
            string? text = SingleValue(request.Query, s_dateFilters[i], errors);
            if (text is null)
            {
                continue;
            }

            if (TryParseDate(text, out DateTimeOffset value))
            {
                dates[i] = value;
            }
            else
            {
                errors.Add($"{s_dateFilters[i]} must be a Date instance");
            }
        }

        if (errors.Count > 0)
        {
            var messages = new JsonArray();
            foreach (string error in errors)
            {
                messages.Add(error);
            }

            await WriteErrorAsync(context, 400, "Bad Request", messages).ConfigureAwait(false);
            return;
        }

        List<StoredCall> selected;
        lock (_gate)
        {
            selected = _calls.Where(c =>
                    (id is null || c.Id == id) &&
                    (assistantId is null || c.AssistantId == assistantId) &&
                    (phoneNumberId is null || c.PhoneNumberId == phoneNumberId) &&
                    InRange(c.CreatedAt, dates[0], dates[1], dates[2], dates[3]) &&
                    InRange(c.UpdatedAt, dates[4], dates[5], dates[6], dates[7]))
                .OrderByDescending(c => c.CreatedAt)
                .ThenByDescending(c => c.Id, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
        }

        var body = new ArrayBufferWriter<byte>(64 * 1024);
        body.Write("["u8);
        for (int i = 0; i < selected.Count; i++)
        {
            if (i > 0)
            {
                body.Write(","u8);
            }

            body.Write(selected[i].Utf8);
        }

        body.Write("]"u8);
        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task EchoAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        using var received = new System.IO.MemoryStream();
        await request.Body.CopyToAsync(received, context.RequestAborted).ConfigureAwait(false);
        var body = new JsonObject
        {
            ["method"] = request.Method,
            ["contentType"] = request.ContentType,
            ["body"] = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length),
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            body.WriteTo(writer);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private bool IsAuthorized(StringValues header)
    {
        if (header.Count != 1 || header[0] is not string value)
        {
            return false;
        }

        const string scheme = "Bearer ";
        return value.Length > scheme.Length &&
            value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) &&
            value.AsSpan(scheme.Length).Trim().SequenceEqual(ApiKey);
    }

    private static bool InRange(DateTimeOffset value, DateTimeOffset? gt, DateTimeOffset? lt, DateTimeOffset? ge, DateTimeOffset? le) =>
        (gt is null || value > gt.Value) &&
        (lt is null || value < lt.Value) &&
        (ge is null || value >= ge.Value) &&
        (le is null || value <= le.Value);

    private static string? SingleValue(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out StringValues values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            errors.Add($"{name} must be a single value");
            return null;
        }

        return values[0];
    }

    /// <summary>Parses a query date: ISO 8601, with 'Z' or an offset; no offset is taken as UTC (as JavaScript's Date does for date-only forms).</summary>
    internal static bool TryParseDate(string text, out DateTimeOffset value)
    {
        if (text.Length < 10 || !char.IsAsciiDigit(text[0]) || text[4] != '-')
        {
            value = default;
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static DateTimeOffset? ParseStoredDate(JsonObject call, string name)
    {
        string? text = GetString(call, name);
        if (text is null)
        {
            return null;
        }

        if (!TryParseDate(text, out DateTimeOffset value))
        {
            throw new ArgumentException($"The call's '{name}' is not an ISO 8601 date-time: '{text}'.", nameof(call));
        }

        return value;
    }

    private static string? GetString(JsonObject call, string name) =>
        call[name] is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static async Task WriteErrorAsync(HttpContext context, int status, string error, JsonNode message)
    {
        var body = new JsonObject
        {
            ["message"] = message,
            ["error"] = error,
            ["statusCode"] = status,
        };
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            body.WriteTo(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record StoredCall(string Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? AssistantId, string? PhoneNumberId, byte[] Utf8);

    private sealed class PendingFault(SimulatedFault fault, int remaining)
    {
        public SimulatedFault Fault { get; } = fault;

        public int Remaining { get; set; } = remaining;
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
