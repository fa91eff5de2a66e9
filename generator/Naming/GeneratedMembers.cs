using System.Collections.Generic;

namespace CallsGen.Generator.Naming;

/// <summary>
/// The names the emitter writes into generated code that are not the document's: the members every generated
/// record, enum, union and client declares, and the affixes of generated names. The model builder reserves them
/// (a property, enum member or type named like one would not compile, CS0542/CS0102) and the emitter writes them,
/// both from here, so the two sides cannot drift apart.
/// </summary>
internal static class GeneratedMembers
{
    // ---- members of generated types -------------------------------------------------------

    /// <summary>A record's bag of the JSON properties it does not declare.</summary>
    public const string AdditionalProperties = "AdditionalProperties";

    /// <summary>An enum's wire text; a union's decoded variant.</summary>
    public const string Value = "Value";

    /// <summary>An enum: whether its value is one the document lists.</summary>
    public const string IsKnown = "IsKnown";

    /// <summary>An enum: the values the document lists, as instances.</summary>
    public const string KnownValues = "KnownValues";

    /// <summary>An enum: the wire texts the document lists (internal).</summary>
    public const string WireValues = "WireValues";

    /// <summary>A union: the JSON as received when no variant was decoded.</summary>
    public const string RawJson = "RawJson";

    /// <summary>A union: whether no variant was decoded.</summary>
    public const string IsUnknown = "IsUnknown";

    /// <summary>A union: keeps a JSON value without decoding it.</summary>
    public const string FromJson = "FromJson";

    /// <summary>A union: wraps a raw value (internal).</summary>
    public const string FromRaw = "FromRaw";

    /// <summary>A union: the raw value, when it holds one (internal).</summary>
    public const string GetRawValue = "GetRawValue";

    /// <summary>Not a member itself: a variant named so would get the accessor <see cref="IsPrefix"/> + it, <see cref="IsUnknown"/>.</summary>
    public const string Unknown = "Unknown";

    /// <summary>Reserved on unions since the first version, though no union declares it: kept so that generated names stay stable.</summary>
    public const string Discriminator = "Discriminator";

    /// <summary>The client: releases its connection.</summary>
    public const string Dispose = "Dispose";

    /// <summary>Reserved on the client, though it declares no such member: kept so that generated names stay stable.</summary>
    public const string Options = "Options";

    // ---- affixes of generated names -------------------------------------------------------------

    /// <summary>Every client method is written as its name plus this (the model holds the name without it).</summary>
    public const string AsyncSuffix = "Async";

    /// <summary>The client's JSON support class is named after the client plus this.</summary>
    public const string JsonClassSuffix = "Json";

    /// <summary>The dependency-injection extension class is named after the client plus this.</summary>
    public const string ServiceCollectionExtensionsSuffix = "ServiceCollectionExtensions";

    /// <summary>A union's property that says it holds a variant: this plus the variant's member name.</summary>
    public const string IsPrefix = "Is";

    /// <summary>A union's method that gives the variant it holds: this plus the variant's member name.</summary>
    public const string TryGetPrefix = "TryGet";

    /// <summary>A union's method that reads a raw value with one variant's shape: this plus the variant's member name.</summary>
    public const string TryReadAsPrefix = "TryReadAs";

    /// <summary>The client's constant holding the document's server.</summary>
    public const string DefaultServer = "DefaultServer";

    // ---- the reserved lists ---------------------------------------------------------------------

    /// <summary>Members every generated record has (its own, and those C# gives a record and every object).</summary>
    public static readonly IReadOnlyList<string> Record = new[]
    {
        AdditionalProperties, "Clone", "EqualityContract", "Equals", "GetHashCode", "ToString", "PrintMembers", "GetType", "Deconstruct", "MemberwiseClone", "Finalize",
    };

    /// <summary>Members every generated enum has.</summary>
    public static readonly IReadOnlyList<string> Enum = new[]
    {
        Value, IsKnown, "Equals", "GetHashCode", "ToString", "GetType", KnownValues, WireValues,
    };

    /// <summary>Members every C# enum has (an integer enum's members may not hide them), and the field that holds its value.</summary>
    public static readonly IReadOnlyList<string> IntegerEnum = new[]
    {
        "value__", "Equals", "GetHashCode", "ToString", "GetType", "HasFlag", "CompareTo", "GetTypeCode", "MemberwiseClone", "Finalize",
    };

    /// <summary>Members every generated union has.</summary>
    public static readonly IReadOnlyList<string> Union = new[]
    {
        Unknown, Value, Discriminator, RawJson, IsUnknown, "Equals", "GetHashCode", "ToString", "GetType", FromRaw, GetRawValue,
    };

    /// <summary>Members the generated client has besides its operations.</summary>
    public static readonly IReadOnlyList<string> Client = new[]
    {
        Dispose, Options, "Equals", "GetHashCode", "ToString", "GetType",
    };

    /// <summary>
    /// Every member some generated type declares: no generated type may be named like one, since a type may not
    /// declare a member with its own name (CS0542).
    /// </summary>
    public static IEnumerable<string> AllTypeMembers()
    {
        foreach (var name in Record) yield return name;
        foreach (var name in Enum) yield return name;
        foreach (var name in Union) yield return name;
        yield return FromJson;
    }
}
