// The Overlay Specification document model (1.0.x, and 1.1.x with its copy action) read from an
// already parsed JsonNode (the caller turns JSON or YAML text into one). Reading never throws: each
// deviation from the specification becomes an OverlayProblem pointing into the overlay document,
// actions that cannot be carried out are left out (the others are kept), and Read returns null only
// when nothing can be applied (not an object, unsupported or missing version, no actions).

using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Overlays;

/// <summary>An overlay: its version, info, <c>extends</c> and the actions that can be applied, in order.</summary>
internal sealed class OverlayDocument
{
    // The major.minor of the version designates the feature set; the patch is ignored (Overlay 1.1.0 "Versions").
    private static readonly Regex SupportedVersion = new(@"^1\.([01])\.(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant);

    private OverlayDocument(string version, int minorVersion, string? title, string? infoVersion, string? extends, IReadOnlyList<OverlayAction> actions)
    {
        Version = version;
        MinorVersion = minorVersion;
        Title = title;
        InfoVersion = infoVersion;
        Extends = extends;
        Actions = actions;
    }

    /// <summary>The <c>overlay</c> field, e.g. "1.0.0".</summary>
    public string Version { get; }

    /// <summary>0 for 1.0.x, 1 for 1.1.x.</summary>
    public int MinorVersion { get; }

    public string? Title { get; }

    /// <summary>The overlay's own version (<c>info.version</c>).</summary>
    public string? InfoVersion { get; }

    /// <summary>The URI reference of the document the overlay was written for, when given.</summary>
    public string? Extends { get; }

    /// <summary>The usable actions in document order; each knows its index in the overlay's <c>actions</c>.</summary>
    public IReadOnlyList<OverlayAction> Actions { get; }

    /// <summary>Reads an overlay; problems are added to <paramref name="problems"/>. Null when nothing can be applied.</summary>
    public static OverlayDocument? Read(JsonNode? root, List<OverlayProblem> problems)
    {
        if (root is not JsonObject document)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "an overlay document must be an object with overlay, info and actions", ""));
            return null;
        }
        if (!TryReadVersion(document, problems, out var version, out var minor)) return null;
        var (title, infoVersion) = ReadInfo(document, minor, problems);
        var extends = ReadExtends(document, problems);
        ReportUnknownFields(document, "", RootFields, minor, problems);
        var actionList = FindActionList(document, problems);
        return actionList is null ? null : new OverlayDocument(version, minor, title, infoVersion, extends, ReadActions(actionList, minor, problems));
    }

    /// <summary>The <c>overlay</c> version and its minor number; false, reported, when it is missing, not a string or not 1.0.x or 1.1.x.</summary>
    private static bool TryReadVersion(JsonObject document, List<OverlayProblem> problems, out string version, out int minor)
    {
        version = "";
        minor = 0;
        if (!document.TryGetPropertyValue("overlay", out var versionNode))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "the overlay document has no 'overlay' field giving its version (e.g. overlay: 1.0.0)", ""));
            return false;
        }
        var text = JsonValues.GetString(versionNode);
        if (text is null)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "'overlay' must be a version string such as \"1.0.0\" (quote it in YAML)", "/overlay"));
            return false;
        }
        var versionMatch = SupportedVersion.Match(text);
        if (!versionMatch.Success)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.UnsupportedVersion, OverlaySeverity.Error, "overlay version '" + text + "' is not supported; this tool applies Overlay 1.0.x and 1.1.x", "/overlay"));
            return false;
        }
        version = text;
        minor = versionMatch.Groups[1].Value == "1" ? 1 : 0;
        return true;
    }

    /// <summary>The <c>info</c> title and version; what is missing or malformed is reported as a warning, as the overlay still applies.</summary>
    private static (string? Title, string? Version) ReadInfo(JsonObject document, int minor, List<OverlayProblem> problems)
    {
        if (!document.TryGetPropertyValue("info", out var infoNode))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, "the overlay document has no 'info' (with title and version), which the specification requires", ""));
            return (null, null);
        }
        if (infoNode is not JsonObject info)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, "'info' must be an object with title and version", "/info"));
            return (null, null);
        }
        var title = RequiredString(info, "title", "/info", problems);
        var version = RequiredString(info, "version", "/info", problems);
        OptionalString(info, "description", "/info", problems);
        ReportUnknownFields(info, "/info", minor >= 1 ? InfoFields11 : InfoFields10, minor, problems);
        return (title, version);
    }

    /// <summary>The optional <c>extends</c> URI reference; one that is not a string is reported and ignored.</summary>
    private static string? ReadExtends(JsonObject document, List<OverlayProblem> problems)
    {
        if (!document.TryGetPropertyValue("extends", out var extendsNode)) return null;
        var extends = JsonValues.GetString(extendsNode);
        if (extends is null) problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, "'extends' must be a URI reference string; it is ignored", "/extends"));
        return extends;
    }

    /// <summary>The <c>actions</c> list; null, reported, when it is missing, not a list or empty.</summary>
    private static JsonArray? FindActionList(JsonObject document, List<OverlayProblem> problems)
    {
        if (!document.TryGetPropertyValue("actions", out var actionsNode))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "the overlay document has no 'actions'; it needs a list of at least one action", ""));
            return null;
        }
        if (actionsNode is not JsonArray actionArray)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "'actions' must be a list of actions", "/actions"));
            return null;
        }
        if (actionArray.Count == 0)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, "'actions' is empty; the specification requires at least one action", "/actions"));
            return null;
        }
        return actionArray;
    }

    /// <summary>The usable actions, in order; each of the others is reported and left out.</summary>
    private static List<OverlayAction> ReadActions(JsonArray actionArray, int minor, List<OverlayProblem> problems)
    {
        var actions = new List<OverlayAction>();
        for (var i = 0; i < actionArray.Count; i++)
        {
            var action = OverlayAction.Read(actionArray[i], i, minor, problems);
            if (action is not null) actions.Add(action);
        }
        return actions;
    }

    private static readonly string[] RootFields = { "overlay", "info", "extends", "actions" };

    private static readonly string[] InfoFields10 = { "title", "version" };

    private static readonly string[] InfoFields11 = { "title", "version", "description" };

    private static string? RequiredString(JsonObject owner, string field, string ownerPointer, List<OverlayProblem> problems)
    {
        if (!owner.ContainsKey(field))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, "'info' has no '" + field + "', which the specification requires", ownerPointer));
            return null;
        }
        return OptionalString(owner, field, ownerPointer, problems);
    }

    private static string? OptionalString(JsonObject owner, string field, string ownerPointer, List<OverlayProblem> problems)
    {
        if (!owner.TryGetPropertyValue(field, out var node)) return null;
        var text = JsonValues.GetString(node);
        if (text is null) problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, "'" + field + "' must be a string", ownerPointer + "/" + JsonPointer.Escape(field)));
        return text;
    }

    /// <summary>Fields that are neither defined here nor extensions (x-...): reported, and otherwise ignored.</summary>
    internal static void ReportUnknownFields(JsonObject owner, string ownerPointer, string[] known, int minorVersion, List<OverlayProblem> problems)
    {
        foreach (var member in owner)
        {
            if (member.Key.StartsWith("x-", System.StringComparison.Ordinal) || System.Array.IndexOf(known, member.Key) >= 0) continue;
            var where = ownerPointer.Length == 0 ? "the overlay document" : "'" + ownerPointer.Substring(ownerPointer.LastIndexOf('/') + 1) + "'";
            if (ownerPointer.StartsWith("/actions/", System.StringComparison.Ordinal)) where = "action " + ActionNumber(ownerPointer);
            var message = "unknown field '" + member.Key + "' in " + where + " is ignored; only the specification's fields and extensions starting with x- are allowed";
            if (member.Key == "copy" || member.Key == "description" && ownerPointer == "/info")
            {
                message = "'" + member.Key + "' is an Overlay 1.1 field, but this overlay declares version 1." + minorVersion.ToString(CultureInfo.InvariantCulture) + "; declare overlay: 1.1.0";
            }
            problems.Add(new OverlayProblem(OverlayProblemKind.UnknownField, OverlaySeverity.Warning, message, ownerPointer + "/" + JsonPointer.Escape(member.Key)));
        }
    }

    private static string ActionNumber(string pointer)
    {
        var index = pointer.Substring("/actions/".Length);
        var slash = index.IndexOf('/');
        if (slash >= 0) index = index.Substring(0, slash);
        return int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (value + 1).ToString(CultureInfo.InvariantCulture) : index;
    }
}

