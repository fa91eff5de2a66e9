using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;

namespace CallsGen.Runtime;

/// <summary>
/// One call travelling through the pipeline of policies (see <see cref="ApiPipelinePolicy"/>): the operation's request, the
/// current attempt's <see cref="HttpRequestMessage"/> and, once the transport has answered, its
/// <see cref="HttpResponseMessage"/>. The runtime creates, sends and disposes these; a policy may change the request's
/// headers before calling on, and read the response after.
/// </summary>
public sealed class ApiMessage : IDisposable
{
    internal ApiMessage(ApiRequest request, Uri requestUri, KeyValuePair<string, string>[] headers, ConnectionSettings settings, CallScope call, OperationTelemetry telemetry, ResponseMode mode)
    {
        Request = request;
        RequestUri = requestUri;
        Headers = headers;
        Settings = settings;
        Call = call;
        Telemetry = telemetry;
        Mode = mode;
        CancellationToken = call.Caller;
        call.Secrets = SecretSet.Collect(null, headers);
    }

    /// <summary>The operation's request, as the generated client made it.</summary>
    public ApiRequest Request { get; }

    /// <summary>The absolute address the request goes to, query included.</summary>
    public Uri RequestUri { get; }

    /// <summary>
    /// The current attempt's request, made afresh for each attempt; <see langword="null"/> outside an attempt (in a per-call
    /// policy before the retry policy has started one). The bearer token is added to it after the per-try policies.
    /// </summary>
    public HttpRequestMessage? HttpRequest { get; private set; }

    /// <summary>The current attempt's response once the transport has answered; <see langword="null"/> before, or after a failure.</summary>
    public HttpResponseMessage? HttpResponse { get; internal set; }

    /// <summary>
    /// Cancels the work of the current stage: the caller's token, joined by the call's total time limit and, inside an
    /// attempt, by the attempt's timeout.
    /// </summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>The current attempt, from 1; 0 before the first.</summary>
    public int Attempt { get; private set; }

    /// <summary>The validated copy of the request's header parameters.</summary>
    internal KeyValuePair<string, string>[] Headers { get; }

    internal ConnectionSettings Settings { get; }

    /// <summary>The call's caller token, total time limit and secrets.</summary>
    internal CallScope Call { get; }

    internal OperationTelemetry Telemetry { get; }

    /// <summary>What the call does with a successful body.</summary>
    internal ResponseMode Mode { get; }

    /// <summary>The bearer token, once the authentication policy has got it (once per call).</summary>
    internal string? Token { get; private set; }

    /// <summary>The whole successful body, in <see cref="ResponseMode.Buffer"/>.</summary>
    internal ResponseBodies.BodyBuffer? Body { get; set; }

    /// <summary>The retry policy running the attempts, and whether it has a retry left after the current one.</summary>
    internal ApiRetryPolicy? RetryPolicy { get; private set; }

    internal bool RetryLeft { get; private set; }

    /// <summary>Whether the current attempt's response failed with a status the retry policy will try again.</summary>
    internal bool RetryableResponse { get; set; }

    /// <summary>The operation as messages name it, for example <c>GET /call</c>.</summary>
    internal string Operation => Request.Operation;

    internal string[] Secrets => Call.Secrets;

    /// <summary>The credentials <see cref="SecuritySchemesPolicy"/> chose, once <see cref="CredentialsResolved"/>.</summary>
    internal AppliedCredentials? Credentials { get; private set; }

    /// <summary>Whether the operation's security schemes have been resolved (once per call).</summary>
    internal bool CredentialsResolved { get; private set; }

    /// <summary>Whether the retry policy will try again after the current attempt ends with <paramref name="exception"/> (or with its response).</summary>
    internal bool WillRetry(Exception? exception) => RetryLeft && RetryPolicy is { } retry && retry.ShouldRetryInternal(this, exception);

    /// <summary>Ends the previous attempt and starts attempt <paramref name="attempt"/> with a fresh request.</summary>
    internal void BeginAttempt(int attempt, ApiRetryPolicy retryPolicy, bool retryLeft)
    {
        EndAttempt();
        Attempt = attempt;
        RetryPolicy = retryPolicy;
        RetryLeft = retryLeft;
        HttpRequest = Settings.CreateHttpRequest(Request, RequestUri, Headers);
    }

    /// <summary>Releases the current attempt's request, response and body.</summary>
    internal void EndAttempt()
    {
        Body?.Release();
        Body = null;
        HttpResponse?.Dispose();
        HttpResponse = null;
        HttpRequest?.Dispose();
        HttpRequest = null;
        RetryableResponse = false;
    }

    /// <summary>Hands the response to the caller (streaming), which disposes it from then on.</summary>
    internal HttpResponseMessage TakeResponse()
    {
        HttpResponseMessage response = HttpResponse ?? throw new InvalidOperationException("The pipeline returned without a response.");
        HttpResponse = null;
        return response;
    }

    /// <summary>Keeps the bearer token for the later attempts and adds it to the texts redacted from errors.</summary>
    internal void SetToken(string token)
    {
        Token = token;
        Call.Secrets = SecretSet.Collect(token, Headers);
    }

    /// <summary>
    /// Keeps the credentials chosen for the operation's security schemes for the later attempts and adds them to the texts
    /// redacted from errors; <see langword="null"/> when optional security has none configured.
    /// </summary>
    internal void SetCredentials(AppliedCredentials? credentials)
    {
        Credentials = credentials;
        CredentialsResolved = true;
        Call.Secrets = AppliedCredentials.WithSecrets(Call.Secrets, credentials);
    }

    /// <summary>Releases the current attempt's request, response and body.</summary>
    public void Dispose() => EndAttempt();
}

/// <summary>What a call does with a successful response body.</summary>
internal enum ResponseMode
{
    /// <summary>Reads it whole (within the size limit) for the decoder.</summary>
    Buffer,

    /// <summary>Reads and drops it (an operation without a response body).</summary>
    Discard,

    /// <summary>Leaves it unread for the caller (streaming a JSON array).</summary>
    Keep,

    /// <summary>Leaves it unread for the caller whatever its media type (a stream, text, or a body whose type depends on the status).</summary>
    KeepAny,
}
