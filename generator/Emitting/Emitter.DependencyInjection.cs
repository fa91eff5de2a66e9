using CallsGen.Generator.Model;

namespace CallsGen.Generator.Emitting;

internal sealed partial class Emitter
{
    /// <summary>
    /// Registration with the HTTP client factory, emitted only when the project references
    /// Microsoft.Extensions.Http: the client gets its HttpClient (and the caller's handlers, such as
    /// logging or resilience) from IHttpClientFactory and its options from named options. The client's
    /// own retries step aside when a resilience handler is on that HttpClient (ApiRetryMode.Automatic),
    /// it reports metrics through the container's IMeterFactory, and, when the project references
    /// Microsoft.Extensions.Logging, its retries and failures are logged through ILogger.
    /// </summary>
    private string EmitDependencyInjection(EcosystemSpec libraries)
    {
        var client = _spec.ClientName;
        var clientType = Qualified(client);
        const string services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
        const string builder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
        const string options = Runtime + ".ApiClientOptions";
        const string provider = "global::System.IServiceProvider";
        const string serviceProvider = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
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
        writer.Line("/// With <c>RetryMode</c> left Automatic, a resilience handler on the HttpClient (AddStandardResilienceHandler) does the");
        writer.Line("/// retrying and the client makes one attempt per call, so attempts never multiply.");
        writer.Line("/// </summary>");
        writer.Line("/// <param name=\"services\">The service collection.</param>");
        writer.Line("/// <param name=\"configure\">Sets the options (API key, base address, timeout, retries).</param>");
        writer.Line("/// <returns>The HttpClient builder, for handlers and further configuration.</returns>");
        writer.Open("public static " + builder + " Add" + client + "(this " + services + " services, global::System.Action<" + options + ">? configure = null)");
        writer.Line("if (services is null) throw new global::System.ArgumentNullException(nameof(services));");
        writer.Line("var optionsBuilder = global::Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.AddOptions<" + options + ">(services, Name);");
        writer.Line("if (configure is not null) optionsBuilder.Configure(configure);");
        writer.Line("global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, static _ => new HandlerProbe());");
        writer.Line("// Post-configured, so it runs after every handler added to this HttpClient, those added after this call included.");
        writer.Line("global::Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.PostConfigure<global::Microsoft.Extensions.Http.HttpClientFactoryOptions>(services, Name, static factory =>");
        writer.Line("    factory.HttpMessageHandlerBuilderActions.Add(static handlers => " + serviceProvider + ".GetRequiredService<HandlerProbe>(handlers.Services).Inspect(handlers.AdditionalHandlers)));");
        writer.Line("return global::Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<" + clientType + ", " + clientType + ">(");
        writer.Line("    services,");
        writer.Line("    Name,");
        writer.Line("    static (global::System.Net.Http.HttpClient httpClient, " + provider + " provider) => new " + clientType + "(CreateOptions(provider), httpClient));");
        writer.Close();
        if (libraries.ConfigurationBinding)
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

        writer.Line();
        writer.Line("/// <summary>A copy of the named options for one client, completed from the container.</summary>");
        writer.Open("private static " + options + " CreateOptions(" + provider + " provider)");
        writer.Line("var options = " + serviceProvider + ".GetRequiredService<global::Microsoft.Extensions.Options.IOptionsMonitor<" + options + ">>(provider).Get(Name).Clone();");
        writer.Line("if (options.RetryMode == " + Runtime + ".ApiRetryMode.Automatic && " + serviceProvider + ".GetRequiredService<HandlerProbe>(provider).HasResilienceHandler)");
        writer.Line("    options.RetryMode = " + Runtime + ".ApiRetryMode.HttpClient;");
        writer.Line("options.MeterFactory ??= " + serviceProvider + ".GetService<global::System.Diagnostics.Metrics.IMeterFactory>(provider);");
        if (libraries.Logging)
        {
            writer.Line("if (" + serviceProvider + ".GetService<global::Microsoft.Extensions.Logging.ILoggerFactory>(provider) is { } loggers)");
            writer.Line("    options.Events = " + Runtime + ".ApiClientEvents.Combine(options.Events, LogEvents(loggers.CreateLogger(typeof(" + clientType + ").FullName!)));");
        }
        writer.Line("return options;");
        writer.Close();

        if (libraries.Logging)
        {
            EmitLogEvents(writer);
        }

        writer.Line();
        writer.Line("/// <summary>Finds a resilience handler (Microsoft.Extensions.Http.Resilience or .Polly) on the client's HttpClient, by type name.</summary>");
        writer.Open("private sealed class HandlerProbe");
        writer.Line("private volatile bool _found;");
        writer.Line();
        writer.Line("public bool HasResilienceHandler => _found;");
        writer.Line();
        writer.Open("public void Inspect(global::System.Collections.Generic.IList<global::System.Net.Http.DelegatingHandler> handlers)");
        writer.Open("foreach (var handler in handlers)");
        writer.Open("for (var type = handler.GetType(); type is not null; type = type.BaseType)");
        writer.Line("if (type.FullName is \"Microsoft.Extensions.Http.Resilience.ResilienceHandler\" or \"Microsoft.Extensions.Http.PolicyHttpMessageHandler\") _found = true;");
        writer.Close();
        writer.Close();
        writer.Close();
        writer.Close();
        writer.Close();
        writer.Close();
        return writer.ToString();
    }

