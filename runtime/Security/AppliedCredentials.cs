using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>
/// The credentials one call sends, chosen and checked once per call (<see cref="ResolveAsync"/>) and put on each attempt's
/// request (<see cref="ApplyTo"/>): headers (<c>Authorization</c> included), query parameters and cookies. Also the texts
/// to redact from the call's exceptions (<see cref="Secrets"/>). The send path calls these two steps and nothing else.
/// </summary>
internal sealed class AppliedCredentials
{
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly List<string> _secrets = [];
    private string? _query;
    private string? _cookie;

    private AppliedCredentials()
    {
    }

    /// <summary>The texts to redact: every value sent, and the parts a server may echo (a password, a basic token).</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    /// <summary>
    /// Chooses the first alternative of <paramref name="security"/> whose credentials are all in <paramref name="configured"/>,
    /// checks it may go to <paramref name="uri"/>, gets its tokens and checks every value. <see langword="null"/> when the
    /// operation's security is optional and no alternative is configured (nothing is sent).
    /// </summary>
    /// <exception cref="ApiConfigurationException">
    /// No alternative is configured and the security is not optional (the message names the settings that would satisfy it);
    /// a credential would go over plain http to a host that is not loopback; or a value cannot be sent as it is.
    /// </exception>
    public static async ValueTask<AppliedCredentials?> ResolveAsync(
        ApiSecurity security,
        IReadOnlyDictionary<string, ApiCredential> configured,
        Uri uri,
        string operation,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(security);
        ApiSecurityScheme[]? chosen = security.AlternativesArray.FirstOrDefault(a => a.All(s => configured.ContainsKey(s.Name)));
        if (chosen is null)
        {
            if (security.Optional)
            {
                return null;
            }

            throw new ApiConfigurationException(MissingMessage(security, operation));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            throw new ApiConfigurationException(
                $"Refusing to send the credentials of {ApiSecurity.Describe(chosen)} over plain http to '{uri.Host}'. Use https (plain http is allowed only for loopback addresses).");
        }

        var applied = new AppliedCredentials();
        var query = new List<string>();
        var cookies = new List<string>();
        foreach (ApiSecurityScheme scheme in chosen)
        {
            ApiCredential credential = configured[scheme.Name];
            if (credential.Kind != scheme.Kind)
            {
                throw new ApiConfigurationException(
                    $"The credential set for '{scheme.Name}' is a {credential.Kind} credential, but the scheme is {scheme}; set {scheme.Setting}. The request was not sent.");
            }

            switch (scheme.Kind)
            {
                case ApiSecuritySchemeKind.ApiKey:
                    applied.AddApiKey(scheme, credential.Value!.Trim(), query, cookies);
                    break;
                case ApiSecuritySchemeKind.Basic:
                    applied.AddBasic(scheme, credential.Basic!);
                    break;
                case ApiSecuritySchemeKind.Bearer:
                    string token = await GetTokenAsync(scheme, credential, cancellationToken).ConfigureAwait(false);
                    applied.AddHeader(scheme, "Authorization", "Bearer " + token);
                    applied._secrets.Add(token);
                    break;
                default:
                    throw new InvalidOperationException("Unknown scheme kind.");
            }
        }

        applied._query = query.Count == 0 ? null : string.Join("&", query);
        applied._cookie = cookies.Count == 0 ? null : string.Join("; ", cookies);
        return applied;
    }

