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
        const string services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
        const string builder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
        const string options = Runtime + ".ApiClientOptions";
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        writer.Line("/// <summary>Registers <see cref=\"" + client + "\"/> with the HTTP client factory.</summary>");
        writer.Open("public static class " + client + "ServiceCollectionExtensions");
        writer.Line("/// <summary>The name of the client's HttpClient and of its options.</summary>");
        writer.Line("public const string Name = " + Naming.CSharpText.StringLiteral(client) + ";");
        writer.Line();
        writer.Line("/// <summary>");
        writer.Line("/// Registers <see cref=\"" + client + "\"/> as a typed client: its HttpClient comes from IHttpClientFactory (add");
        writer.Line("/// handlers on the returned builder) and its <see cref=\"" + options + "\"/> from the options named <see cref=\"Name\"/>.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"services\">The service collection.</param>");
        writer.Line("/// <param name=\"configure\">Sets the options (API key, base address, timeout, retries).</param>");
        writer.Line("/// <returns>The HttpClient builder, for handlers and further configuration.</returns>");
        writer.Open("public static " + builder + " Add" + client + "(this " + services + " services, global::System.Action<" + options + ">? configure = null)");
        writer.Line("if (services is null) throw new global::System.ArgumentNullException(nameof(services));");
        writer.Line("var optionsBuilder = global::Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.AddOptions<" + options + ">(services, Name);");
        writer.Line("if (configure is not null) optionsBuilder.Configure(configure);");
        writer.Line("return global::Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<" + clientType + ", " + clientType + ">(");
        writer.Line("    services,");
        writer.Line("    Name,");
        writer.Line("    static (global::System.Net.Http.HttpClient httpClient, global::System.IServiceProvider provider) => new " + clientType + "(");
        writer.Line("        global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<global::Microsoft.Extensions.Options.IOptionsMonitor<" + options + ">>(provider).Get(Name),");
        writer.Line("        httpClient));");
        writer.Close();
        if (configurationBinding)
        {
            writer.Line();
            writer.Line("/// <summary>Registers <see cref=\"" + client + "\"/> with its options bound from a configuration section (for example <c>\"" + client + "\"</c> in appsettings.json).</summary>");
            writer.Line("/// <param name=\"services\">The service collection.</param>");
            writer.Line("/// <param name=\"configuration\">The section holding ApiKey, BaseAddress, Timeout, MaxRetries, ...</param>");
            writer.Line("/// <returns>The HttpClient builder, for handlers and further configuration.</returns>");
            writer.Line("[global::System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode(\"Binding options from configuration uses reflection; under trimming, pass an Action<ApiClientOptions> instead.\")]");
            writer.Line("[global::System.Diagnostics.CodeAnalysis.RequiresDynamicCode(\"Binding options from configuration uses reflection; under AOT, pass an Action<ApiClientOptions> instead.\")]");
            writer.Open("public static " + builder + " Add" + client + "(this " + services + " services, global::Microsoft.Extensions.Configuration.IConfiguration configuration)");
            writer.Line("if (configuration is null) throw new global::System.ArgumentNullException(nameof(configuration));");
            writer.Line("var clientBuilder = Add" + client + "(services);");
            writer.Line("global::Microsoft.Extensions.DependencyInjection.OptionsConfigurationServiceCollectionExtensions.Configure<" + options + ">(services, Name, configuration);");
            writer.Line("return clientBuilder;");
            writer.Close();
        }
        writer.Close();
        writer.Close();
        return writer.ToString();
    }
}
