using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CallsGen.Generator.Model;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Reading;

/// <summary>
/// Paging without a cursor: a list of objects with a required date-time property P and a string id, whose
/// operation takes a <c>limit</c> and a <c>{P}Le</c> (or <c>{P}Lt</c>) query parameter, can be walked page by
/// page, each request bounding P by the last item's. <c>createdAt</c> is preferred when several properties qualify.
/// </summary>
internal static class Paging
{
    /// <summary>A list operation: its method name, the type of its items and its parameters.</summary>
    public sealed record Candidate(string MethodName, TypeRef Item, IReadOnlyList<ParameterSpec> Parameters);

    /// <summary>How to walk every page of <paramref name="candidate"/>, or null; the walking method's names are claimed in <paramref name="members"/>.</summary>
    public static PagingSpec? Detect(Candidate candidate, NameScope members, IReadOnlyDictionary<string, TypeSpec> types)
    {
        if (candidate.Item.Kind != TypeKind.Named) return null;
        var item = types.TryGetValue(candidate.Item.Name!, out var found) && found.Kind == TypeSpecKind.Object ? found : null;
        var id = item?.Properties.FirstOrDefault(p => p.WireName == "id" && p.Type.Kind == TypeKind.String && p.Required && !p.Nullable);
        var limit = candidate.Parameters.FirstOrDefault(p => p.WireName == "limit" && p.Location == ParameterLocation.Query && p.Type.Kind is TypeKind.Int64 or TypeKind.Double);
        if (item is null || id is null || limit is null) return null;

        var timestamps = item.Properties
            .Where(p => p.Required && !p.Nullable && p.Type.Kind == TypeKind.DateTimeOffset)
            .OrderBy(p => p.WireName == "createdAt" ? 0 : 1);
        foreach (var timestamp in timestamps)
        {
            var bound = Bound(candidate.Parameters, timestamp.WireName + "Le") ?? Bound(candidate.Parameters, timestamp.WireName + "Lt");
            if (bound is null) continue;

            var max = double.TryParse(limit.Maximum, NumberStyles.Float, CultureInfo.InvariantCulture, out var maximum) && maximum >= 1
                ? (int)Math.Min(maximum, 10000)
                : 1000;
            var name = members.Claim(MethodNameFor(candidate.MethodName));
            members.Claim(name + GeneratedMembers.AsyncSuffix);
            return new PagingSpec(name, timestamp.Name, id.Name, bound.Name, bound.WireName.EndsWith("Le", StringComparison.Ordinal), limit.Name, Math.Min(100, max), max);
        }
        return null;
    }

    private static ParameterSpec? Bound(IReadOnlyList<ParameterSpec> parameters, string wireName) =>
        parameters.FirstOrDefault(p => p.WireName == wireName && p.Location == ParameterLocation.Query && p.Type.Kind == TypeKind.DateTimeOffset);

    /// <summary>"ListCalls" walks as "ListAllCalls"; any other name gets "All" after it.</summary>
    private static string MethodNameFor(string methodName) =>
        methodName.StartsWith("List", StringComparison.Ordinal) && methodName.Length > 4 ? "ListAll" + methodName.Substring(4) : methodName + "All";
}
