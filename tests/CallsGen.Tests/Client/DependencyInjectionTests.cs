using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.TestSupport;
using CallsGen.Tests.Vapi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Client;

/// <summary>
/// The registration helper generated when a project references Microsoft.Extensions.Http (this test
/// project does, through the ASP.NET Core framework), and its absence when it does not.
/// </summary>
public sealed class DependencyInjectionTests
{
    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_client_resolves_from_the_container_with_the_callers_handlers_and_options()
    {
        await using var simulator = await Simulator.StartAsync();
        var handler = new CountingHandler();
        var services = new ServiceCollection();
        services.AddVapiClient(options =>
            {
                options.ApiKey = simulator.ApiKey;
                options.BaseAddress = simulator.BaseAddress;
            })
            .AddHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<VapiClient>();
        var calls = await client.ListCallsAsync(new ListCallsRequest { Limit = 4 });

        Assert.Equal(4, calls.Count);
        Assert.Equal(1, handler.Count);
        Assert.Equal("Bearer " + simulator.ApiKey, simulator.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Options_can_be_bound_from_configuration()
    {
        await using var simulator = await Simulator.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vapi:ApiKey"] = simulator.ApiKey,
                ["Vapi:BaseAddress"] = simulator.BaseAddress.ToString(),
                ["Vapi:MaxRetries"] = "0",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddVapiClient(configuration.GetSection("Vapi"));
        await using var provider = services.BuildServiceProvider();

        var calls = await provider.GetRequiredService<VapiClient>().ListCallsAsync(new ListCallsRequest { Limit = 2 });

        Assert.Equal(2, calls.Count);
    }

    [Fact]
    public void The_helper_is_generated_only_when_the_project_references_the_libraries_it_needs()
    {
        var spec = SpecFile.Create("specs/vapi-list-calls.yaml", System.IO.File.ReadAllText(Repo.Spec("vapi-list-calls.yaml")), "Vapi", "VapiClient");

        var without = GeneratorHarness.Run(new[] { spec });
        Assert.DoesNotContain(without.Sources, s => s.HintName.Contains("DependencyInjection", StringComparison.Ordinal));

        var references = GeneratorHarness.ExtensionsReferences(
            "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options",
            "Microsoft.Extensions.Options.ConfigurationExtensions", "Microsoft.Extensions.Configuration.Abstractions", "Microsoft.Extensions.Configuration.Binder",
            "Microsoft.Extensions.Primitives", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging");
        var with = GeneratorHarness.Run(new[] { spec }, extraReferences: references);
        var source = with.Source(".DependencyInjection.g.cs");
        Assert.Contains("AddVapiClient(this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, global::System.Action<", source);
        Assert.Contains("IConfiguration configuration", source);
        if (with.CompileDiagnostics.Count > 0) Assert.Fail(string.Join("\n", with.CompileDiagnostics.Take(10)));
        Snapshot.VerifyAll("Vapi_dependency_injection", new[] { (with.Sources.Single(s => s.HintName.EndsWith(".DependencyInjection.g.cs", StringComparison.Ordinal)).HintName, source) });
    }
}
