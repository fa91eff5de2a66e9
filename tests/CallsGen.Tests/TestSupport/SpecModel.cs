using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CallsGen.Tests.TestSupport;

/// <summary>Reads documents with Microsoft.OpenApi independently of the generator, for expected values.</summary>
internal static class SpecModel
{
    public static OpenApiDocument Read(string path)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var format = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "yaml";
        var result = OpenApiDocument.Parse(File.ReadAllText(path), format, settings);
        return result.Document ?? throw new InvalidOperationException("Cannot read " + path);
    }

    public static IReadOnlyList<string> CallPropertyNames(OpenApiDocument document) =>
        document.Components!.Schemas!["Call"].Properties!.Keys.ToList();

    /// <summary>The distinct string values of Call.endedReason, in document order.</summary>
    public static IReadOnlyList<string> DistinctEndedReasons(OpenApiDocument document)
    {
        var schema = document.Components!.Schemas!["Call"].Properties!["endedReason"];
        return schema.Enum!.Where(n => n is not null && n.GetValueKind() == JsonValueKind.String)
            .Select(n => n!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
    }
}
