using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>
/// Security for a document whose schemes are not just one bearer token: the credentials class with a property per scheme,
/// the client's table of schemes and of the operations' requirements, and the requirement each request carries.
/// </summary>
internal sealed partial class Emitter
{
    private const string ApiSecurity = Runtime + ".ApiSecurity";
    private const string ApiSecurityScheme = Runtime + ".ApiSecurityScheme";
    private const string ApiCredential = Runtime + ".ApiCredential";
    private const string TokenProvider = "global::System.Func<global::System.Threading.CancellationToken, global::System.Threading.Tasks.ValueTask<string>>";

    private Dictionary<SecurityRequirementSpec, string>? _requirementFields;

    /// <summary>The fields holding each distinct requirement, in the order operations first use them; names start with "__".</summary>
    private Dictionary<SecurityRequirementSpec, string> RequirementFields()
    {
        if (_requirementFields is not null) return _requirementFields;
        _requirementFields = new Dictionary<SecurityRequirementSpec, string>();
        foreach (var operation in _spec.Operations)
        {
            if (operation.Security is { } security && !_requirementFields.ContainsKey(security))
            {
                _requirementFields[security] = "__security" + Number(_requirementFields.Count);
            }
        }
        return _requirementFields;
    }

    private static string SchemeField(int index) => "__scheme" + Number(index);

    /// <summary>The <c>ApiRequest</c> member that carries the operation's requirement, or null when it has none.</summary>
    private string? SecurityMember(OperationSpec operation) =>
        operation.Security is { } security ? "Security = " + RequirementFields()[security] + "," : null;