    /// <summary>Puts the credentials on one attempt's request: headers, cookies and the query parameters after any others.</summary>
    /// <exception cref="ApiConfigurationException">A credential's header cannot be set on a request (a content header).</exception>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (KeyValuePair<string, string> header in _headers)
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value))
            {
                throw new ApiConfigurationException(
                    $"A credential goes in the header '{header.Key}', which is not a request header; the request was not sent.");
            }
        }

        if (_cookie is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", _cookie);
        }

        if (_query is not null && request.RequestUri is { } uri)
        {
            string text = uri.OriginalString;
            request.RequestUri = new Uri(text + (uri.Query.Length > 1 ? "&" : uri.Query.Length == 1 ? string.Empty : "?") + _query, UriKind.Absolute);
        }
    }

    /// <summary><paramref name="secrets"/> with <paramref name="credentials"/>' secrets, longest first.</summary>
    public static string[] WithSecrets(string[] secrets, AppliedCredentials? credentials)
    {
        if (credentials is null || credentials._secrets.Count == 0)
        {
            return secrets;
        }

        var all = secrets.Concat(credentials._secrets).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        all.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return all.ToArray();
    }

    private static string MissingMessage(ApiSecurity security, string operation)
    {
        var ways = security.AlternativesArray.Select(a => string.Join(" and ", a.Select(s => s.Setting)));
        return $"{operation} needs credentials: set {string.Join(", or ", ways)} (security {security}). The request was not sent.";
    }

    private void AddApiKey(ApiSecurityScheme scheme, string value, List<string> query, List<string> cookies)
    {
        string name = scheme.ParameterName!;
        switch (scheme.Location)
        {
            case ApiKeyLocation.Header:
                AddHeader(scheme, name, value);
                break;
            case ApiKeyLocation.Query:
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
                break;
            case ApiKeyLocation.Cookie:
                if (!ApiRequest.IsToken(name) || value.Any(c => !IsCookieOctet(c)))
                {
                    throw new ApiConfigurationException(
                        $"The value of {scheme.Setting} cannot be sent as the cookie '{name}': a cookie value may hold only printable ASCII other than space, '\"', ',', ';' and '\\'. The request was not sent.");
                }

                cookies.Add(name + "=" + value);
                break;
            default:
                throw new InvalidOperationException("Unknown API key location.");
        }

        _secrets.Add(value);
    }

    private void AddBasic(ApiSecurityScheme scheme, BasicCredentials basic)
    {
        if (basic.UserName.Contains(':', StringComparison.Ordinal) || basic.UserName.Any(char.IsControl) || basic.Password.Any(char.IsControl))
        {
            throw new ApiConfigurationException(
                $"The user name or password of {scheme.Setting} cannot be sent: the user name must not contain ':', and neither may contain control characters. The request was not sent.");
        }

        string encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.UserName + ":" + basic.Password));
        AddHeader(scheme, "Authorization", "Basic " + encoded);
        _secrets.Add(encoded);
        if (basic.Password.Length > 0)
        {
            _secrets.Add(basic.Password);
        }
    }

    /// <summary>A header credential; its value is checked (printable ASCII, spaces and tabs inside) and its name must be free.</summary>
    private void AddHeader(ApiSecurityScheme scheme, string name, string value)
    {
        if (!ApiRequest.IsToken(name))
        {
            throw new ApiConfigurationException($"The header name of {scheme} is not a valid HTTP token; the request was not sent.");
        }

        foreach (char c in value)
        {
            if ((c < ' ' && c != '\t') || c >= '\u007f')
            {
                // Never the value: it is the secret.
                throw new ApiConfigurationException(
                    $"The value of {scheme.Setting} contains control or non-ASCII characters and cannot be sent in the header '{name}'; the request was not sent.");
            }
        }

        if (_headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiConfigurationException(
                $"Two credentials of the chosen security alternative go in the header '{name}' ({scheme} is the second); the request was not sent.");
        }

        _headers.Add(new KeyValuePair<string, string>(name, value));
    }

    private static async ValueTask<string> GetTokenAsync(ApiSecurityScheme scheme, ApiCredential credential, CancellationToken cancellationToken)
    {
        string? raw = credential.TokenProvider is { } provider
            ? await provider(cancellationToken).ConfigureAwait(false)
            : credential.Value;
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new ApiConfigurationException(
                string.Create(CultureInfo.InvariantCulture, $"The token provider of {scheme.Setting} returned an empty token; the request was not sent."));
        }

        string token = raw.Trim();
        foreach (char c in token)
        {
            if (c <= ' ' || c >= '\u007f')
            {
                throw new ApiConfigurationException(
                    $"The token of {scheme.Setting} contains whitespace, control or non-ASCII characters and cannot be sent as a bearer token; the request was not sent.");
            }
        }

        return token;
    }

    /// <summary>RFC 6265's cookie-octet: printable ASCII except space, '"', ',', ';' and '\'.</summary>
    private static bool IsCookieOctet(char c) => c is > ' ' and < '\u007f' and not ('"' or ',' or ';' or '\\');
}
