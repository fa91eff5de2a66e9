using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Diagnostics;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using Microsoft.OpenApi;
using JsonPointer = CallsGen.Generator.Naming.JsonPointer;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Reads the document's security schemes and each operation's <c>security</c> (an OR of AND-sets, the document's own
/// unless the operation gives one; an empty set makes credentials optional). A document whose requirements name only one
/// scheme, a bearer token (http bearer, OAuth 2 or OpenID Connect), keeps the bearer token of <c>ApiClientOptions.ApiKey</c>;
/// any other gets a credentials class with a property per scheme its generated operations use. What the client cannot send gets one located CG0006 per scheme.
/// </summary>
internal sealed class SecurityReader
{
    private const string SchemesPointer = "#/components/securitySchemes";

    private const string MutualTlsReason =
        "it is mutual TLS, which is set up on the HttpClient's handler (a client certificate in SocketsHttpHandler.SslOptions.ClientCertificates or HttpClientHandler.ClientCertificates) and passed to the client's constructor; the client itself sends nothing for it";

    private readonly ModelContext _context;
    private readonly Dictionary<string, SecuritySchemeSpec> _supported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _unsupported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly List<SecuritySchemeSpec> _schemes = new();
    private readonly string? _credentialsClass;

    public SecurityReader(ModelContext context)
    {
        _context = context;
        var schemes = context.Document.Components?.SecuritySchemes;
        if (schemes is null) return;
        var referenced = Referenced(context.Document).Where(schemes.ContainsKey).ToList();
        if (referenced.Count == 0 || (referenced.Count == 1 && IsBearerToken(schemes[referenced[0]]))) return;
        _credentialsClass = context.Names.Claim(context.Names.ClientName + "Credentials");
        var members = new NameScope(new[] { _credentialsClass, "GetCredentials", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize" });
        foreach (var pair in schemes)
        {
            if (pair.Value is null) continue;
            var spec = Classify(pair.Key, pair.Value, members);
            if (spec is null) continue;
            _supported[pair.Key] = spec;
            _schemes.Add(spec);
        }
    }

    /// <summary>
    /// The schemes some generated operation uses, and the credentials class; null when the document keeps the single bearer
    /// token or no operation uses a scheme. Read after the operations.
    /// </summary>
    public SecuritySpec? Spec => _credentialsClass is null || _used.Count == 0
        ? null
        : new SecuritySpec(_credentialsClass, _schemes.Where(s => _used.Contains(s.Name)).ToEquatableArray());

    /// <summary>Whether the operation sends the bearer token (single-bearer documents), and the credentials it sends (others).</summary>
    public (bool RequiresAuthentication, SecurityRequirementSpec? Security) Read(OperationSite site)
    {
        var requirements = site.Operation.Security ?? _context.Document.Security;
        var pointer = site.Operation.Security is null ? "#/security" : site.Pointer + "/security";
        if (_credentialsClass is null) return (SendsBearerToken(site, requirements, pointer), null);
        if (requirements is null || requirements.Count == 0) return (false, null);
        var optional = false;
        var alternatives = new List<SecurityAlternativeSpec>();
        foreach (var requirement in requirements)
        {
            var alternative = requirement.Count == 0 ? new SecurityAlternativeSpec(EquatableArray<string>.Empty) : Alternative(site, requirement, pointer);
            if (alternative is null) continue;
            if (alternative.Schemes.Count == 0) optional = true;
            else if (!alternatives.Contains(alternative)) alternatives.Add(alternative);
        }
        return alternatives.Count == 0 ? (false, null) : (true, new SecurityRequirementSpec(optional, alternatives.ToEquatableArray()));
    }

    /// <summary>The names of the schemes the document's requirements name (its own and every operation's), each once.</summary>
    private static IEnumerable<string> Referenced(OpenApiDocument document)
    {
        var lists = new List<IList<OpenApiSecurityRequirement>?> { document.Security };
        foreach (var path in document.Paths ?? new OpenApiPaths())
        {
            foreach (var operation in path.Value?.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()) lists.Add(operation.Security);
        }
        return lists.Where(l => l is not null).SelectMany(l => l!).SelectMany(r => r.Keys).Select(k => k.Reference?.Id).OfType<string>().Distinct(StringComparer.Ordinal);
    }

    private static bool IsBearerToken(IOpenApiSecurityScheme? scheme) =>
        scheme?.Type is SecuritySchemeType.OAuth2 or SecuritySchemeType.OpenIdConnect
        || (scheme?.Type == SecuritySchemeType.Http && string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase));

    /// <summary>The scheme as the client sends it, or null (its reason kept for CG0006, reported where an operation uses it).</summary>
    private SecuritySchemeSpec? Classify(string name, IOpenApiSecurityScheme scheme, NameScope members)
    {
        var property = Identifiers.ToPascalCase(name);
        switch (scheme.Type)
        {
            case SecuritySchemeType.ApiKey:
                return ApiKey(name, scheme, members.Claim(property));
            case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "basic", StringComparison.OrdinalIgnoreCase):
                return new SecuritySchemeSpec(name, members.Claim(property), null, SecurityKind.Basic, null, ApiKeyPlace.Header, "http basic", scheme.Description);
            case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase):
            case SecuritySchemeType.OAuth2:
            case SecuritySchemeType.OpenIdConnect:
                var token = members.Claim(property);
                var type = scheme.Type == SecuritySchemeType.Http
                    ? "http bearer" + (string.IsNullOrWhiteSpace(scheme.BearerFormat) ? string.Empty : " (" + scheme.BearerFormat!.Trim() + ")")
                    : scheme.Type == SecuritySchemeType.OAuth2 ? "oauth2" : "openIdConnect";
                return new SecuritySchemeSpec(name, token, members.Claim(token + "Provider"), SecurityKind.Bearer, null, ApiKeyPlace.Header, type, scheme.Description);
            case SecuritySchemeType.Http:
                _unsupported[name] = "its http scheme '" + scheme.Scheme + "' is not one the client sends (it sends basic and bearer); add it with your own HttpClient handler. Alternatives that need it are left out";
                return null;
            case SecuritySchemeType.MutualTLS:
                _unsupported[name] = MutualTlsReason;
                return null;
            case null:
                _unsupported[name] = "it has no type. Alternatives that need it are left out";
                return null;
        }
        throw new InvalidOperationException("Unknown security scheme type " + scheme.Type + ".");
    }

    private SecuritySchemeSpec? ApiKey(string name, IOpenApiSecurityScheme scheme, string property)
    {
        ApiKeyPlace? place = scheme.In switch
        {
            Microsoft.OpenApi.ParameterLocation.Header => ApiKeyPlace.Header,
            Microsoft.OpenApi.ParameterLocation.Query => ApiKeyPlace.Query,
            Microsoft.OpenApi.ParameterLocation.Cookie => ApiKeyPlace.Cookie,
            Microsoft.OpenApi.ParameterLocation.Path or null => null,
            _ => throw new InvalidOperationException("Unknown apiKey location " + scheme.In + "."),
        };
        string? problem = place is null ? "its apiKey is not in a header, query or cookie ('in' is " + (scheme.In?.ToString().ToLowerInvariant() ?? "missing") + ")"
            : string.IsNullOrEmpty(scheme.Name) ? "its apiKey has no 'name'"
            : place != ApiKeyPlace.Query && !IsToken(scheme.Name!) ? "its apiKey name '" + scheme.Name + "' is not a valid HTTP " + (place == ApiKeyPlace.Header ? "header" : "cookie") + " name"
            : null;
        if (problem is not null)
        {
            _unsupported[name] = problem + ". Alternatives that need it are left out";
            return null;
        }
        return new SecuritySchemeSpec(name, property, null, SecurityKind.ApiKey, scheme.Name, place!.Value, "apiKey", scheme.Description);
    }

    /// <summary>The schemes of one requirement the client sends; null when one cannot be sent (CG0006). Mutual TLS is left to the handler.</summary>
    private SecurityAlternativeSpec? Alternative(OperationSite site, OpenApiSecurityRequirement requirement, string pointer)
    {
        var names = new List<string>();
        var usable = true;
        foreach (var key in requirement.Keys)
        {
            var id = key.Reference?.Id ?? "?";
            if (_supported.ContainsKey(id))
            {
                if (!names.Contains(id)) names.Add(id);
                _used.Add(id);
                continue;
            }
            var defined = _unsupported.TryGetValue(id, out var reason);
            Report(site, id, defined ? JsonPointer.Append(SchemesPointer, id) : pointer, reason ?? "it is not defined under components/securitySchemes. Alternatives that need it are left out");
            if (key.Type != SecuritySchemeType.MutualTLS) usable = false;
        }
        return usable ? new SecurityAlternativeSpec(names.ToEquatableArray()) : null;
    }

    /// <summary>
    /// A single-bearer document: the operation sends the token when any alternative is http bearer, OAuth 2 or OpenID
    /// Connect, unless an earlier one is empty. A scheme that is none of those (an undefined one) gets CG0006.
    /// </summary>
    private bool SendsBearerToken(OperationSite site, IList<OpenApiSecurityRequirement>? requirements, string pointer)
    {
        if (requirements is null || requirements.Count == 0) return false;
        var unsupported = new List<string>();
        foreach (var requirement in requirements)
        {
            if (requirement.Count == 0) return false; // "{}" makes authentication optional.
            foreach (var scheme in requirement.Keys)
            {
                if (IsBearerToken(scheme)) return true;
                unsupported.Add(scheme.Reference?.Id ?? scheme.Type?.ToString() ?? "?");
            }
        }
        foreach (var scheme in unsupported.Distinct())
        {
            Report(site, scheme, pointer, "it is not defined under components/securitySchemes; the operation is generated without credentials");
        }
        return false;
    }

    private void Report(OperationSite site, string scheme, string pointer, string reason)
    {
        if (_reported.Add(scheme)) _context.Report(Descriptors.UnsupportedSecurity, pointer, site.Display, scheme, reason);
    }

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0));
}
