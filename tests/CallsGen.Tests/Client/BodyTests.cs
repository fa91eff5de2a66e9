using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Bodies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CallsGen.Tests.Client;

/// <summary>
/// The client this project generates at build time from specs/bodies.yaml, called over real HTTP against
/// <see cref="BodiesServer"/>: form, multipart, binary, text and other JSON bodies as they arrive on the wire, streamed
/// uploads and downloads, text and by-status responses, and typed error bodies.
/// </summary>
public sealed class BodyTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private BodiesServer _server = null!;

    public async Task InitializeAsync() => _server = await BodiesServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private BodiesClient CreateClient(int maxRetries = 0) => new(new ApiClientOptions
    {
        BaseAddress = _server.BaseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
    });

    private static ChargeForm FullCharge() => new()
    {
        Amount = 2000,
        Currency = "usd",
        Capture = false,
        Rate = 0.5,
        Method = Method.BankTransfer,
        Description = "Fish & chips = 5€ + tip/50%",
        Metadata = new Dictionary<string, string> { ["order id"] = "6735", ["note"] = "a[b]" },
        Expand = ["customer", "invoice.subscription"],
        Items = [new LineItem { Price = "price_1", Quantity = 2 }, new LineItem { Price = "price_2" }],
        Labels = ["red", "green,blue"],
        Tags = ["x", "y z"],
    };

    [Fact]
    public async Task A_form_body_goes_out_field_by_field_with_brackets_styles_and_form_percent_encoding()
    {
        IFormCollection? parsed = null;
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Request.Body = new MemoryStream(_server.Requests.Last().Body);
            parsed = await context.Request.ReadFormAsync();
            await BodiesServer.WriteAsync(context, 200, "application/json", """{"id":"ch_1","amount":2000}""");
        };
        using var client = CreateClient();

        Charge charge = await client.CreateChargeAsync(FullCharge());

        Assert.Equal("ch_1", charge.Id);
        RawRequest request = _server.Requests.Single();
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal(
            "amount=2000&currency=usd&capture=false&rate=0.5&method=bank-transfer"
            + "&description=Fish+%26+chips+%3D+5%E2%82%AC+%2B+tip%2F50%25"
            + "&metadata%5Border+id%5D=6735&metadata%5Bnote%5D=a%5Bb%5D"
            + "&expand%5B0%5D=customer&expand%5B1%5D=invoice.subscription"
            + "&items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=price_2"
            + "&labels=red,green%2Cblue&tags=x&tags=y+z",
            request.Text);

        // ASP.NET Core's own form reader reads back every value.
        Assert.NotNull(parsed);
        Assert.Equal("Fish & chips = 5€ + tip/50%", parsed!["description"]);
        Assert.Equal("6735", parsed["metadata[order id]"]);
        Assert.Equal("a[b]", parsed["metadata[note]"]);
        Assert.Equal("price_1", parsed["items[0][price]"]);
        Assert.Equal("red,green,blue", parsed["labels"]);
        Assert.Equal(new[] { "x", "y z" }, parsed["tags"].Select(t => t!).ToArray());
        Assert.Equal("bank-transfer", parsed["method"]);
    }

    [Fact]
    public async Task Declared_error_bodies_arrive_decoded_and_other_errors_stay_plain()
    {
        var answers = new Queue<(int, string, string)>(
        [
            (402, "application/json", """{"code":"card_declined","declineCode":"insufficient_funds"}"""),
            (500, "application/json", """{"title":"Boom","status":500}"""),
            (503, "text/html", "<html>busy</html>"),
        ]);
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            var (status, type, body) = answers.Dequeue();
            await BodiesServer.WriteAsync(context, status, type, body);
        };
        using var client = CreateClient();

        var declined = await Assert.ThrowsAsync<ApiException<CardError>>(() => client.CreateChargeAsync(FullCharge()));
        Assert.Equal(402, declined.StatusCode);
        Assert.Equal("card_declined", declined.Error.Code);
        Assert.Equal("insufficient_funds", declined.Error.DeclineCode);
        Assert.Contains("card_declined", declined.ResponseBody, StringComparison.Ordinal);

        var other = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.CreateChargeAsync(FullCharge()));
        Assert.Equal(500, other.StatusCode);
        Assert.Equal("Boom", other.Error.Title);

        // The default error body is declared as JSON, but an HTML page cannot be decoded: the plain exception, not a typed one.
        var html = await Assert.ThrowsAsync<ApiException>(() => client.CreateChargeAsync(FullCharge()));
        Assert.Equal(503, html.StatusCode);
        Assert.Equal(typeof(ApiException), html.GetType());
    }

    [Fact]
    public async Task JSON_is_preferred_and_merge_patch_and_form_stay_reachable_under_their_own_content_types()
    {
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            await BodiesServer.WriteAsync(context, 200, "application/json", """{"id":"n 1","title":"T"}""");
        };
        using var client = CreateClient();
        var patch = new NotePatch { Title = "T & U", Pinned = true };

        Note note = await client.PatchNoteAsync("n 1", patch);
        await client.PatchNoteMergePatchJsonAsync("n 1", patch);
        await client.PatchNoteFormAsync("n 1", patch);

        Assert.Equal("n 1", note.Id);
        var requests = _server.Requests;
        Assert.Equal("application/json", requests[0].Header("Content-Type"));
        Assert.Equal("application/merge-patch+json", requests[1].Header("Content-Type"));
        Assert.Equal("application/x-www-form-urlencoded", requests[2].Header("Content-Type"));
        var expected = JsonNode.Parse("""{"title":"T & U","pinned":true}""");
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(requests[0].Text)), requests[0].Text);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(requests[1].Text)), requests[1].Text);
        Assert.Equal("title=T+%26+U&pinned=true", requests[2].Text);
        Assert.All(requests, r => Assert.Equal("PATCH", r.Method));
    }

    [Fact]
    public async Task A_multipart_upload_sends_each_part_with_its_headers_between_boundaries()
    {
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            await BodiesServer.WriteAsync(context, 201, "application/json", """{"id":"file-1","name":"report.pdf","bytes":4}""");
        };
        using var client = CreateClient();
        using var file = new MemoryStream([0x25, 0x50, 0x44, 0x46]);
        using var first = new MemoryStream(Encoding.UTF8.GetBytes("one"));
        using var second = new MemoryStream(Encoding.UTF8.GetBytes("two"));

        StoredFile stored = await client.UploadFileAsync(new UploadFileBody
        {
            File = new ApiFile(file, "report.pdf", "application/pdf"),
            Purpose = Purpose.FineTune,
            Attachments = [new ApiFile(first, "a.txt", "text/plain"), new ApiFile(second, "résumé \"1\".txt")],
            Tags = ["x", "y"],
            Size = 4,
            Options = new UploadOptions { Overwrite = true },
        });

        Assert.Equal("file-1", stored.Id);
        RawRequest request = _server.Requests.Single();
        var contentType = MediaTypeHeaderValue.Parse(request.Header("Content-Type")!);
        Assert.Equal("multipart/form-data", contentType.MediaType);
        string boundary = contentType.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        Assert.StartsWith("--" + boundary + "\r\n", request.Text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n--" + boundary + "--\r\n", request.Text, StringComparison.Ordinal);
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));

        var parts = await ReadPartsAsync(request.Body, boundary);
        Assert.Equal(["file", "purpose", "attachments", "attachments", "tags", "tags", "size", "options"], parts.Select(p => p.Name));
        Assert.Equal("form-data; name=\"file\"; filename=\"report.pdf\"", parts[0].Disposition);
        Assert.Equal("application/pdf", parts[0].ContentType);
        Assert.Equal("%PDF", parts[0].Text);
        Assert.Equal(("fine-tune", (string?)null), (parts[1].Text, parts[1].ContentType));
        Assert.Equal(("one", "text/plain"), (parts[2].Text, parts[2].ContentType));
        Assert.Equal("form-data; name=\"attachments\"; filename=\"résumé \\\"1\\\".txt\"; filename*=utf-8''r%C3%A9sum%C3%A9%20%221%22.txt", parts[3].Disposition);
        Assert.Equal(("two", "application/octet-stream"), (parts[3].Text, parts[3].ContentType));
        Assert.Equal(["x", "y", "4"], parts.Skip(4).Take(3).Select(p => p.Text));
        Assert.Equal(("""{"overwrite":true}""", "application/json"), (parts[7].Text, parts[7].ContentType));
    }

    [Fact]
    public async Task A_multipart_file_is_streamed_the_server_reads_its_start_before_the_client_has_the_rest()
    {
        var serverHasStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long received = 0;
        _server.Handler = async context =>
        {
            var buffer = new byte[8192];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                received += read;
                if (received >= GatedStream.FirstPart) serverHasStart.TrySetResult();
            }

            await BodiesServer.WriteAsync(context, 201, "application/json", """{"id":"big","name":"big.bin","bytes":1}""");
        };
        using var client = CreateClient();
        using var timeout = new CancellationTokenSource(Deadline);
        var gated = new GatedStream(serverHasStart.Task);

        StoredFile stored = await client.UploadFileAsync(new UploadFileBody { File = new ApiFile(gated, "big.bin") }, timeout.Token);

        Assert.Equal("big", stored.Id);
        Assert.True(received > GatedStream.FirstPart + GatedStream.Rest, "received " + received);
    }

    [Fact]
    public async Task A_binary_body_is_streamed_with_its_length_and_a_seekable_one_is_sent_again_on_a_retry()
    {
        byte[] content = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        int calls = 0;
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 1 ? 503 : 204;
        };
        using var client = CreateClient(maxRetries: 1);
        using var stream = new MemoryStream(content);

        await client.ReplaceFileContentAsync("f/1", stream);

        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r =>
        {
            Assert.Equal("application/octet-stream", r.Header("Content-Type"));
            Assert.Equal("300000", r.Header("Content-Length"));
            Assert.Equal(content, r.Body);
        });
        Assert.Equal(content.Length, stream.Position); // the caller's stream is read, not disposed
    }

    [Fact]
    public async Task A_binary_body_that_cannot_seek_is_sent_once_and_never_retried()
    {
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Response.StatusCode = 503;
        };
        using var client = CreateClient(maxRetries: 3);
        var stream = new GatedStream(Task.CompletedTask);

        var failure = await Assert.ThrowsAsync<ApiException>(() => client.ReplaceFileContentAsync("f", stream));

        Assert.Equal(503, failure.StatusCode);
        RawRequest request = Assert.Single(_server.Requests);
        Assert.Equal("chunked", request.Header("Transfer-Encoding"));
        Assert.Equal(GatedStream.FirstPart + GatedStream.Rest, request.Body.Length);
    }

    [Fact]
    public async Task A_binary_response_is_a_stream_that_arrives_while_the_server_is_still_writing()
    {
        var clientHasStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"data.bin\"";
            await context.Response.Body.WriteAsync(new byte[70_000].Select(_ => (byte)'a').ToArray());
            await context.Response.Body.FlushAsync();
            await clientHasStart.Task.WaitAsync(Deadline);
            await context.Response.Body.WriteAsync(new byte[30_000].Select(_ => (byte)'b').ToArray());
        };
        using var client = CreateClient();
        using var timeout = new CancellationTokenSource(Deadline);

        await using ResponseStream download = await client.DownloadFileAsync("f 1", timeout.Token);
        Assert.Equal("application/octet-stream", download.ContentType);
        Assert.Equal("data.bin", download.FileName);
        Assert.Equal("attachment; filename=\"data.bin\"", download.Headers["Content-Disposition"].Single());
        Assert.Equal(200, download.StatusCode);
        var first = new byte[1000];
        await download.ReadExactlyAsync(first, timeout.Token);
        clientHasStart.SetResult();
        using var rest = new MemoryStream();
        await download.CopyToAsync(rest, timeout.Token);

        Assert.All(first, b => Assert.Equal((byte)'a', b));
        Assert.Equal(99_000, rest.Length);
        Assert.Equal("application/octet-stream", _server.Requests.Single().Header("Accept"));
        Assert.Equal("/files/f%201/content", _server.Requests.Single().Path.Replace(" ", "%20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_goes_out_as_UTF_8_text_plain_and_audio_comes_back_as_a_stream()
    {
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Response.ContentType = "audio/mpeg";
            await context.Response.Body.WriteAsync(new byte[] { 0xFF, 0xFB, 0x90, 0x00 });
        };
        using var client = CreateClient();

        await using ResponseStream audio = await client.SpeakAsync("Grüße ✓");
        using var copy = new MemoryStream();
        await audio.CopyToAsync(copy);

        Assert.Equal("audio/mpeg", audio.ContentType);
        Assert.Equal(new byte[] { 0xFF, 0xFB, 0x90, 0x00 }, copy.ToArray());
        RawRequest request = _server.Requests.Single();
        Assert.Equal("text/plain; charset=utf-8", request.Header("Content-Type"));
        Assert.Equal("Grüße ✓", request.Text);
        Assert.Equal("audio/mpeg", request.Header("Accept"));
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8", "utf-8")]
    [InlineData("text/plain; charset=iso-8859-1", "iso-8859-1")]
    [InlineData("text/plain", "utf-8")]
    public async Task A_text_response_is_decoded_with_its_charset(string contentType, string encoding)
    {
        _server.Handler = async context =>
        {
            RawRequest request = await _server.RecordAsync(context);
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(Encoding.GetEncoding(encoding).GetBytes(request.Text + " café"));
        };
        using var client = CreateClient();

        string echoed = await client.EchoTextAsync("déjà vu");

        Assert.Equal("déjà vu café", echoed);
        Assert.Equal("text/plain", _server.Requests.Single().Header("Accept"));
    }

    [Fact]
    public async Task Several_success_statuses_give_a_result_that_says_which_came()
    {
        _server.Handler = async context =>
        {
            RawRequest request = await _server.RecordAsync(context);
            string input = JsonNode.Parse(request.Text)!["input"]!.GetValue<string>();
            if (input == "bad")
            {
                await BodiesServer.WriteAsync(context, 422, "application/problem+json", """{"title":"Bad input","status":422}""");
            }
            else if (input == "slow")
            {
                await BodiesServer.WriteAsync(context, 202, "application/json", """{"ticket":"t-1"}""");
            }
            else
            {
                await BodiesServer.WriteAsync(context, 200, "application/json", """{"output":"done"}""");
            }
        };
        using var client = CreateClient();

        SubmitJobResult now = await client.SubmitJobAsync(new JobRequest { Input = "fast" });
        SubmitJobResult later = await client.SubmitJobAsync(new JobRequest { Input = "slow" });
        var bad = await Assert.ThrowsAsync<ApiException<Problem>>(() => client.SubmitJobAsync(new JobRequest { Input = "bad" }));

        Assert.True(now.IsOk);
        Assert.Equal(200, now.StatusCode);
        Assert.Equal("done", now.Ok!.Output);
        Assert.Null(now.Accepted);
        Assert.True(later.IsAccepted);
        Assert.Equal("t-1", later.Accepted!.Ticket);
        Assert.Null(later.Ok);
        Assert.Equal("Bad input", bad.Error.Title);
    }

    [Fact]
    public async Task Declared_response_headers_are_reachable_through_the_WithHeaders_methods()
    {
        _server.Handler = async context =>
        {
            RawRequest request = await _server.RecordAsync(context);
            if (request.Method == "PUT")
            {
                context.Response.Headers.ETag = "\"v2\"";
                context.Response.StatusCode = 204;
                return;
            }

            context.Response.Headers["Request-Id"] = "req_123";
            context.Response.Headers.Append("Link", "</charges?page=2>; rel=\"next\"");
            await BodiesServer.WriteAsync(context, 200, "application/json", """{"id":"ch_2","amount":5}""");
        };
        using var client = CreateClient();
        using var content = new MemoryStream([1, 2, 3]);

        ApiResponse<Charge> charged = await client.CreateChargeWithHeadersAsync(new ChargeForm { Amount = 5, Currency = "eur" });
        ApiResponse replaced = await client.ReplaceFileContentWithHeadersAsync("f", content);

        Assert.Equal(200, charged.StatusCode);
        Assert.Equal("ch_2", charged.Value.Id);
        Assert.Equal("req_123", charged.Header("request-id"));
        Assert.Equal("</charges?page=2>; rel=\"next\"", charged.Header("Link"));
        Assert.Equal(204, replaced.StatusCode);
        Assert.Equal("\"v2\"", replaced.Header("ETag"));
        Assert.Equal("amount=5&currency=eur", _server.Requests[0].Text);
    }

    [Fact]
    public async Task A_download_that_stalls_fails_its_read_with_a_timeout_and_disposing_it_releases_the_connection()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Handler = async context =>
        {
            await _server.RecordAsync(context);
            context.Response.ContentType = "application/octet-stream";
            await context.Response.Body.WriteAsync(new byte[] { 1, 2, 3 });
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Deadline, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                released.TrySetResult();
            }
        };
        using var client = new BodiesClient(new ApiClientOptions { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0 });

        var download = await client.DownloadFileAsync("f");
        var start = new byte[3];
        await download.ReadExactlyAsync(start);
        var stalled = await Assert.ThrowsAsync<ApiTimeoutException>(async () => await download.ReadExactlyAsync(new byte[10]));
        await download.DisposeAsync();

        Assert.Equal(new byte[] { 1, 2, 3 }, start);
        Assert.Contains("GET /files/f/content", stalled.Message, StringComparison.Ordinal);
        await released.Task.WaitAsync(Deadline); // the server saw the connection go
        Assert.Throws<ObjectDisposedException>(() => download.ReadByte());
    }

    [Fact]
    public void A_request_with_a_body_says_its_media_type_and_never_its_contents()
    {
        var request = new ApiRequest(System.Net.Http.HttpMethod.Post, "/files") { Body = RequestBody.Text("secret text", "text/csv") };
        Assert.Equal("POST /files (text/csv body)", request.ToString());
    }

    private sealed record Part(string Name, string Disposition, string? ContentType, string Text);

    private static async Task<List<Part>> ReadPartsAsync(byte[] body, string boundary)
    {
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var parts = new List<Part>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var text = new StreamReader(section.Body, Encoding.UTF8);
            string disposition = section.ContentDisposition!;
            string name = ContentDispositionHeaderValue.Parse(disposition).Name!.Trim('"');
            parts.Add(new Part(name, disposition, section.ContentType, await text.ReadToEndAsync()));
        }

        return parts;
    }

    /// <summary>
    /// A stream that cannot seek: it gives <see cref="FirstPart"/> bytes, then waits for <c>gate</c> before giving
    /// <see cref="Rest"/> more, so a client that read it whole before sending would never finish.
    /// </summary>
    private sealed class GatedStream(Task gate) : Stream
    {
        public const int FirstPart = 64 * 1024;
        public const int Rest = 256 * 1024;

        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position == FirstPart)
            {
                await gate.WaitAsync(Deadline, cancellationToken);
            }

            long end = _position < FirstPart ? FirstPart : FirstPart + Rest;
            int count = (int)Math.Min(buffer.Length, end - _position);
            buffer.Span[..count].Fill((byte)'z');
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
