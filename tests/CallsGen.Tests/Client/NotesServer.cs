using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallsGen.Tests.Client;

/// <summary>A request <see cref="NotesServer"/> received, as it arrived on the wire.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawPath">The request target's path exactly as sent, still percent-encoded (no query).</param>
/// <param name="Headers">The request headers, names compared case-insensitively.</param>
/// <param name="Body">The body as UTF-8 text; empty when there was none.</param>
internal sealed record NotesRequest(string Method, string RawPath, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? Authorization => Header("Authorization");

    public string? ContentType => Header("Content-Type");

    /// <summary>The body parsed as JSON.</summary>
    public JsonNode? Json => JsonNode.Parse(Body);
}

/// <summary>
/// An in-memory implementation of the Notes document (specs/constructs.json) on <c>http://127.0.0.1:&lt;free port&gt;</c>, for
/// the generated <c>NotesClient</c>: <c>POST /notes</c>, <c>GET|PUT|PATCH|DELETE /notes/{noteId}</c> and the public
/// <c>GET /health</c>. Every other operation needs <c>Authorization: Bearer </c><see cref="ApiKey"/>; <c>POST /notes</c>
/// also needs <c>X-Tenant</c>. Every request is recorded before it is answered, and <see cref="EnqueueStatus"/> makes the
/// next request fail with a given status.
/// </summary>
internal sealed class NotesServer : IAsyncDisposable
{
    public const string ApiKey = "notes-test-key-0123456789";

    private static readonly string[] s_writable = ["title", "body", "status", "tags", "priority", "pinned", "remindAt", "labels"];
    private static readonly string[] s_patchable = ["title", "status", "pinned"];
    private static readonly string[] s_statuses = ["draft", "in-progress", "not-found", "archived"];

    /// <summary>Writes "'", "&amp;" and "&lt;" as they are, the way most servers do, rather than as \u escapes.</summary>
    private static readonly JsonSerializerOptions s_jsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _notes = new(StringComparer.Ordinal);
    private readonly List<NotesRequest> _requests = [];
    private readonly Queue<int> _faults = new();
    private int _nextId;
    private WebApplication? _app;

    private NotesServer()
    {
    }

    /// <summary>The address to send requests to, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The server's fixed "now": every createdAt and updatedAt it writes.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<NotesRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<NotesServer> StartAsync()
    {
        var server = new NotesServer();
        (server._app, server.BaseAddress) = await TestServers.StartAsync(server.HandleAsync);
        return server;
    }

    /// <summary>Stores a note directly (no request is recorded), for ids a POST cannot choose.</summary>
    public void AddNote(string id, string title, string status = "draft")
    {
        var note = new JsonObject { ["id"] = id, ["title"] = title, ["status"] = status, ["createdAt"] = Iso(Now) };
        lock (_gate)
        {
            _notes.Add(id, note);
        }
    }

    /// <summary>A copy of the stored note, or null.</summary>
    public JsonObject? Stored(string id)
    {
        lock (_gate)
        {
            return _notes.TryGetValue(id, out var note) ? (JsonObject)note.DeepClone() : null;
        }
    }

    /// <summary>Makes the next request (recorded as usual) fail with <paramref name="status"/> and a small JSON error body.</summary>
    public void EnqueueStatus(int status)
    {
        lock (_gate)
        {
            _faults.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var app = _app;
        _app = null;
        await TestServers.StopAsync(app);
    }

    private async Task HandleAsync(HttpContext context)
    {
        HttpRequest request = context.Request;
        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        int queryStart = rawTarget.IndexOf('?');
        string rawPath = queryStart < 0 ? rawTarget : rawTarget[..queryStart];

        using var received = new MemoryStream();
        await request.Body.CopyToAsync(received, context.RequestAborted);
        string body = Encoding.UTF8.GetString(received.GetBuffer(), 0, (int)received.Length);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        int? fault;
        lock (_gate)
        {
            _requests.Add(new NotesRequest(request.Method, rawPath, headers, body));
            fault = _faults.Count > 0 ? _faults.Dequeue() : null;
        }

        if (fault is int status)
        {
            await WriteErrorAsync(context, status, "Injected failure.");
            return;
        }

        // Split the raw path on '/' before unescaping, so an escaped '/' stays inside its segment.
        string[] segments = rawPath.Split('/').Skip(1).Select(Uri.UnescapeDataString).ToArray();
        if (segments is ["health"] && HttpMethods.IsGet(request.Method))
        {
            await WriteJsonAsync(context, 200, new JsonObject { ["status"] = "ok" });
            return;
        }

        if (segments is not (["notes"] or ["notes", _]))
        {
            await WriteErrorAsync(context, 404, "No such route: " + rawPath);
            return;
        }

        if (headers.GetValueOrDefault("Authorization") != "Bearer " + ApiKey)
        {
            await WriteErrorAsync(context, 401, "Missing or wrong bearer token.");
            return;
        }

        if (segments.Length == 1)
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                await WriteErrorAsync(context, 405, "Only POST is served here.");
                return;
            }

            await CreateAsync(context, headers, body);
            return;
        }

