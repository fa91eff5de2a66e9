using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
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

/// <summary>A request <see cref="BodiesServer"/> received: method, path, headers and the body's exact bytes.</summary>
internal sealed record RawRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A Kestrel server on <c>http://127.0.0.1:&lt;free port&gt;</c> for the bodies client: each test says how it answers
/// (<see cref="Handler"/>); <see cref="RecordAsync"/> reads and records a request's whole body for the tests that check
/// the bytes on the wire.
/// </summary>
internal sealed class BodiesServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<RawRequest> _requests = [];
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Answers each request; the default records it and answers 204.</summary>
    public Func<HttpContext, Task> Handler { get; set; } = null!;

    public IReadOnlyList<RawRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<BodiesServer> StartAsync()
    {
        var server = new BodiesServer();
        server.Handler = async context =>
        {
            await server.RecordAsync(context);
            context.Response.StatusCode = 204;
        };
        (server._app, server.BaseAddress) = await TestServers.StartAsync(context => server.Handler(context));
        return server;
    }

    /// <summary>Reads the whole body and records the request.</summary>
    public async Task<RawRequest> RecordAsync(HttpContext context)
    {
        using var received = new MemoryStream();
        await context.Request.Body.CopyToAsync(received, context.RequestAborted);
        var request = new RawRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            received.ToArray());
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    public static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        var app = _app;
        _app = null;
        await TestServers.StopAsync(app);
    }
}
