namespace CallsGen.Generator.Emitting;

/// <summary>
/// The fully qualified names generated code uses, in one place. Every name is written <c>global::</c>-qualified, so
/// names from a document (a schema called Monitor or File) cannot bind to the wrong type.
/// </summary>
internal static class Names
{
    public const string Runtime = "global::CallsGen.Runtime";
    public const string Support = Runtime + ".JsonHelpers";
    public const string Json = "global::System.Text.Json";
    public const string JsonElement = Json + ".JsonElement";
    public const string JsonTokenType = Json + ".JsonTokenType";
    public const string Utf8JsonReader = Json + ".Utf8JsonReader";
    public const string Utf8JsonWriter = Json + ".Utf8JsonWriter";
    public const string JsonException = Json + ".JsonException";
    public const string KnownStrings = Runtime + ".KnownStrings";
    public const string JsonRawValue = Runtime + ".JsonRawValue";
    public const string ListBuilder = Runtime + ".ListBuilder";
    public const string QueryBuilder = Runtime + ".QueryBuilder";
    public const string ApiConnection = Runtime + ".ApiConnection";
    public const string ApiRequest = Runtime + ".ApiRequest";
    public const string ApiClientOptions = Runtime + ".ApiClientOptions";
    public const string Dictionary = "global::System.Collections.Generic.Dictionary";
    public const string IReadOnlyDictionary = "global::System.Collections.Generic.IReadOnlyDictionary";
    public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string IAsyncEnumerable = "global::System.Collections.Generic.IAsyncEnumerable";
    public const string KeyValuePair = "global::System.Collections.Generic.KeyValuePair";
    public const string List = "global::System.Collections.Generic.List";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string HttpMethod = "global::System.Net.Http.HttpMethod";
    public const string JsonConverter = "global::System.Text.Json.Serialization.JsonConverter";
    public const string Obsolete = "global::System.Obsolete";
    public const string NotNullWhen = "global::System.Diagnostics.CodeAnalysis.NotNullWhen";
    public const string DependencyInjection = "global::Microsoft.Extensions.DependencyInjection";
    public const string ServiceCollection = DependencyInjection + ".IServiceCollection";
    public const string HttpClientBuilder = DependencyInjection + ".IHttpClientBuilder";
    public const string ServiceProvider = "global::System.IServiceProvider";
    public const string ServiceProviderExtensions = DependencyInjection + ".ServiceProviderServiceExtensions";
    public const string Logging = "global::Microsoft.Extensions.Logging";
}
