using System;
using System.Collections.Generic;
using System.Linq;

namespace CallsGen.Runtime;

/// <summary>
/// The credentials of a generated client, one settable property per security scheme of its document; a generated class
/// (for example <c>PetsClientCredentials</c>) derives from this. Set it as <see cref="ApiClientOptions.Credentials"/>.
/// <see cref="ToString"/> names the schemes that are configured, never a secret.
/// </summary>
public abstract class ApiCredentials
{
    /// <summary>The credential of each scheme of the document; <see langword="null"/> for a scheme that has none set.</summary>
    /// <returns>The credentials, at most one per scheme.</returns>
    protected abstract IEnumerable<ApiCredential?> GetCredentials();

    /// <summary>Describes the credentials: which schemes have one, never their values.</summary>
    /// <returns>The description, for example <c>PetsClientCredentials { 'petKey' = [REDACTED] }</c>.</returns>
    public override string ToString()
    {
        string configured = string.Join(", ", Snapshot().Values.OrderBy(c => c.Scheme, StringComparer.Ordinal));
        return GetType().Name + " { " + (configured.Length == 0 ? "(none)" : configured) + " }";
    }

    /// <summary>The credentials configured now, by scheme name; later changes to this object do not change the result.</summary>
    internal IReadOnlyDictionary<string, ApiCredential> Snapshot()
    {
        var result = new Dictionary<string, ApiCredential>(StringComparer.Ordinal);
        foreach (ApiCredential? credential in GetCredentials() ?? [])
        {
            if (credential is not null)
            {
                result[credential.Scheme] = credential;
            }
        }

        return result;
    }
}