    /// <summary>The client's static table: one field per scheme, then one per distinct requirement (schemes first, so they are set).</summary>
    private void EmitSecurityFields(SourceWriter writer)
    {
        if (_spec.Security is not { } spec) return;
        writer.Line();
        for (var i = 0; i < spec.Schemes.Count; i++)
        {
            writer.Line("private static readonly " + ApiSecurityScheme + " " + SchemeField(i) + " = " + SchemeExpression(spec, spec.Schemes[i]) + ";");
        }
        var index = spec.Schemes.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => SchemeField(p.i), StringComparer.Ordinal);
        foreach (var pair in RequirementFields())
        {
            var alternatives = pair.Key.Alternatives.Select(a => ", [" + string.Join(", ", a.Schemes.Select(s => index[s])) + "]");
            writer.Line("private static readonly " + ApiSecurity + " " + pair.Value + " = new " + ApiSecurity + "(" + (pair.Key.Optional ? "true" : "false") + string.Concat(alternatives) + ");");
        }
    }

    private static string SchemeExpression(SecuritySpec spec, SecuritySchemeSpec scheme)
    {
        var setting = spec.CredentialsClassName + "." + scheme.PropertyName + (scheme.ProviderPropertyName is { } provider ? " (or " + provider + ")" : string.Empty);
        return scheme.Kind switch
        {
            SecurityKind.ApiKey => ApiSecurityScheme + ".ApiKey(" + Literal(scheme.Name) + ", " + Literal(scheme.ParameterName!) + ", " + Runtime + ".ApiKeyLocation." + scheme.Place + ", " + Literal(setting) + ")",
            SecurityKind.Basic => ApiSecurityScheme + ".Basic(" + Literal(scheme.Name) + ", " + Literal(setting) + ")",
            SecurityKind.Bearer => ApiSecurityScheme + ".Bearer(" + Literal(scheme.Name) + ", " + Literal(setting) + ")",
            _ => throw new InvalidOperationException("Unknown security kind " + scheme.Kind + "."),
        };
    }

    /// <summary>The credentials class, beside the client.</summary>
    private void EmitCredentials(SourceWriter writer)
    {
        if (_spec.Security is not { } spec) return;
        writer.Line();
        writer.Write($$"""
            /// <summary>
            /// The credentials of <see cref="{{_spec.ClientName}}"/>, one property per security scheme of its document; set an instance as
            /// <see cref="{{ApiClientOptions}}.Credentials"/>. Each operation sends the first of its alternatives whose credentials are
            /// all set, only to the client's base address; they are never written into exceptions or <c>ToString()</c>.
            /// </summary>
            public sealed class {{spec.CredentialsClassName}} : {{Runtime}}.ApiCredentials
            {
            """);
        writer.Indent();
        foreach (var scheme in spec.Schemes)
        {
            EmitCredentialProperties(writer, scheme);
            writer.Line();
        }
        writer.Line("/// <inheritdoc/>");
        writer.Line("protected override global::System.Collections.Generic.IEnumerable<" + ApiCredential + "?> GetCredentials() =>");
        writer.Line("[");
        foreach (var scheme in spec.Schemes) writer.Line("    " + CredentialExpression(scheme) + ",");
        writer.Line("];");
        writer.Close();
    }

    private static void EmitCredentialProperties(SourceWriter writer, SecuritySchemeSpec scheme)
    {
        var what = scheme.Kind switch
        {
            SecurityKind.ApiKey => "the whole value of the " + PlaceText(scheme.Place) + " <c>" + XmlText(scheme.ParameterName!) + "</c>, sent as given",
            SecurityKind.Basic => "the user name and password, sent as <c>Authorization: Basic</c> and the Base64 of their UTF-8 <c>user:password</c>",
            SecurityKind.Bearer => "the token, sent as <c>Authorization: Bearer</c>",
            _ => throw new InvalidOperationException("Unknown security kind " + scheme.Kind + "."),
        };
        var of = " of the " + XmlText(scheme.DocumentType) + " scheme '" + XmlText(scheme.Name) + "'";
        DocLines(writer, "For the " + XmlText(scheme.DocumentType) + " scheme '" + XmlText(scheme.Name) + "': " + what + ".", scheme.Description);
        var type = scheme.Kind == SecurityKind.Basic ? Runtime + ".BasicCredentials?" : "string?";
        writer.Line("public " + type + " " + scheme.PropertyName + " { get; set; }");
        if (scheme.ProviderPropertyName is not { } provider) return;
        writer.Line();
        DocLines(writer, "Supplies the token" + of + ", once per call; used instead of <see cref=\"" + scheme.PropertyName + "\"/> when set.", null);
        writer.Line("public " + TokenProvider + "? " + provider + " { get; set; }");
    }

    private static string PlaceText(ApiKeyPlace place) => place switch
    {
        ApiKeyPlace.Header => "header",
        ApiKeyPlace.Query => "query parameter",
        ApiKeyPlace.Cookie => "cookie",
        _ => throw new InvalidOperationException("Unknown API key place " + place + "."),
    };

    /// <summary>A name from the document on one line of XML documentation, escaped.</summary>
    private static string XmlText(string text) => string.Join(" ", CSharpText.XmlDocLines(text));

    /// <summary>A summary whose first line is generated text (already XML) and whose rest is the document's description, escaped.</summary>
    private static void DocLines(SourceWriter writer, string first, string? description)
    {
        writer.Line("/// <summary>");
        writer.Line("/// " + first);
        foreach (var line in CSharpText.XmlDocLines(description)) writer.Line("/// " + line);
        writer.Line("/// </summary>");
    }

    private static string CredentialExpression(SecuritySchemeSpec scheme) => scheme.Kind switch
    {
        SecurityKind.ApiKey => ApiCredential + ".FromApiKey(" + Literal(scheme.Name) + ", " + scheme.PropertyName + ")",
        SecurityKind.Basic => ApiCredential + ".FromBasic(" + Literal(scheme.Name) + ", " + scheme.PropertyName + ")",
        SecurityKind.Bearer => ApiCredential + ".FromBearer(" + Literal(scheme.Name) + ", " + scheme.PropertyName + ", " + scheme.ProviderPropertyName + ")",
        _ => throw new InvalidOperationException("Unknown security kind " + scheme.Kind + "."),
    };
}
