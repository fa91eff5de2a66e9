using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Notes;

namespace CallsGen.Tests.Client;

/// <summary>
/// The write operations of the Notes client this project generates at build time from specs/constructs.json, called
/// over real HTTP against <see cref="NotesServer"/>: JSON bodies, header parameters, escaped path parameters and
/// per-operation security, as they arrive on the wire.
/// </summary>
public sealed class WriteOperationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset RemindAt = new(2026, 3, 4, 7, 6, 7, 123, TimeSpan.FromHours(2));

    private NotesServer _server = null!;

    public async Task InitializeAsync() => _server = await NotesServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private NotesClient CreateClient(string? apiKey = NotesServer.ApiKey, int maxRetries = 0) => new(new ApiClientOptions
    {
        BaseAddress = _server.BaseAddress,
        ApiKey = apiKey,
        Timeout = TimeSpan.FromSeconds(30),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    });

    private static NoteDraft FullDraft() => new()
    {
        Title = "Groceries",
        Body = "<p>Fish & chips</p>",
        Status = NoteStatus.InProgress,
        Tags = ["home", "food"],
        Priority = 2,
        Pinned = true,
        RemindAt = RemindAt,
        Labels = new Dictionary<string, string> { ["color"] = "red" },
    };

    private static CreateNoteRequest Tenant(string? requestId = null) => new() { XTenant = "acme", XRequestId = requestId };

    [Fact]
    public async Task Create_get_replace_patch_and_delete_round_trip_with_typed_results()
    {
        using var client = CreateClient();

        Note created = await client.CreateNoteAsync(FullDraft(), Tenant());
        Assert.Equal("note-1", created.Id);
        Assert.Equal("Groceries", created.Title);
        Assert.Equal("<p>Fish & chips</p>", created.Body);
        Assert.Equal(NoteStatus.InProgress, created.Status);
        Assert.Equal(["home", "food"], created.Tags);
        Assert.Equal(2, created.Priority);
        Assert.True(created.Pinned);
        Assert.Equal(RemindAt, created.RemindAt);
        Assert.Equal(TimeSpan.Zero, created.RemindAt!.Value.Offset);
        Assert.Equal("red", created.Labels!["color"]);
        Assert.Equal(NotesServer.Now, created.CreatedAt);
        Assert.Null(created.UpdatedAt);

        Note fetched = await client.GetNoteAsync(created.Id);
        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal(created.Title, fetched.Title);
        Assert.Equal(created.RemindAt, fetched.RemindAt);

        Note replaced = await client.ReplaceNoteAsync(created.Id, new NoteDraft { Title = "Shopping", Status = NoteStatus.Draft });
        Assert.Equal("Shopping", replaced.Title);
        Assert.Equal(NoteStatus.Draft, replaced.Status);
        Assert.Null(replaced.Body); // replacing clears what the draft leaves out
        Assert.Null(replaced.Tags);
        Assert.Null(replaced.RemindAt);
        Assert.Equal(NotesServer.Now, replaced.UpdatedAt);
        Assert.Equal(created.CreatedAt, replaced.CreatedAt);

        Note patched = await client.UpdateNoteAsync(created.Id, new NotePatch { Status = NoteStatus.Archived, Pinned = true });
        Assert.Equal("Shopping", patched.Title); // patching keeps what the body leaves out
        Assert.Equal(NoteStatus.Archived, patched.Status);
        Assert.True(patched.Pinned);

        Note unchanged = await client.UpdateNoteAsync(created.Id);
        Assert.Equal(patched, unchanged, new NoteComparer());

        await client.DeleteNoteAsync(created.Id);
        Assert.Null(_server.Stored(created.Id));
        var gone = await Assert.ThrowsAsync<ApiException>(() => client.GetNoteAsync(created.Id));
        Assert.Equal(404, gone.StatusCode);

        Assert.Equal(
            ["POST /notes", "GET /notes/note-1", "PUT /notes/note-1", "PATCH /notes/note-1", "PATCH /notes/note-1", "DELETE /notes/note-1", "GET /notes/note-1"],
            _server.Requests.Select(r => r.Method + " " + r.RawPath));
    }

    [Fact]
    public async Task The_request_body_uses_the_documents_names_wire_enum_values_and_ISO_8601_UTC_dates()
    {
        using var client = CreateClient();
        await client.CreateNoteAsync(FullDraft(), Tenant());

        NotesRequest post = _server.Requests.Single();
        Assert.StartsWith("application/json", post.ContentType);
        var expected = JsonNode.Parse("""
            {
              "title": "Groceries",
              "body": "<p>Fish & chips</p>",
              "status": "in-progress",
              "tags": ["home", "food"],
              "priority": 2,
              "pinned": true,
              "remindAt": "2026-03-04T05:06:07.123Z",
              "labels": { "color": "red" }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, post.Json), "The body sent was " + post.Body);

        // Properties left null are left out, not sent as null.
        await client.UpdateNoteAsync("note-1", new NotePatch { Status = NoteStatus.NotFound });
        Assert.Equal("""{"status":"not-found"}""", _server.Requests.Last().Json!.ToJsonString());
    }

    // Generator bug: for an optional body the client emits `JsonBody = body is null ? null : Serialize(...)`, whose type is
    // byte[]; the null array converts to an empty ReadOnlyMemory<byte>, not to a null ReadOnlyMemory<byte>?, so the
    // request goes out with Content-Type: application/json and a zero-byte body. Unskip when the generator is fixed.
    [Fact]
    public async Task A_patch_without_a_body_sends_no_body_and_no_content_type()
    {
        _server.AddNote("n", "Title");
        using var client = CreateClient();
        Note note = await client.UpdateNoteAsync("n");
        Assert.Equal("Title", note.Title);
        NotesRequest patch = _server.Requests.Single();
        Assert.Equal("PATCH", patch.Method);
        Assert.Equal(string.Empty, patch.Body);
        Assert.Null(patch.ContentType);
    }

    [Fact]
    public async Task Header_parameters_arrive_and_an_absent_optional_header_is_not_sent()
    {
        using var client = CreateClient();
        Note created = await client.CreateNoteAsync(FullDraft(), Tenant(requestId: "req-42"));
        await client.ReplaceNoteAsync(created.Id, new NoteDraft { Title = "Again" });
        await client.DeleteNoteAsync(created.Id, new DeleteNoteRequest { XRequestId = "req-43" });

        var requests = _server.Requests;
        Assert.Equal("acme", requests[0].Header("X-Tenant"));
        Assert.Equal("req-42", requests[0].Header("X-Request-Id"));
        Assert.Equal("Bearer " + NotesServer.ApiKey, requests[0].Authorization);

        Assert.Null(requests[1].Header("X-Request-Id"));
        Assert.Null(requests[1].Header("X-Tenant"));
        Assert.DoesNotContain(requests[1].Headers.Keys, name => name.StartsWith("X-", StringComparison.OrdinalIgnoreCase));

        Assert.Equal("req-43", requests[2].Header("X-Request-Id"));
        Assert.Equal("Bearer " + NotesServer.ApiKey, requests[2].Authorization); // DELETE inherits the document-wide security
    }

    [Fact]
    public async Task A_path_id_with_slash_space_and_other_reserved_characters_is_escaped_and_arrives_intact()
    {
        const string id = "folder/sub note&x?y#z%";
        _server.AddNote(id, "Nested");
        using var client = CreateClient();

        Note fetched = await client.GetNoteAsync(id);
        Assert.Equal(id, fetched.Id);
        Note replaced = await client.ReplaceNoteAsync(id, new NoteDraft { Title = "Renamed" });
        Assert.Equal("Renamed", replaced.Title);
        await client.DeleteNoteAsync(id);
        Assert.Null(_server.Stored(id));

        Assert.All(_server.Requests, r => Assert.Equal("/notes/folder%2Fsub%20note%26x%3Fy%23z%25", r.RawPath));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(NotesServer.ApiKey)]
    public async Task The_public_operation_sends_no_Authorization_and_needs_no_key(string? apiKey)
    {
        using var client = CreateClient(apiKey);
        CheckHealthResponse health = await client.CheckHealthAsync();
        Assert.Equal("ok", health.Status);
        NotesRequest request = _server.Requests.Single();
        Assert.Equal("/health", request.RawPath);
        Assert.Null(request.Authorization);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Operations_that_need_the_token_fail_without_a_key_and_send_nothing(string? apiKey)
    {
        _server.AddNote("n", "Title");
        using var client = CreateClient(apiKey);

        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.CreateNoteAsync(FullDraft(), Tenant()));
        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.GetNoteAsync("n"));
        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.ReplaceNoteAsync("n", new NoteDraft { Title = "t" }));
        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.UpdateNoteAsync("n", new NotePatch { Pinned = true }));
        await Assert.ThrowsAsync<ApiConfigurationException>(() => client.DeleteNoteAsync("n"));

        Assert.Empty(_server.Requests);
        Assert.NotNull(_server.Stored("n"));
    }

    [Fact]
    public async Task Delete_returns_a_plain_task_that_completes_on_204()
    {
        Assert.Equal(typeof(Task), typeof(NotesClient).GetMethod(nameof(NotesClient.DeleteNoteAsync))!.ReturnType);
        _server.AddNote("n", "Title");
        using var client = CreateClient();

        Task delete = client.DeleteNoteAsync("n");
        await delete;

        Assert.True(delete.IsCompletedSuccessfully);
        Assert.Equal("DELETE", _server.Requests.Single().Method);
        Assert.Null(_server.Stored("n"));
    }

    [Fact]
    public async Task An_unknown_id_gives_ApiException_404_for_every_operation_without_retrying()
    {
        using var client = CreateClient(maxRetries: 3);

        var errors = new[]
        {
            await Assert.ThrowsAsync<ApiException>(() => client.GetNoteAsync("missing")),
            await Assert.ThrowsAsync<ApiException>(() => client.ReplaceNoteAsync("missing", new NoteDraft { Title = "t" })),
            await Assert.ThrowsAsync<ApiException>(() => client.UpdateNoteAsync("missing", new NotePatch { Pinned = false })),
            await Assert.ThrowsAsync<ApiException>(() => client.DeleteNoteAsync("missing")),
        };

        Assert.All(errors, error => Assert.Equal(404, error.StatusCode));
        Assert.All(errors, error => Assert.Contains("No note has the id 'missing'.", error.ResponseBody));
        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task Post_is_not_retried_on_503()
    {
        _server.EnqueueStatus(503);
        using var client = CreateClient(maxRetries: 3);

        var error = await Assert.ThrowsAsync<ApiException>(() => client.CreateNoteAsync(FullDraft(), Tenant()));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal("POST", _server.Requests.Single().Method);
        Assert.Null(_server.Stored("note-1"));
    }

    [Fact]
    public async Task Patch_is_not_retried_on_503_but_put_is()
    {
        _server.AddNote("n", "Title");
        using var client = CreateClient(maxRetries: 3);

        _server.EnqueueStatus(503);
        var error = await Assert.ThrowsAsync<ApiException>(() => client.UpdateNoteAsync("n", new NotePatch { Title = "Patched" }));
        Assert.Equal(503, error.StatusCode);
        Assert.Single(_server.Requests);

        _server.EnqueueStatus(503);
        Note replaced = await client.ReplaceNoteAsync("n", new NoteDraft { Title = "Replaced" });
        Assert.Equal("Replaced", replaced.Title);
        var puts = _server.Requests.Skip(1).ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, put => Assert.Equal(puts[0].Body, put.Body)); // the retry sends the same body again
    }

    /// <summary>Compares notes by their wire content (the records hold lists and dictionaries, which compare by reference).</summary>
    private sealed class NoteComparer : IEqualityComparer<Note>
    {
        public bool Equals(Note? x, Note? y) =>
            x is not null && y is not null &&
            x.Id == y.Id && x.Title == y.Title && x.Body == y.Body && x.Status == y.Status && x.Pinned == y.Pinned &&
            x.Priority == y.Priority && x.CreatedAt == y.CreatedAt && x.UpdatedAt == y.UpdatedAt && x.RemindAt == y.RemindAt &&
            (x.Tags ?? []).SequenceEqual(y.Tags ?? []);

        public int GetHashCode(Note obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(long.MinValue)]
    public async Task A_path_parameter_outside_the_documents_bounds_fails_before_anything_is_sent(long revision)
    {
        using var client = CreateClient();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetNoteRevisionAsync("note-1", revision));

        Assert.Equal("revision", error.ParamName);
        Assert.Equal(revision, error.ActualValue);
        Assert.Contains("at least 1 and at most 1000", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
