using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.TestSupport;
using CallsGen.Tests.Vapi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallsGen.Tests.Faults;

/// <summary>
/// Kestrel on <c>http://127.0.0.1:&lt;free port&gt;</c> answering every request with whatever the test's handler writes: raw
/// bytes that are not UTF-8, bodies that never end or trickle a byte at a time, secrets echoed in any encoding. The
/// simulator's faults carry text bodies; these tests need bytes and timing the simulator cannot express.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _requests;
    private long _bodyBytesWritten;

    private HostileServer()
    {
    }

    /// <summary>The address to send requests to, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The answer to every request; replace it between calls.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = context =>
    {
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    };

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many body bytes <see cref="WriteAsync"/> has handed to Kestrel (an upper bound of what the client read).</summary>
    public long BodyBytesWritten => Interlocked.Read(ref _bodyBytesWritten);

    public static async Task<HostileServer> StartAsync()
    {
        var server = new HostileServer();
        (server._app, server.BaseAddress) = await TestServers.StartAsync(async context =>
        {
            Interlocked.Increment(ref server._requests);
            try
            {
                await server.Handler(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
            {
                // The client went away (which is what most of these tests make it do).
            }
        }, builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MinResponseDataRate = null)); // a trickle is the point
        return server;
    }

    /// <summary>
    /// Writes body bytes, flushed, and counts them. Once the client has gone Kestrel drops writes silently, so this throws
    /// <see cref="OperationCanceledException"/> when a flush reports the connection completed (ending the handler).
    /// </summary>
    public async Task WriteAsync(HttpContext context, ReadOnlyMemory<byte> bytes)
    {
        System.IO.Pipelines.FlushResult flushed = await context.Response.BodyWriter.WriteAsync(bytes, context.RequestAborted);
        if (flushed.IsCompleted || flushed.IsCanceled || context.RequestAborted.IsCancellationRequested)
        {
            throw new OperationCanceledException("The client went away.");
        }

        Interlocked.Add(ref _bodyBytesWritten, bytes.Length);
    }

    /// <summary>An <see cref="HttpClient"/> whose response bodies count the bytes the client reads (see <see cref="BytesRead"/>).</summary>
    public HttpClient CreateCountingHttpClient() =>
        new(new CountingHandler(this, new SocketsHttpHandler { AllowAutoRedirect = false }));

    /// <summary>How many body bytes clients from <see cref="CreateCountingHttpClient"/> have read.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    private long _bytesRead;

    /// <summary>A generated Vapi client pointed at this server, with small retry delays and no retries unless configured.</summary>
    public VapiClient CreateClient(string apiKey = "sk-hostile-test-key", Action<ApiClientOptions>? configure = null)
    {
        var options = new ApiClientOptions
        {
            BaseAddress = BaseAddress,
            ApiKey = apiKey,
            Timeout = TimeSpan.FromSeconds(20),
            MaxRetries = 0,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        };
        configure?.Invoke(options);
        return new VapiClient(options);
    }

    public async ValueTask DisposeAsync()
    {
        var app = _app;
        _app = null;
        await TestServers.StopAsync(app);
    }

    private sealed class CountingHandler(HostileServer server, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            HttpContent original = response.Content;
            var counted = new StreamContent(new CountingStream(server, await original.ReadAsStreamAsync(cancellationToken)));
            foreach (var header in original.Headers)
            {
                counted.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = counted;
            return response;
        }
    }

    private sealed class CountingStream(HostileServer server, Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref server._bytesRead, read);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
