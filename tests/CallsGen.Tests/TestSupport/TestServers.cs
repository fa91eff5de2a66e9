using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;

namespace CallsGen.Tests.TestSupport;

/// <summary>What the in-test Kestrel servers share.</summary>
internal static class TestServers
{
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
}
