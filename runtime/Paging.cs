using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace CallsGen.Runtime;

/// <summary>Walks list endpoints that have no cursor, such as Vapi's GET /call.</summary>
/// <remarks>This type supports the code CallsGen generates and is not meant to be called directly.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class Paging
{
    /// <summary>
    /// Yields every item of a list that the server returns newest first by a timestamp, paging with an
    /// inclusive upper bound on that timestamp: each next page asks for items at or before the oldest
    /// timestamp seen so far and drops those already yielded. Items that share a timestamp across a
    /// page boundary are yielded exactly once; items created while paging (newer than the first page)
    /// are not yielded. When a whole page is taken by items already seen at one timestamp, the page
    /// grows up to <paramref name="maxPageSize"/>; past that the walk stops with an exception rather than
    /// skip items.
    /// </summary>
    /// <typeparam name="TItem">The item type.</typeparam>
    /// <param name="fetchPage">Gets one page: items at or before the bound (null: the caller's own filters alone), at most the limit.</param>
    /// <param name="timestampOf">The item's timestamp.</param>
    /// <param name="idOf">The item's unique identifier.</param>
    /// <param name="pageSize">Items to ask for per page.</param>
    /// <param name="maxPageSize">The most the server allows per page.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    /// <returns>The items, newest first.</returns>
    /// <exception cref="InvalidOperationException">More than <paramref name="maxPageSize"/> items share one timestamp.</exception>
    public static async IAsyncEnumerable<TItem> ByTimestampDescendingAsync<TItem>(
        Func<DateTimeOffset?, int, CancellationToken, Task<IReadOnlyList<TItem>>> fetchPage,
        Func<TItem, DateTimeOffset> timestampOf,
        Func<TItem, string> idOf,
        int pageSize,
        int maxPageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(timestampOf);
        ArgumentNullException.ThrowIfNull(idOf);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPageSize, pageSize);

        DateTimeOffset? bound = null;
        var seenAtBound = new HashSet<string>(StringComparer.Ordinal);
        var limit = pageSize;
        while (true)
        {
            var requestBound = bound;
            var page = await fetchPage(requestBound, limit, cancellationToken).ConfigureAwait(false);
            var yielded = 0;
            DateTimeOffset? pageOldest = null;
            var idsAtOldest = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in page)
            {
                var timestamp = timestampOf(item);
                var id = idOf(item);
                if (requestBound is { } upper && (timestamp > upper || (timestamp == upper && seenAtBound.Contains(id))))
                {
                    continue;
                }

                if (pageOldest is not { } oldest || timestamp < oldest)
                {
                    pageOldest = timestamp;
                    idsAtOldest.Clear();
                }

                if (timestamp == pageOldest)
                {
                    idsAtOldest.Add(id);
                }

                yielded++;
                yield return item;
            }

            if (pageOldest is { } newBound)
            {
                if (newBound == requestBound)
                {
                    seenAtBound.UnionWith(idsAtOldest);
                }
                else
                {
                    bound = newBound;
                    seenAtBound = idsAtOldest;
                }
            }

            if (page.Count < limit)
            {
                yield break;
            }

            if (yielded > 0)
            {
                limit = pageSize;
                continue;
            }

            // A full page of items already seen at the bound: more share that timestamp than one page holds.
            if (limit >= maxPageSize)
            {
                throw new InvalidOperationException(FormattableString.Invariant(
                    $"More than {maxPageSize} items share the timestamp {bound:O}; a list without a cursor cannot be paged past them."));
            }

            limit = Math.Min(maxPageSize, limit * 2);
        }
    }
}
