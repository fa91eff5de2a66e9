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

/// <summary>A request <see cref="ParameterServer"/> received, as it arrived on the wire.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawPath">The request target's path exactly as sent, still percent-encoded.</param>
/// <param name="RawQuery">The query exactly as sent, without its '?'; empty when there was none.</param>
/// <param name="Headers">Every header, each with all of its values, names compared case-insensitively.</param>
internal sealed record ParameterRequest(string Method, string RawPath, string RawQuery, IReadOnlyDictionary<string, string[]> Headers)
{
    /// <summary>The header's only value, or null when it was not sent; fails when it was sent more than once.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? Assert.Single(values) : null;
}

/// <summary>
/// The server of specs/parameters.yaml on <c>http://127.0.0.1:&lt;free port&gt;</c>: it records every request before
/// answering it. OPTIONS answers 200 with <c>{"methods":["GET","HEAD","OPTIONS"]}</c>; HEAD answers 200 with an
/// <c>X-Session</c> header and no body; everything else answers 204.
/// </summary>
internal sealed class ParameterServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<ParameterRequest> _requests = [];
    private WebApplication? _app;

    private ParameterServer()
    {
    }

    /// <summary>The address to send requests to, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A snapshot of every request received so far, in arrival order.</summary>
    public IReadOnlyList<ParameterRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>The one request received since the last <see cref="Clear"/>.</summary>
    public ParameterRequest Single() => Assert.Single(Requests);

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public static async Task<ParameterServer> StartAsync()
    {
        var server = new ParameterServer();
        (server._app, server.BaseAddress) = await TestServers.StartAsync(server.HandleAsync);
        return server;
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
        string rawQuery = queryStart < 0 ? string.Empty : rawTarget[(queryStart + 1)..];
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            _requests.Add(new ParameterRequest(request.Method, rawPath, rawQuery, headers));
        }

        if (HttpMethods.IsOptions(request.Method))
        {
            byte[] json = Encoding.UTF8.GetBytes("""{"methods":["GET","HEAD","OPTIONS"]}""");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = json.Length;
            await context.Response.Body.WriteAsync(json, context.RequestAborted);
            return;
        }

        if (HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["X-Session"] = "active";
            context.Response.ContentType = "application/json";
            return;
        }

        context.Response.StatusCode = 204;
    }
}
