// Applies an overlay's actions to a document (a JsonNode, changed in place; the root is returned
// because replacing a primitive root makes a new one). The rules, with the specification text
// behind each (Overlay 1.0.0 and 1.1.0, "Overlay Object" and "Action Object"):
//
// - Order: actions apply one after the other, each to the result of the previous one (both
//   versions, Overlay Object: "MUST be applied in sequential order").
// - No match: a target selecting no node changes nothing and the action "succeeds" (1.1 Action
//   Object); it is reported as a warning, because it usually means the document changed, and the
//   next action goes on.
// - Remove: each selected node is taken out of the object or array holding it (1.1 "remove").
//   The root is held by nothing, so removing it is reported and skipped. All nodes are selected
//   before any is removed, array items are removed from the highest index down, and a node selected
//   twice is removed once, so one action removes several items without shifting onto others.
// - Remove wins: with remove: true, update and copy have "no impact" (1.0 and 1.1 "update", 1.1 "copy").
// - Update on objects: the update object is merged recursively (1.1 Action Object merge steps):
//   a member only in the target stays; a member only in the update is added; a primitive replaces a
//   primitive; an array is concatenated to an array; an object merges into an object; any other
//   pairing is an error. 1.0 says only "recursively merged"; 1.1 is its clarification and is used
//   for both. One exception: a null in the update against an object or array leaves it unchanged,
//   as both versions' Structured Overlay Example writes `components:` and `tags:` (null in YAML)
//   to mean "nothing to change here".
// - Update on arrays: an array value is concatenated; an object or primitive value is appended as
//   one item (1.1 "update"; 1.0 "an entry to append").
// - Update on primitives: a primitive value replaces the node (1.1 "update"). 1.0 allows only
//   object and array targets; a 1.0 overlay doing this is applied the 1.1 way, with a warning.
// - Mixed targets: the nodes selected for update or copy "MUST be either all objects or all arrays
//   or all primitives" (1.1), otherwise the action is reported and skipped.
// - Copy (1.1): the copy query must select a single node of the document as it is when the action
//   runs; its value is then used exactly as an update value would be (1.1 "copy" and Copy Example).
// - All or nothing: an action whose update cannot merge into one of its targets changes none of
//   them (the specification says only that the combination "results in an error").
// - Each selected node is changed once even if the query selects it twice (RFC 9535 keeps
//   duplicates; concatenating an array twice into the same node would be a surprise).
// All query work for one overlay shares one JsonPathBudget, and the number of nodes written is
// capped, so a hostile overlay (e.g. copy `$` into itself again and again) ends with a problem.

using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CallsGen.Generator.Naming;

namespace CallsGen.Generator.Overlays;

internal static class OverlayApplier
{
    /// <summary>Most nodes all actions of one overlay may insert, about 100 times a large OpenAPI document.</summary>
    public const long DefaultMaxWrittenNodes = 5_000_000;

    /// <summary>
    /// Node visits all queries of one overlay may make together: a few seconds of work at most, and room
    /// for hundreds of actions that each search a whole 1.7 MB document with '..'.
    /// </summary>
    public const long DefaultMaxVisits = 50_000_000;

    private enum Shape
    {
        Object,
        Array,
        Primitive,
    }

    /// <summary>
    /// Applies each action of <paramref name="overlay"/> in order to <paramref name="document"/>, which is
    /// changed in place; returns the root afterwards (a new node only when a primitive root was replaced).
    /// </summary>
    public static JsonNode? Apply(JsonNode? document, OverlayDocument overlay, List<OverlayProblem> problems) =>
        Apply(document, overlay, problems, new JsonPathBudget(maxVisits: DefaultMaxVisits), DefaultMaxWrittenNodes);

    internal static JsonNode? Apply(JsonNode? document, OverlayDocument overlay, List<OverlayProblem> problems, JsonPathBudget budget, long maxWrittenNodes)
    {
        var run = new Run(overlay.MinorVersion, problems, budget, maxWrittenNodes);
        var root = document;
        foreach (var action in overlay.Actions) root = ApplyAction(root, action, run);
        return root;
    }

