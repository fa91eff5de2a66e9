namespace CallsGen.Runtime;

/// <summary>Who retries a failed call: the client itself, or the <see cref="System.Net.Http.HttpClient"/>'s own handlers.</summary>
public enum ApiRetryMode
{
    /// <summary>
    /// The client retries (<see cref="BuiltIn"/>), unless it was registered with the generated <c>Add…Client</c> and its
    /// HttpClient has a resilience handler (Microsoft.Extensions.Http.Resilience or Microsoft.Extensions.Http.Polly): then the
    /// handler does (<see cref="HttpClient"/>). The default.
    /// </summary>
    Automatic = 0,

    /// <summary>The client retries as <see cref="ApiClientOptions.MaxRetries"/> and the retry policy say, whatever the HttpClient does.</summary>
    BuiltIn = 1,

    /// <summary>
    /// The HttpClient's handlers retry (a resilience handler): the client makes one attempt per call, so attempts never
    /// multiply. <see cref="ApiClientOptions.Timeout"/> then bounds that attempt, the handler's retries and waits included, and
    /// the handler's own timeout surfaces as <see cref="ApiTimeoutException"/>.
    /// </summary>
    HttpClient = 2,
}
