using System;
using System.Collections.Generic;
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

/// <summary>A request <see cref="SecurityServer"/> received, as it arrived on the wire.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The request target exactly as sent: path and query, still percent-encoded.</param>
/// <param name="Headers">Every header, names compared case-insensitively, repeated values joined as Kestrel joins them.</param>
internal sealed record SecurityRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The query as sent, without the '?'; empty when there is none.</summary>
    public string RawQuery => RawTarget.IndexOf('?') is var at and >= 0 ? RawTarget[(at + 1)..] : string.Empty;
}

/// <summary>
/// A Kestrel server on <c>http://127.0.0.1:&lt;free port&gt;</c> that records every request and answers <c>{"ok":true}</c>, or
/// what <see cref="Respond"/> writes instead. For the generated <c>SecuredClient</c> (specs/security.yaml), whose paths sit
/// under <c>/v1</c>.
/// </summary>
internal sealed class SecurityServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<SecurityRequest> _requests = [];
    private WebApplication? _app;

    /// <summary>The server's root, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>The client's base address: <see cref="Root"/> plus <c>v1/</c>.</summary>
    public Uri BaseAddress => new(Root, "v1/");

    /// <summary>Answers a request instead of <c>{"ok":true}</c>; null for the default.</summary>
    public Func<HttpContext, SecurityRequest, Task>? Respond { get; set; }

    public IReadOnlyList<SecurityRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    public static async Task<SecurityServer> StartAsync()
    {
        var server = new SecurityServer();
        (server._app, server.Root) = await TestServers.StartAsync(server.HandleAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        var app = _app;
        _app = null;
        await TestServers.StopAsync(app);
    }

    /// <summary>Writes a JSON body with a status.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private async Task HandleAsync(HttpContext context)
    {
        string rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new SecurityRequest(context.Request.Method, rawTarget, headers);
        lock (_gate)
        {
            _requests.Add(request);
        }

        if (Respond is { } respond)
        {
            await respond(context, request);
            return;
        }

        await WriteAsync(context, 200, """{"ok":true}""");
    }
}