/// <summary>
/// One usable action. <see cref="Remove"/> wins over <see cref="Update"/> and <see cref="Copy"/>; otherwise
/// exactly one of <see cref="HasUpdate"/> and <see cref="Copy"/> is set (see <see cref="Read"/>).
/// </summary>
internal sealed class OverlayAction
{
    private static readonly string[] Fields10 = { "target", "description", "update", "remove" };

    private static readonly string[] Fields11 = { "target", "description", "update", "remove", "copy" };

    private OverlayAction(int index, string target, JsonPathQuery query, string? description, Effect effect)
    {
        Index = index;
        Target = target;
        Query = query;
        Description = description;
        HasUpdate = effect.HasUpdate;
        Update = effect.Update;
        Remove = effect.Remove;
        Copy = effect.Copy;
        CopyQuery = effect.CopyQuery;
    }

    /// <summary>The zero-based position in the overlay's <c>actions</c>.</summary>
    public int Index { get; }

    /// <summary>The JSON pointer of the action in the overlay document, e.g. "/actions/2".</summary>
    public string Pointer => "/actions/" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>How messages name the action: its one-based number and its target.</summary>
    public string Label => Describe(Index, Target);

    public string Target { get; }

    public JsonPathQuery Query { get; }

    public string? Description { get; }

