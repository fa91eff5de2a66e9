using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    /// <summary>
    /// Registration with the HTTP client factory, emitted only when the project references
    /// Microsoft.Extensions.Http: the client gets its HttpClient (and the caller's handlers, such as
    /// logging or resilience) from IHttpClientFactory and its options from named options.
    /// </summary>
    private string EmitDependencyInjection(bool configurationBinding)
    {
        var client = _spec.ClientName;
        var clientType = Qualified(client);
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        writer.Write($$"""
            /// <summary>Registers <see cref="{{client}}"/> with the HTTP client factory.</summary>
            public static class {{client}}ServiceCollectionExtensions
            {
                /// <summary>The name of the client's HttpClient and of its options.</summary>
                public const string Name = {{Literal(client)}};

                /// <summary>
                /// Registers <see cref="{{client}}"/> as a typed client: its HttpClient comes from IHttpClientFactory (add
                /// handlers on the returned builder) and its <see cref="{{ApiClientOptions}}"/> from the options named <see cref="Name"/>.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets the options (API key, base address, timeout, retries).</param>
                /// <returns>The HttpClient builder, for handlers and further configuration.</returns>
                public static {{HttpClientBuilder}} Add{{client}}(this {{ServiceCollection}} services, global::System.Action<{{ApiClientOptions}}>? configure = null)
                {
                    if (services is null) throw new {{Names.ArgumentNullException}}(nameof(services));
                    var optionsBuilder = {{DependencyInjection}}.OptionsServiceCollectionExtensions.AddOptions<{{ApiClientOptions}}>(services, Name);
                    if (configure is not null) optionsBuilder.Configure(configure);
                    return {{DependencyInjection}}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<{{clientType}}, {{clientType}}>(
                        services,
                        Name,
                        static (global::System.Net.Http.HttpClient httpClient, global::System.IServiceProvider provider) => new {{clientType}}(
                            {{DependencyInjection}}.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptionsMonitor<{{ApiClientOptions}}>>(provider).Get(Name),
                            httpClient));
                }
            """);
        if (configurationBinding)
        {
            writer.Write($$"""

                    /// <summary>Registers <see cref="{{client}}"/> with its options bound from a configuration section (for example <c>"{{client}}"</c> in appsettings.json).</summary>
                    /// <param name="services">The service collection.</param>
                    /// <param name="configuration">The section holding ApiKey, BaseAddress, Timeout, MaxRetries, ...</param>
                    /// <returns>The HttpClient builder, for handlers and further configuration.</returns>
                    [global::System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Binding options from configuration uses reflection; under trimming, pass an Action<ApiClientOptions> instead.")]
                    [global::System.Diagnostics.CodeAnalysis.RequiresDynamicCode("Binding options from configuration uses reflection; under AOT, pass an Action<ApiClientOptions> instead.")]
                    public static {{HttpClientBuilder}} Add{{client}}(this {{ServiceCollection}} services, global::Microsoft.Extensions.Configuration.IConfiguration configuration)
                    {
                        if (configuration is null) throw new {{Names.ArgumentNullException}}(nameof(configuration));
                        var clientBuilder = Add{{client}}(services);
                        {{DependencyInjection}}.OptionsConfigurationServiceCollectionExtensions.Configure<{{ApiClientOptions}}>(services, Name, configuration);
                        return clientBuilder;
                    }
                """);
        }
        writer.Line("}");
        writer.Close();
        return writer.ToString();
    }
}
