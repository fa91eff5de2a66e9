using System;
using System.Collections.Generic;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;
using static CallsGen.Generator.Emitting.Names;

namespace CallsGen.Generator.Emitting;

/// <summary>The client class: its constructors, a file per tag of operations, and the request records beside them.</summary>
internal sealed partial class Emitter
{
    private string EmitClient()
    {
        var writer = Header();
        writer.Open("namespace " + _spec.Namespace);
        var client = _spec.ClientName;
        Doc(writer, "A client for " + (_spec.Title ?? "the API") + ", generated from its OpenAPI document.");
        writer.Write($$"""
            public sealed partial class {{client}} : global::System.IDisposable
            {
                /// <summary>The server the document names; used when the options give no base address.</summary>
                public const string DefaultServer = {{Literal(_spec.DefaultServer)}};

                private readonly {{ApiConnection}} _connection;

                /// <summary>Creates a client that owns its HTTP connection.</summary>
                public {{client}}({{ApiClientOptions}} options)
                    : this(options, null)
                {
                }

                /// <summary>Creates a client over <paramref name="httpClient"/>, which stays the caller's to dispose; null makes the client own one.</summary>
                public {{client}}({{ApiClientOptions}} options, global::System.Net.Http.HttpClient? httpClient)
                {
                    if (options is null) throw new {{Names.ArgumentNullException}}(nameof(options));
                    var baseAddress = options.BaseAddress ?? (DefaultServer.Length > 0 ? new global::System.Uri(DefaultServer) : throw new {{Names.ArgumentException}}("The document names no server: set ApiClientOptions.BaseAddress.", nameof(options)));
                    _connection = new {{ApiConnection}}(options, baseAddress, httpClient);
                }

                /// <summary>Releases the HTTP connection if the client owns it.</summary>
                public void Dispose() => _connection.Dispose();
            """);
        writer.Indent();
        EmitSecurityFields(writer);
        var untagged = _spec.Operations.Where(o => o.Tag is null).ToList();
        EmitOperations(writer, untagged);
        writer.Close();
        EmitRequestTypes(writer, untagged);
        EmitCredentials(writer);
        writer.Close();
        return writer.ToString();
    }

    /// <summary>
    /// The operations of each tag in a file of their own (the client is one partial class), so a large
    /// API reads by area: "Calls" operations in <c>VapiClient.Calls.g.cs</c>. Untagged ones stay with the constructor.
    /// </summary>
    private IEnumerable<(string Group, string Source)> EmitClientGroups()
    {
        foreach (var group in _spec.Operations.Where(o => o.Tag is not null).GroupBy(o => o.Tag!, StringComparer.Ordinal))
        {
            var writer = Header();
            writer.Open("namespace " + _spec.Namespace);
            writer.Open("public sealed partial class " + _spec.ClientName);
            EmitOperations(writer, group.ToList(), leadingBlank: false);
            writer.Close();
            EmitRequestTypes(writer, group.ToList());
            writer.Close();
            yield return (Identifiers.ToPascalCase(group.Key), writer.ToString());
        }
    }

    private void EmitOperations(SourceWriter writer, List<OperationSpec> operations, bool leadingBlank = true)
    {
        foreach (var operation in operations)
        {
            if (leadingBlank) writer.Line();
            leadingBlank = true;
            EmitOperation(writer, operation, stream: false);
            EmitOtherBodies(writer, operation);
            EmitWithHeaders(writer, operation);
            if (operation.StreamMethodName is not null)
            {
                writer.Line();
                EmitOperation(writer, operation, stream: true);
            }
            if (operation.Paging is not null)
            {
                writer.Line();
                EmitPaging(writer, operation, operation.Paging);
            }
        }
    }

    /// <summary>The request records of <paramref name="operations"/>, written beside the client class.</summary>
    private void EmitRequestTypes(SourceWriter writer, List<OperationSpec> operations)
    {
        foreach (var operation in operations.Where(o => o.RequestTypeName is not null))
        {
            writer.Line();
            EmitRequestType(writer, operation);
        }
        EmitPartsTypes(writer, operations);
        EmitResultTypes(writer, operations);
    }

    private void EmitRequestType(SourceWriter writer, OperationSpec operation)
    {
        writer.Write($$"""
            /// <summary>The parameters of <see cref="{{_spec.ClientName}}.{{operation.MethodName}}Async"/>; a record, so a new optional parameter in a later document does not break callers.</summary>
            public sealed partial record {{operation.RequestTypeName}}
            {
            """);
        writer.Indent();
        var first = true;
        foreach (var parameter in operation.Parameters.Where(p => p.Location != ParameterLocation.Path))
        {
            if (!first) writer.Line();
            first = false;
            Doc(writer, parameter.Description);
            Obsolete(writer, parameter.Deprecated, parameter.Required);
            writer.Line("public " + (parameter.Required ? "required " : string.Empty) + TypeName(parameter.Type) + (parameter.Required ? string.Empty : "?") + " " + parameter.Name + " { get; init; }");
        }
        writer.Close();
    }
}