    /// <summary>The ApiClientEvents that log retries (warning), failures (warning, with the exception) and successes (debug).</summary>
    private static void EmitLogEvents(SourceWriter writer)
    {
        const string logging = "global::Microsoft.Extensions.Logging";
        writer.Line();
        writer.Line("private static readonly global::System.Action<" + logging + ".ILogger, string, int, int, double, string?, global::System.Exception?> s_retry =");
        writer.Line("    " + logging + ".LoggerMessage.Define<string, int, int, double, string?>(" + logging + ".LogLevel.Warning, new " + logging + ".EventId(1, \"CallsGenRetry\"), \"{Operation}: attempt {Attempt} of {MaxAttempts} in {DelayMs} ms after {Reason}\");");
        writer.Line();
        writer.Line("private static readonly global::System.Action<" + logging + ".ILogger, string, string?, double, int, global::System.Exception?> s_failed =");
        writer.Line("    " + logging + ".LoggerMessage.Define<string, string?, double, int>(" + logging + ".LogLevel.Warning, new " + logging + ".EventId(2, \"CallsGenFailed\"), \"{Operation} failed ({ErrorType}) after {DurationMs} ms and {RetryCount} retries\");");
        writer.Line();
        writer.Line("private static readonly global::System.Action<" + logging + ".ILogger, string, int?, double, int, global::System.Exception?> s_completed =");
        writer.Line("    " + logging + ".LoggerMessage.Define<string, int?, double, int>(" + logging + ".LogLevel.Debug, new " + logging + ".EventId(3, \"CallsGenCompleted\"), \"{Operation} returned {StatusCode} in {DurationMs} ms after {RetryCount} retries\");");
        writer.Line();
        writer.Line("/// <summary>Routes the client's events to <paramref name=\"logger\"/>; they hold no key or secret header value.</summary>");
        writer.Line("private static " + Runtime + ".ApiClientEvents LogEvents(" + logging + ".ILogger logger) => new()");
        writer.Line("{");
        writer.Indent();
        writer.Line("OnRetry = e => s_retry(logger, e.Operation, e.Attempt, e.MaxAttempts, global::System.Math.Round(e.Delay.TotalMilliseconds, 1), e.StatusCode is { } status ? status.ToString(global::System.Globalization.CultureInfo.InvariantCulture) : e.ErrorType, null),");
        writer.Line("OnCompleted = e =>");
        writer.Line("{");
        writer.Line("    if (e.Succeeded) s_completed(logger, e.Operation, e.StatusCode, global::System.Math.Round(e.Duration.TotalMilliseconds, 1), e.RetryCount, null);");
        writer.Line("    else s_failed(logger, e.Operation, e.ErrorType, global::System.Math.Round(e.Duration.TotalMilliseconds, 1), e.RetryCount, e.Exception);");
        writer.Line("},");
        writer.Outdent();
        writer.Line("};");
    }
}
