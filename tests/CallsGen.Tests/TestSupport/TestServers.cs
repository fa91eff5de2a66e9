using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallsGen.Tests.TestSupport;

/// <summary>What the in-test Kestrel servers share.</summary>
internal static class TestServers
{
    /// <summary>
    /// Starts a Kestrel server on 127.0.0.1 at a free port that answers every request with <paramref name="handler"/>;
    /// returns it with its address (ending in '/'). <paramref name="configure"/> adjusts the builder (e.g. Kestrel's limits).
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(RequestDelegate handler, Action<WebApplicationBuilder>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(TestServers).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        configure?.Invoke(builder);
        WebApplication app = builder.Build();
        app.Run(handler);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>Stops a server, giving open requests five seconds, then disposes it; connections still open are closed by the disposal.</summary>
    public static async ValueTask StopAsync(WebApplication? app)
    {
        if (app is null)
        {
            return;
        }

        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await app.StopAsync(stopTimeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Connections still open are closed by the disposal below.
            }
        }

        await app.DisposeAsync();
    }

    /// <summary>A host lifetime that neither waits for a console signal nor installs one: the test stops the server.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