    /// <summary>Whether the action has an <c>update</c> field (its value may be JSON null).</summary>
    public bool HasUpdate { get; }

    /// <summary>The <c>update</c> value; C# null is JSON null. The overlay's own node: clone it before inserting it anywhere.</summary>
    public JsonNode? Update { get; }

    public bool Remove { get; }

    /// <summary>The <c>copy</c> query text (Overlay 1.1), when given.</summary>
    public string? Copy { get; }

    public JsonPathQuery? CopyQuery { get; }

    internal static string Describe(int index, string? target) =>
        "action " + (index + 1).ToString(CultureInfo.InvariantCulture) + (target is null ? "" : " (target `" + target + "`)");

    internal static OverlayAction? Read(JsonNode? node, int index, int minorVersion, List<OverlayProblem> problems)
    {
        var pointer = "/actions/" + index.ToString(CultureInfo.InvariantCulture);
        if (node is not JsonObject action)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, Describe(index, null) + " must be an object with a target and an update, remove or copy", pointer));
            return null;
        }

        OverlayDocument.ReportUnknownFields(action, pointer, minorVersion >= 1 ? Fields11 : Fields10, minorVersion, problems);

        var targetUsable = TryReadTarget(action, index, pointer, problems, out var target, out var query);
        var label = Describe(index, target);
        var description = ReadDescription(action, label, pointer, problems);
        var hasUpdate = action.TryGetPropertyValue("update", out var update);
        var removeUsable = TryReadRemove(action, label, pointer, problems, out var remove);
        var copyUsable = TryReadCopy(action, label, pointer, problems, out var copy, out var copyQuery);

        var effect = ResolvePrecedence(new Effect(hasUpdate, update, remove, copy, copyQuery), label, pointer, problems);
        var usable = targetUsable && removeUsable && copyUsable;
        if (effect is null || !usable || DoesNothing(effect, label, pointer, problems)) return null;
        return new OverlayAction(index, target!, query!, description, effect);
    }

    /// <summary>The required target and its query; false, reported, when it is missing, not a string or not a valid JSONPath query.</summary>
    private static bool TryReadTarget(JsonObject action, int index, string pointer, List<OverlayProblem> problems, out string? target, out JsonPathQuery? query)
    {
        target = null;
        query = null;
        if (!action.TryGetPropertyValue("target", out var targetNode))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, Describe(index, null) + " has no 'target'; it is skipped", pointer));
            return false;
        }
        if ((target = JsonValues.GetString(targetNode)) is null)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, Describe(index, null) + " has a 'target' that is not a string; it is skipped", pointer + "/target"));
            return false;
        }
        if (!JsonPathQuery.TryParse(target, out query, out var error))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.InvalidTarget, OverlaySeverity.Error, Describe(index, target) + " is not a valid JSONPath query: " + error + "; the action is skipped", pointer + "/target"));
            return false;
        }
        return true;
    }

    /// <summary>The optional description; one that is not a string is reported and ignored.</summary>
    private static string? ReadDescription(JsonObject action, string label, string pointer, List<OverlayProblem> problems)
    {
        string? description = null;
        if (action.TryGetPropertyValue("description", out var descriptionNode) && (description = JsonValues.GetString(descriptionNode)) is null)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Warning, label + ": 'description' must be a string", pointer + "/description"));
        }
        return description;
    }

    /// <summary>The optional remove flag (false when absent); false, reported, when it is given but is not a boolean.</summary>
    private static bool TryReadRemove(JsonObject action, string label, string pointer, List<OverlayProblem> problems, out bool remove)
    {
        remove = false;
        if (!action.TryGetPropertyValue("remove", out var removeNode)) return true;
        if (removeNode is JsonValue removeValue && removeValue.TryGetValue<bool>(out var flag))
        {
            remove = flag;
            return true;
        }
        problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, label + ": 'remove' must be true or false; the action is skipped", pointer + "/remove"));
        return false;
    }

    /// <summary>
    /// The optional copy query (Overlay 1.1); false, reported, when it is not a string or not a valid JSONPath query
    /// (<paramref name="copy"/> keeps the text in the latter case, so the checks between fields still see a copy).
    /// </summary>
    private static bool TryReadCopy(JsonObject action, string label, string pointer, List<OverlayProblem> problems, out string? copy, out JsonPathQuery? copyQuery)
    {
        copy = null;
        copyQuery = null;
        if (!action.TryGetPropertyValue("copy", out var copyNode)) return true;
        if ((copy = JsonValues.GetString(copyNode)) is null)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.Malformed, OverlaySeverity.Error, label + ": 'copy' must be a JSONPath query string; the action is skipped", pointer + "/copy"));
            return false;
        }
        if (!JsonPathQuery.TryParse(copy, out copyQuery, out var error))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.InvalidTarget, OverlaySeverity.Error, label + ": 'copy' is not a valid JSONPath query: " + error + "; the action is skipped", pointer + "/copy"));
            return false;
        }
        return true;
    }

    /// <summary>
    /// Overlay 1.1 Action Object: update and copy each have "no impact" when remove is true, and each has none when the
    /// other is given, so update with copy is contradictory. The effect that remains; null, reported, for update with copy.
    /// </summary>
    private static Effect? ResolvePrecedence(Effect given, string label, string pointer, List<OverlayProblem> problems)
    {
        if (given.Remove && (given.HasUpdate || given.Copy is not null))
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Warning,
                label + " has remove: true, so its " + (given.HasUpdate ? "'update'" : "'copy'") + " has no effect (the specification gives remove precedence)", pointer));
            return given with { HasUpdate = false, Update = null, Copy = null, CopyQuery = null };
        }
        if (given.HasUpdate && given.Copy is not null)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Error,
                label + " has both 'update' and 'copy'; the specification makes each ineffective when the other is present, so the action is skipped", pointer));
            return null;
        }
        return given;
    }

    /// <summary>True, reported as a warning, when the action has no update, no copy and no remove: true.</summary>
    private static bool DoesNothing(Effect effect, string label, string pointer, List<OverlayProblem> problems)
    {
        if (effect.Remove || effect.HasUpdate || effect.Copy is not null) return false;
        problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Warning,
            label + " has no 'update', no 'copy' and no remove: true, so it does nothing", pointer));
        return true;
    }

    /// <summary>What the action does to the nodes it selects: its <c>update</c> (if any), <c>remove</c> and <c>copy</c> fields.</summary>
    private sealed record Effect(bool HasUpdate, JsonNode? Update, bool Remove, string? Copy, JsonPathQuery? CopyQuery);
}
