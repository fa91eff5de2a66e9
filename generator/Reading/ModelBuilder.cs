using System;
using System.Linq;
using CallsGen.Generator.Model;
using Microsoft.OpenApi;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Walks a parsed document from its selected operations and builds the model: only the schemas reachable from
/// those operations become types. This class holds the document-level facts (client name, default server) and
/// puts the parts together: <see cref="OperationReader"/> (operations and parameters), <see cref="SchemaMapper"/>
/// (schemas), <see cref="UnionBuilder"/> (unions), <see cref="ModelNames"/> (names), <see cref="SchemaFacts"/>.
/// </summary>
internal sealed class ModelBuilder
{
    private readonly ModelContext _context;

    public ModelBuilder(SpecReader reader, OpenApiDocument document) => _context = new ModelContext(reader, document);

    public ApiSpec Build()
    {
        var operations = new OperationReader(_context, new SchemaMapper(_context)).ReadAll();
        return new ApiSpec(
            _context.Input.Path,
            _context.Input.Namespace,
            _context.Names.ClientName,
            _context.Document.Info?.Title,
            DefaultServer(_context.Document),
            operations.ToEquatableArray(),
            _context.Types.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray())
        {
            Security = _context.Security.Spec,
        };
    }

    /// <summary>The first server's URL with its variables' defaults, when that makes an absolute URL; else empty.</summary>
    private static string DefaultServer(OpenApiDocument document)
    {
        var server = document.Servers?.FirstOrDefault();
        if (server?.Url is not { Length: > 0 } url) return string.Empty;
        if (server.Variables is not null)
        {
            foreach (var variable in server.Variables)
            {
                url = url.Replace("{" + variable.Key + "}", variable.Value.Default ?? string.Empty);
            }
        }
        return Uri.TryCreate(url, UriKind.Absolute, out _) ? url : string.Empty;
    }
}