    /// <summary>One action, on the document as the actions before it left it; returns the root afterwards.</summary>
    private static JsonNode? ApplyAction(JsonNode? root, OverlayAction action, Run run)
    {
        if (!action.Query.TrySelect(root, out var selected, out var error, run.Budget))
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.LimitExceeded, OverlaySeverity.Error, action.Label + " was not applied: " + error, action.Pointer + "/target"));
            return root;
        }
        if (selected.Count == 0)
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.TargetMatchesNothing, OverlaySeverity.Warning,
                action.Label + " matches nothing in the document; the document may have moved or renamed it", action.Pointer + "/target"));
            return root;
        }
        var targets = Distinct(selected);
        if (action.Remove)
        {
            Remove(targets, action, run.Problems);
            return root;
        }
        return TryResolveValue(root, action, run, out var value) ? Update(root, targets, value, action, run) : root;
    }

    /// <summary>The value an update or copy action writes; false, reported, when a copy query does not select exactly one node.</summary>
    private static bool TryResolveValue(JsonNode? root, OverlayAction action, Run run, out ActionValue value)
    {
        if (action.CopyQuery is not { } copy)
        {
            value = new ActionValue(action.Update, action.Pointer + "/update");
            return true;
        }
        var pointer = action.Pointer + "/copy";
        value = default;
        if (!copy.TrySelect(root, out var sources, out var copyError, run.Budget))
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.LimitExceeded, OverlaySeverity.Error, action.Label + " was not applied: its copy query " + copyError, pointer));
            return false;
        }
        if (sources.Count != 1)
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.InvalidCopySource, OverlaySeverity.Error,
                action.Label + ": copy `" + action.Copy + "` selects " + (sources.Count == 0 ? "nothing" : sources.Count.ToString(CultureInfo.InvariantCulture) + " nodes")
                + " in the document but must select exactly one; nothing was copied", pointer));
            return false;
        }
        // A snapshot, so copying a node into itself or into its own descendants cannot loop.
        value = new ActionValue(sources[0].Node?.DeepClone(), pointer);
        return true;
    }

    private static List<JsonPathMatch> Distinct(IReadOnlyList<JsonPathMatch> matches)
    {
        var seen = new HashSet<(JsonNode?, string?, int)>();
        var distinct = new List<JsonPathMatch>(matches.Count);
        foreach (var match in matches)
        {
            if (seen.Add((match.Parent, match.Name, match.Index))) distinct.Add(match);
        }
        return distinct;
    }

    private static void Remove(List<JsonPathMatch> targets, OverlayAction action, List<OverlayProblem> problems)
    {
        var items = new List<JsonPathMatch>();
        foreach (var target in targets)
        {
            switch (target.Parent)
            {
                case null:
                    problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Error,
                        action.Label + " selects the root of the document, which is not inside any object or array and so cannot be removed", action.Pointer + "/target"));
                    break;
                case JsonObject obj:
                    obj.Remove(target.Name!);
                    break;
                case JsonArray:
                    items.Add(target);
                    break;
            }
        }
        // Highest index first: removing an item shifts only the items after it, which are already gone.
        items.Sort((a, b) => b.Index.CompareTo(a.Index));
        foreach (var item in items)
        {
            var array = (JsonArray)item.Parent!;
            if (item.Index < array.Count && ReferenceEquals(array[item.Index], item.Node)) array.RemoveAt(item.Index);
        }
    }

    /// <summary>Writes the value into every target when all the checks pass; returns the root afterwards.</summary>
    private static JsonNode? Update(JsonNode? root, List<JsonPathMatch> targets, ActionValue value, OverlayAction action, Run run)
    {
        var shape = ShapeOf(targets[0].Node);
        if (!HaveOneShape(targets, shape, action, run.Problems)
            || !FitsShape(shape, value, action, run.Problems)
            || shape == Shape.Object && !MergesWithoutConflict(targets, value, action, run.Problems)
            || !TryReserveWrites(targets, shape, value.Node, action, run))
        {
            return root;
        }

        switch (shape)
        {
            case Shape.Object:
                foreach (var target in targets) Merge((JsonObject)target.Node!, (JsonObject)value.Node!);
                break;
            case Shape.Array:
                foreach (var target in targets) Append((JsonArray)target.Node!, value.Node);
                break;
            case Shape.Primitive:
                root = Replace(root, targets, value.Node, action, run);
                break;
        }
        return root;
    }

    /// <summary>Whether every target has <paramref name="shape"/>, as the 1.1 Action Object requires of update and copy targets; reported when not.</summary>
    private static bool HaveOneShape(List<JsonPathMatch> targets, Shape shape, OverlayAction action, List<OverlayProblem> problems)
    {
        foreach (var target in targets)
        {
            if (ShapeOf(target.Node) != shape)
            {
                problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Error,
                    action.Label + " selects " + Describe(shape) + " and " + Describe(ShapeOf(target.Node)) + " (at " + target.NormalizedPath
                    + "); an update or copy needs them to be all objects, all arrays or all primitives, so the action is skipped", action.Pointer + "/target"));
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether the value can go into targets of <paramref name="shape"/> (anything can be appended to an array); reported when not.</summary>
    private static bool FitsShape(Shape shape, ActionValue value, OverlayAction action, List<OverlayProblem> problems)
    {
        var valueShape = ShapeOf(value.Node);
        if (shape == Shape.Object && valueShape != Shape.Object || shape == Shape.Primitive && valueShape != Shape.Primitive)
        {
            problems.Add(new OverlayProblem(OverlayProblemKind.IncompatibleUpdate, OverlaySeverity.Error,
                action.Label + " selects " + Describe(shape) + " but " + WhatIsWritten(action) + " is " + Describe(valueShape)
                + (shape == Shape.Object ? "; only an object can be merged into an object" : "; a primitive can only be replaced by a primitive") + ", so the action is skipped",
                value.Pointer));
            return false;
        }
        return true;
    }

    /// <summary>Whether the object value merges into every object target; the first conflict is reported.</summary>
    private static bool MergesWithoutConflict(List<JsonPathMatch> targets, ActionValue value, OverlayAction action, List<OverlayProblem> problems)
    {
        foreach (var target in targets)
        {
            var conflict = FindConflict((JsonObject)target.Node!, (JsonObject)value.Node!);
            if (conflict is null) continue;
            problems.Add(new OverlayProblem(OverlayProblemKind.IncompatibleUpdate, OverlaySeverity.Error,
                action.Label + " cannot merge into " + target.NormalizedPath + ": at " + conflict.Value.Path + " the document has " + Describe(conflict.Value.Existing)
                + " but " + WhatIsWritten(action) + " has " + Describe(conflict.Value.Incoming) + " (only object-object, array-array and primitive-primitive combine), so the action is skipped",
                action.CopyQuery is null ? value.Pointer + conflict.Value.Pointer : value.Pointer));
            return false;
        }
        return true;
    }

    /// <summary>Counts the nodes the action would insert against the overlay's cap; false, reported, when they do not fit.</summary>
    private static bool TryReserveWrites(List<JsonPathMatch> targets, Shape shape, JsonNode? value, OverlayAction action, Run run)
    {
        var perTarget = shape == Shape.Array && value is JsonArray items ? JsonValues.CountNodes(items) - 1 : JsonValues.CountNodes(value);
        var total = perTarget * targets.Count;
        if (run.Written + total > run.MaxWrittenNodes)
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.LimitExceeded, OverlaySeverity.Error,
                action.Label + " would insert " + total.ToString(CultureInfo.InvariantCulture) + " nodes, beyond the " + run.MaxWrittenNodes.ToString(CultureInfo.InvariantCulture)
                + " an overlay may write; the action is skipped", action.Pointer));
            return false;
        }
        run.Written += total;
        return true;
    }

    private static string WhatIsWritten(OverlayAction action) => action.CopyQuery is null ? "the update" : "the copied value";

    /// <summary>An array value is concatenated to the array; any other value is appended as one item.</summary>
    private static void Append(JsonArray array, JsonNode? value)
    {
        if (value is JsonArray additions)
        {
            foreach (var item in additions) array.Add(item?.DeepClone());
        }
        else
        {
            array.Add(value?.DeepClone());
        }
    }

    /// <summary>Puts a clone of the value in place of each primitive target; returns the root afterwards.</summary>
    private static JsonNode? Replace(JsonNode? root, List<JsonPathMatch> targets, JsonNode? value, OverlayAction action, Run run)
    {
        if (run.MinorVersion == 0)
        {
            run.Problems.Add(new OverlayProblem(OverlayProblemKind.InvalidAction, OverlaySeverity.Warning,
                action.Label + " selects strings, numbers, booleans or nulls, which Overlay 1.0 does not allow as targets; the value replaced them as Overlay 1.1 defines (declare overlay: 1.1.0)",
                action.Pointer + "/target"));
        }
        foreach (var target in targets)
        {
            var replacement = value?.DeepClone();
            switch (target.Parent)
            {
                case null: root = replacement; break;
                case JsonObject obj: obj[target.Name!] = replacement; break;
                case JsonArray array: array[target.Index] = replacement; break;
            }
        }
        return root;
    }

    /// <summary>What all actions of one overlay share: its version, where problems go, the query budget and the cap on nodes written.</summary>
    private sealed class Run
    {
        public Run(int minorVersion, List<OverlayProblem> problems, JsonPathBudget budget, long maxWrittenNodes)
        {
            MinorVersion = minorVersion;
            Problems = problems;
            Budget = budget;
            MaxWrittenNodes = maxWrittenNodes;
        }

        /// <summary>0 for an Overlay 1.0.x document, 1 for 1.1.x.</summary>
        public int MinorVersion { get; }

        public List<OverlayProblem> Problems { get; }

        public JsonPathBudget Budget { get; }

        public long MaxWrittenNodes { get; }

        /// <summary>Nodes inserted so far by the overlay's actions.</summary>
        public long Written { get; set; }
    }

    /// <summary>The value an update or copy action writes, and the JSON pointer of where the overlay gives it.</summary>
    private readonly struct ActionValue
    {
        public ActionValue(JsonNode? node, string pointer)
        {
            Node = node;
            Pointer = pointer;
        }

        /// <summary>The value; C# null is JSON null.</summary>
        public JsonNode? Node { get; }

        public string Pointer { get; }
    }

    private readonly struct Conflict
    {
        public Conflict(string path, string pointer, Shape existing, Shape incoming)
        {
            Path = path;
            Pointer = pointer;
            Existing = existing;
            Incoming = incoming;
        }

        /// <summary>Where, relative to the target, as a normalized-path suffix for people.</summary>
        public string Path { get; }

        /// <summary>Where, as a JSON pointer relative to the update value.</summary>
        public string Pointer { get; }

        public Shape Existing { get; }

        public Shape Incoming { get; }
    }

    /// <summary>The first member pairing the merge cannot combine, without changing anything.</summary>
    private static Conflict? FindConflict(JsonObject target, JsonObject update)
    {
        var pending = new Stack<(JsonObject Target, JsonObject Update, string Path, string Pointer)>();
        pending.Push((target, update, "", ""));
        while (pending.Count > 0)
        {
            var (into, from, path, pointer) = pending.Pop();
            foreach (var member in from)
            {
                if (!into.TryGetPropertyValue(member.Key, out var existing)) continue;
                var existingShape = ShapeOf(existing);
                var incomingShape = ShapeOf(member.Value);
                if (member.Value is null && existingShape != Shape.Primitive) continue;
                var memberPath = Append(path, member.Key);
                var memberPointer = pointer + "/" + JsonPointer.Escape(member.Key);
                if (existingShape != incomingShape) return new Conflict("@" + memberPath, memberPointer, existingShape, incomingShape);
                if (existingShape == Shape.Object) pending.Push(((JsonObject)existing!, (JsonObject)member.Value!, memberPath, memberPointer));
            }
        }
        return null;
    }

    /// <summary>The merge of the 1.1 Action Object, checked beforehand by <see cref="FindConflict"/>; inserts clones only.</summary>
    private static void Merge(JsonObject target, JsonObject update)
    {
        var pending = new Stack<(JsonObject Target, JsonObject Update)>();
        pending.Push((target, update));
        while (pending.Count > 0)
        {
            var (into, from) = pending.Pop();
            foreach (var member in from)
            {
                if (!into.TryGetPropertyValue(member.Key, out var existing))
                {
                    into.Add(member.Key, member.Value?.DeepClone());
                }
                else if (member.Value is null && existing is JsonObject or JsonArray)
                {
                    // Null against a structure: nothing to change (the Structured Overlay Example).
                }
                else if (existing is JsonObject existingObject && member.Value is JsonObject incomingObject)
                {
                    pending.Push((existingObject, incomingObject));
                }
                else if (existing is JsonArray existingArray && member.Value is JsonArray incomingArray)
                {
                    foreach (var item in incomingArray) existingArray.Add(item?.DeepClone());
                }
                else
                {
                    into[member.Key] = member.Value?.DeepClone();
                }
            }
        }
    }

    private static Shape ShapeOf(JsonNode? node) => node switch
    {
        JsonObject => Shape.Object,
        JsonArray => Shape.Array,
        _ => Shape.Primitive,
    };

    private static string Describe(Shape shape) => shape switch
    {
        Shape.Object => "an object",
        Shape.Array => "an array",
        _ => "a primitive value (string, number, boolean or null)",
    };

    private static string Append(string path, string name)
    {
        var builder = new StringBuilder(path);
        JsonValues.AppendNormalizedName(builder, name);
        return builder.ToString();
    }
}