        await NoteAsync(context, segments[1], body);
    }

    private async Task CreateAsync(HttpContext context, Dictionary<string, string> headers, string body)
    {
        if (string.IsNullOrEmpty(headers.GetValueOrDefault("X-Tenant")))
        {
            await WriteErrorAsync(context, 400, "X-Tenant is required.");
            return;
        }

        if (ReadDraft(context.Request, body, s_writable, requireTitle: true, out JsonObject? draft) is string problem)
        {
            await WriteErrorAsync(context, 400, problem);
            return;
        }

        JsonObject note;
        lock (_gate)
        {
            string id = "note-" + (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            note = new JsonObject { ["id"] = id, ["status"] = "draft", ["createdAt"] = Iso(Now) };
            Merge(note, draft!);
            _notes.Add(id, note);
            note = (JsonObject)note.DeepClone();
        }

        context.Response.Headers.Location = "/notes/" + Uri.EscapeDataString((string)note["id"]!);
        await WriteJsonAsync(context, 201, note);
    }

    private async Task NoteAsync(HttpContext context, string id, string body)
    {
        HttpRequest request = context.Request;
        string method = request.Method;
        JsonObject? draft = null;
        if (HttpMethods.IsPut(method) || (HttpMethods.IsPatch(method) && body.Length > 0))
        {
            bool put = HttpMethods.IsPut(method);
            if (ReadDraft(request, body, put ? s_writable : s_patchable, requireTitle: put, out draft) is string problem)
            {
                await WriteErrorAsync(context, 400, problem);
                return;
            }
        }

        JsonObject? result = null;
        bool deleted = false;
        lock (_gate)
        {
            if (_notes.TryGetValue(id, out JsonObject? note))
            {
                if (HttpMethods.IsGet(method))
                {
                    result = note;
                }
                else if (HttpMethods.IsPut(method))
                {
                    foreach (string name in s_writable)
                    {
                        note.Remove(name);
                    }

                    note["status"] = "draft";
                    Merge(note, draft!);
                    note["updatedAt"] = Iso(Now);
                    result = note;
                }
                else if (HttpMethods.IsPatch(method))
                {
                    if (draft is not null)
                    {
                        Merge(note, draft);
                        note["updatedAt"] = Iso(Now);
                    }

                    result = note;
                }
                else if (HttpMethods.IsDelete(method))
                {
                    deleted = _notes.Remove(id);
                }
            }

            result = (JsonObject?)result?.DeepClone();
        }

        if (deleted)
        {
            context.Response.StatusCode = 204;
            return;
        }

        if (result is null)
        {
            await WriteErrorAsync(context, 404, "No note has the id '" + id + "'.");
            return;
        }

        await WriteJsonAsync(context, 200, result);
    }

    /// <summary>Checks a JSON request body against the document: an object of known properties with the right types.</summary>
    private static string? ReadDraft(HttpRequest request, string body, string[] allowed, bool requireTitle, out JsonObject? draft)
    {
        draft = null;
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return "The body must be application/json, not '" + request.ContentType + "'.";
        }

        try
        {
            draft = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException error)
        {
            return "The body is not JSON: " + error.Message;
        }

        if (draft is null)
        {
            return "The body must be a JSON object.";
        }

        foreach (var (name, value) in draft)
        {
            if (!allowed.Contains(name))
            {
                return "Unknown property '" + name + "'.";
            }

            if (name == "status" && (value is not JsonValue status || !status.TryGetValue(out string? text) || !s_statuses.Contains(text)))
            {
                return "status must be one of " + string.Join(", ", s_statuses) + ".";
            }

            if (name == "remindAt" && (value is not JsonValue date || !date.TryGetValue(out string? iso) ||
                !DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _)))
            {
                return "remindAt must be an ISO 8601 date-time string.";
            }
        }

        if (requireTitle && (draft["title"] is not JsonValue title || !title.TryGetValue(out string? _)))
        {
            return "title is required.";
        }

        return null;
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            target[name] = value?.DeepClone();
        }
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteJsonAsync(context, status, new JsonObject { ["message"] = message, ["statusCode"] = status });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body.ToJsonString(s_jsonOptions));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
