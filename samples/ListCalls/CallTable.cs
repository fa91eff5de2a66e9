using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Vapi;

namespace CallsGen.Samples.ListCalls;

/// <summary>
/// Formats calls as a plain-text table that fits a width. Every column is shown whole when it fits. Otherwise, in this
/// order, until the table fits: the ended reason is cut (with "…"), IDs are shortened to their first 8 characters (unless
/// full IDs are asked for), the type column goes, the seconds go from the creation time, then the duration, the cost and
/// the ended reason columns. ID, creation time and status always stay; a line longer than a very narrow width is left to wrap.
/// </summary>
internal static class CallTable
{
    private const string Gap = "  ";
    private const int ShortIdLength = 8;

    /// <summary>What the table left out or cut, for the line under it.</summary>
    public sealed record Layout(bool IdsShortened, bool Cut);

    /// <param name="calls">The calls, in order.</param>
    /// <param name="width">The width to fit; <see langword="null"/> for no limit.</param>
    /// <param name="fullIds">Never shorten IDs.</param>
    /// <param name="table">The table, each line ending with '\n'.</param>
    /// <returns>What had to give.</returns>
    public static Layout Format(IReadOnlyList<Call> calls, int? width, bool fullIds, out string table)
    {
        var ids = calls.Select(c => c.Id).ToArray();
        var created = calls.Select(c => c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).ToArray();
        var types = calls.Select(c => c.Type?.Value ?? "-").ToArray();
        var statuses = calls.Select(c => c.Status?.Value ?? "-").ToArray();
        var reasons = calls.Select(c => c.EndedReason?.Value ?? "-").ToArray();
        var durations = calls.Select(Duration).ToArray();
        var costs = calls.Select(c => c.Cost is { } cost ? "$" + cost.ToString("0.0000", CultureInfo.InvariantCulture) : "-").ToArray();

        static int Natural(string header, string[] cells) => Math.Max(header.Length, cells.Length == 0 ? 0 : cells.Max(c => c.Length));
        int idWidth = Natural("ID", ids), createdWidth = Natural("CREATED (UTC)", created), typeWidth = Natural("TYPE", types);
        int statusWidth = Natural("STATUS", statuses), reasonWidth = Natural("ENDED REASON", reasons);
        int durationWidth = Natural("DURATION", durations), costWidth = Natural("COST", costs);
        var shortId = fullIds ? idWidth : Math.Min(idWidth, ShortIdLength + 1);
        var shortCreated = Math.Min(createdWidth, "yyyy-MM-dd HH:mm".Length);

        // Each step gives up a little more; the first whose fixed columns leave the ended reason at least its minimum wins.
        (int Id, int Created, bool Type, bool Duration, bool Cost, bool Reason, int ReasonMin)[] steps =
        [
            (idWidth, createdWidth, true, true, true, true, reasonWidth),
            (idWidth, createdWidth, true, true, true, true, Math.Min(reasonWidth, 24)),
            (shortId, createdWidth, true, true, true, true, Math.Min(reasonWidth, 24)),
            (shortId, createdWidth, false, true, true, true, Math.Min(reasonWidth, 20)),
            (shortId, shortCreated, false, true, true, true, Math.Min(reasonWidth, 16)),
            (shortId, shortCreated, false, false, true, true, Math.Min(reasonWidth, 16)),
            (shortId, shortCreated, false, false, false, true, Math.Min(reasonWidth, 12)),
            (shortId, shortCreated, false, false, false, false, 0),
        ];
        var chosen = steps[^1];
        var reasonShown = 0;
        foreach (var step in steps)
        {
            var fixedWidth = step.Id + Gap.Length + step.Created + Gap.Length + statusWidth
                + (step.Type ? Gap.Length + typeWidth : 0)
                + (step.Duration ? Gap.Length + durationWidth : 0)
                + (step.Cost ? Gap.Length + costWidth : 0)
                + (step.Reason ? Gap.Length : 0);
            var room = width is { } w ? w - fixedWidth : int.MaxValue;
            if (!step.Reason || room >= step.ReasonMin)
            {
                chosen = step;
                reasonShown = step.Reason ? Math.Min(reasonWidth, room) : 0;
                break;
            }
        }

        var columns = new List<(string Header, string[] Cells, int Width, bool Right)>
        {
            ("ID", ids, chosen.Id, false),
            ("CREATED (UTC)", chosen.Created < createdWidth ? created.Select(c => c[..^3]).ToArray() : created, chosen.Created, false),
        };
        if (chosen.Type) columns.Add(("TYPE", types, typeWidth, false));
        columns.Add(("STATUS", statuses, statusWidth, false));
        if (chosen.Reason) columns.Add(("ENDED REASON", reasons, reasonShown, false));
        if (chosen.Duration) columns.Add(("DURATION", durations, durationWidth, true));
        if (chosen.Cost) columns.Add(("COST", costs, costWidth, true));

        var text = new StringBuilder();
        void Row(IEnumerable<string> cells)
        {
            var line = string.Join(Gap, cells.Select((cell, i) =>
            {
                var (_, _, w, right) = columns[i];
                var fitted = Fit(cell, w);
                return right ? fitted.PadLeft(w) : fitted.PadRight(w);
            }));
            text.Append(line.TrimEnd()).Append('\n');
        }
        Row(columns.Select(c => c.Header));
        Row(columns.Select(c => new string('-', c.Width)));
        for (var i = 0; i < calls.Count; i++) Row(columns.Select(c => c.Cells[i]));
        table = text.ToString();

        var idsShortened = chosen.Id < idWidth;
        var cut = idsShortened || chosen.Created < createdWidth || !chosen.Type || !chosen.Duration || !chosen.Cost || !chosen.Reason || reasonShown < reasonWidth;
        return new Layout(idsShortened, cut);
    }

    /// <summary>The text cut to <paramref name="width"/> characters, its last one "…" when cut.</summary>
    private static string Fit(string text, int width) =>
        text.Length <= width ? text : width <= 1 ? text[..width] : text[..(width - 1)] + "…";

    private static string Duration(Call call)
    {
        if (call.StartedAt is not { } started || call.EndedAt is not { } ended || ended < started) return "-";
        var span = ended - started;
        return span.TotalHours >= 1
            ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
}
