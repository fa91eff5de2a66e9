using CallsGen.Generator.Model;
using static CallsGen.Generator.Emitting.Names;

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
                /// With <c>RetryMode</c> left Automatic, a resilience handler on the HttpClient (AddStandardResilienceHandler) does the
                /// retrying and the client makes one attempt per call, so attempts never multiply.
                /// </summary>
                /// <param name="services">The service collection.</param>
                /// <param name="configure">Sets the options (API key, base address, timeout, retries).</param>
                /// <returns>The HttpClient builder, for handlers and further configuration.</returns>
                public static {{HttpClientBuilder}} Add{{client}}(this {{ServiceCollection}} services, global::System.Action<{{ApiClientOptions}}>? configure = null)
                {
                    if (services is null) throw new {{Names.ArgumentNullException}}(nameof(services));
                    var optionsBuilder = {{DependencyInjection}}.OptionsServiceCollectionExtensions.AddOptions<{{ApiClientOptions}}>(services, Name);
                    if (configure is not null) optionsBuilder.Configure(configure);
                    {{DependencyInjection}}.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton(services, static _ => new HandlerProbe());
                    // Post-configured, so it runs after every handler added to this HttpClient, those added after this call included.
                    {{DependencyInjection}}.OptionsServiceCollectionExtensions.PostConfigure<global::Microsoft.Extensions.Http.HttpClientFactoryOptions>(services, Name, static factory =>
                        factory.HttpMessageHandlerBuilderActions.Add(static handlers => {{ServiceProviderExtensions}}.GetRequiredService<HandlerProbe>(handlers.Services).Inspect(handlers.AdditionalHandlers)));
                    return {{DependencyInjection}}.HttpClientFactoryServiceCollectionExtensions.AddHttpClient<{{clientType}}, {{clientType}}>(
                        services,
                        Name,
                        static (global::System.Net.Http.HttpClient httpClient, {{ServiceProvider}} provider) => new {{clientType}}(CreateOptions(provider), httpClient));
                }
            """);
        if (libraries.ConfigurationBinding) EmitConfigurationBinding(writer, client);
        EmitCreateOptions(writer, clientType, libraries.Logging);
        if (libraries.Logging) EmitLogEvents(writer);
        EmitHandlerProbe(writer);
        writer.Line("}");
        writer.Close();
        return writer.ToString();
    }

    /// <summary>The overload that binds the options from a configuration section (with Options.ConfigurationExtensions and Configuration.Binder).</summary>
    private static void EmitConfigurationBinding(SourceWriter writer, string client)
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

    /// <summary>
    /// The client's options: a copy of the named options, with retries left to a resilience handler when one is on the
    /// HttpClient, the container's IMeterFactory, and, with logging, events routed to an ILogger.
    /// </summary>
    private static void EmitCreateOptions(SourceWriter writer, string clientType, bool logging)
    {
        writer.Write($$"""

                /// <summary>A copy of the named options for one client, completed from the container.</summary>
                private static {{ApiClientOptions}} CreateOptions({{ServiceProvider}} provider)
                {
                    var options = {{ServiceProviderExtensions}}.GetRequiredService<global::Microsoft.Extensions.Options.IOptionsMonitor<{{ApiClientOptions}}>>(provider).Get(Name).Clone();
                    if (options.RetryMode == {{Runtime}}.ApiRetryMode.Automatic && {{ServiceProviderExtensions}}.GetRequiredService<HandlerProbe>(provider).HasResilienceHandler)
                        options.RetryMode = {{Runtime}}.ApiRetryMode.HttpClient;
                    options.MeterFactory ??= {{ServiceProviderExtensions}}.GetService<global::System.Diagnostics.Metrics.IMeterFactory>(provider);
            """);
        if (logging)
        {
            writer.Write($$"""
                        if ({{ServiceProviderExtensions}}.GetService<{{Logging}}.ILoggerFactory>(provider) is { } loggers)
                            options.Events = {{Runtime}}.ApiClientEvents.Combine(options.Events, LogEvents(loggers.CreateLogger(typeof({{clientType}}).FullName!)));
                """);
        }
        writer.Write("""
                    return options;
                }
            """);
    }

    /// <summary>The ApiClientEvents that log retries (warning), failures (warning, with the exception) and successes (debug).</summary>
    private static void EmitLogEvents(SourceWriter writer)
    {
        writer.Write($$"""

                private static readonly global::System.Action<{{Logging}}.ILogger, string, int, int, double, string?, global::System.Exception?> s_retry =
                    {{Logging}}.LoggerMessage.Define<string, int, int, double, string?>({{Logging}}.LogLevel.Warning, new {{Logging}}.EventId(1, "CallsGenRetry"), "{Operation}: attempt {Attempt} of {MaxAttempts} in {DelayMs} ms after {Reason}");

                private static readonly global::System.Action<{{Logging}}.ILogger, string, string?, double, int, global::System.Exception?> s_failed =
                    {{Logging}}.LoggerMessage.Define<string, string?, double, int>({{Logging}}.LogLevel.Warning, new {{Logging}}.EventId(2, "CallsGenFailed"), "{Operation} failed ({ErrorType}) after {DurationMs} ms and {RetryCount} retries");

                private static readonly global::System.Action<{{Logging}}.ILogger, string, int?, double, int, global::System.Exception?> s_completed =
                    {{Logging}}.LoggerMessage.Define<string, int?, double, int>({{Logging}}.LogLevel.Debug, new {{Logging}}.EventId(3, "CallsGenCompleted"), "{Operation} returned {StatusCode} in {DurationMs} ms after {RetryCount} retries");

                /// <summary>Routes the client's events to <paramref name="logger"/>; they hold no key or secret header value.</summary>
                private static {{Runtime}}.ApiClientEvents LogEvents({{Logging}}.ILogger logger) => new()
                {
                    OnRetry = e => s_retry(logger, e.Operation, e.Attempt, e.MaxAttempts, global::System.Math.Round(e.Delay.TotalMilliseconds, 1), e.StatusCode is { } status ? status.ToString(global::System.Globalization.CultureInfo.InvariantCulture) : e.ErrorType, null),
                    OnCompleted = e =>
                    {
                        if (e.Succeeded) s_completed(logger, e.Operation, e.StatusCode, global::System.Math.Round(e.Duration.TotalMilliseconds, 1), e.RetryCount, null);
                        else s_failed(logger, e.Operation, e.ErrorType, global::System.Math.Round(e.Duration.TotalMilliseconds, 1), e.RetryCount, e.Exception);
                    },
                };
            """);
    }

    /// <summary>The handler probe: finds a resilience handler (Microsoft.Extensions.Http.Resilience or .Polly) on the client's HttpClient.</summary>
    private static void EmitHandlerProbe(SourceWriter writer)
    {
        writer.Write("""

                /// <summary>Finds a resilience handler (Microsoft.Extensions.Http.Resilience or .Polly) on the client's HttpClient, by type name.</summary>
                private sealed class HandlerProbe
                {
                    private volatile bool _found;

                    public bool HasResilienceHandler => _found;

                    public void Inspect(global::System.Collections.Generic.IList<global::System.Net.Http.DelegatingHandler> handlers)
                    {
                        foreach (var handler in handlers)
                        {
                            for (var type = handler.GetType(); type is not null; type = type.BaseType)
                            {
                                if (type.FullName is "Microsoft.Extensions.Http.Resilience.ResilienceHandler" or "Microsoft.Extensions.Http.PolicyHttpMessageHandler") _found = true;
                            }
                        }
                    }
                }
            """);
    }
}
