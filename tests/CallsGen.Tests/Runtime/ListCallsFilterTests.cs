using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

/// <summary>One seeded simulator shared by the read-only filter tests, plus a group of three calls with the same createdAt.</summary>
public sealed class FilterSimulatorFixture : IAsyncLifetime
{
    public VapiSimulator Simulator { get; private set; } = null!;

    public ApiConnection Connection { get; private set; } = null!;

    public DateTimeOffset TieCreatedAt { get; } = new(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero);

    public string[] TieIds { get; } =
    [
        "00000000-0000-4000-8000-00000000000a",
        "ffffffff-0000-4000-8000-00000000000c",
        "7fffffff-0000-4000-8000-00000000000b",
    ];

    public async Task InitializeAsync()
    {
        Simulator = await VapiSimulator.StartAsync();
        foreach (string id in TieIds)
        {
            Simulator.AddCall(id, TieCreatedAt, updatedAt: TieCreatedAt.AddMinutes(5));
        }

        Connection = Connect(Simulator);
    }

    public async Task DisposeAsync()
    {
        Connection.Dispose();
        await Simulator.DisposeAsync();
    }
}

public sealed class ListCallsFilterTests(FilterSimulatorFixture fixture) : IClassFixture<FilterSimulatorFixture>
{
    private readonly VapiSimulator _simulator = fixture.Simulator;
    private readonly ApiConnection _connection = fixture.Connection;

    private static QueryBuilder Query(Action<QueryBuilder> add)
    {
        var query = new QueryBuilder();
        query.Add("limit", 1000L);
        add(query);
        return query;
    }

    private async Task AssertFilterAsync(Action<QueryBuilder> add, Func<CallSummary, bool> expected)
    {
        List<CallSummary> all = ExpectedOrder(_simulator);
        string[] expectedIds = all.Where(expected).Select(c => c.Id).ToArray();
        Assert.NotEmpty(expectedIds);
        Assert.True(expectedIds.Length < all.Count, "The filter must exclude some calls to prove anything.");

        List<CallSummary> actual = await _connection.ListCallsAsync(Query(add));

        Assert.Equal(expectedIds, actual.Select(c => c.Id).ToArray());
    }

    /// <summary>A createdAt that several calls share, so that inclusive and exclusive bounds give different answers.</summary>
    private DateTimeOffset CreatedPivot => fixture.TieCreatedAt;

    private DateTimeOffset UpdatedPivot
    {
        get
        {
            List<CallSummary> all = ExpectedOrder(_simulator);
            return all.Select(c => c.UpdatedAt).OrderBy(u => u).ElementAt(all.Count / 2);
        }
    }

    [Fact]
    public async Task IdFilterReturnsExactlyThatCall()
    {
        string id = ExpectedOrder(_simulator)[17].Id;
        await AssertFilterAsync(q => q.Add("id", id), c => c.Id == id);
    }

    [Fact]
    public async Task AssistantIdFilterReturnsOnlyThatAssistantsCalls()
    {
        string assistantId = _simulator.AssistantIds[1];
        await AssertFilterAsync(q => q.Add("assistantId", assistantId), c => c.AssistantId == assistantId);
    }

    [Fact]
    public async Task PhoneNumberIdFilterReturnsOnlyThatNumbersCalls()
    {
        string phoneNumberId = _simulator.PhoneNumberIds[0];
        await AssertFilterAsync(q => q.Add("phoneNumberId", phoneNumberId), c => c.PhoneNumberId == phoneNumberId);
    }

    [Fact]
    public Task CreatedAtGtIsExclusive() =>
        AssertFilterAsync(q => q.Add("createdAtGt", CreatedPivot), c => c.CreatedAt > CreatedPivot);

    [Fact]
    public Task CreatedAtLtIsExclusive() =>
        AssertFilterAsync(q => q.Add("createdAtLt", CreatedPivot), c => c.CreatedAt < CreatedPivot);

    [Fact]
    public Task CreatedAtGeIsInclusive() =>
        AssertFilterAsync(q => q.Add("createdAtGe", CreatedPivot), c => c.CreatedAt >= CreatedPivot);

    [Fact]
    public Task CreatedAtLeIsInclusive() =>
        AssertFilterAsync(q => q.Add("createdAtLe", CreatedPivot), c => c.CreatedAt <= CreatedPivot);

    [Fact]
    public Task UpdatedAtGtIsExclusive() =>
        AssertFilterAsync(q => q.Add("updatedAtGt", UpdatedPivot), c => c.UpdatedAt > UpdatedPivot);

    [Fact]
    public Task UpdatedAtLtIsExclusive() =>
        AssertFilterAsync(q => q.Add("updatedAtLt", UpdatedPivot), c => c.UpdatedAt < UpdatedPivot);

    [Fact]
    public Task UpdatedAtGeIsInclusive() =>
        AssertFilterAsync(q => q.Add("updatedAtGe", UpdatedPivot), c => c.UpdatedAt >= UpdatedPivot);

    [Fact]
    public Task UpdatedAtLeIsInclusive() =>
        AssertFilterAsync(q => q.Add("updatedAtLe", UpdatedPivot), c => c.UpdatedAt <= UpdatedPivot);

    [Fact]
    public async Task InclusiveAndExclusiveBoundsDifferByTheTiedCalls()
    {
        List<CallSummary> ge = await _connection.ListCallsAsync(Query(q => q.Add("createdAtGe", CreatedPivot)));
        List<CallSummary> gt = await _connection.ListCallsAsync(Query(q => q.Add("createdAtGt", CreatedPivot)));

        Assert.Equal(fixture.TieIds.OrderBy(i => i, StringComparer.Ordinal), ge.Select(c => c.Id).Except(gt.Select(c => c.Id)).OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public async Task DateFilterWithAnOffsetMeansTheSameInstant()
    {
        DateTimeOffset sameInstantInBerlinSummer = CreatedPivot.ToOffset(TimeSpan.FromHours(2));

        List<CallSummary> viaOffset = await _connection.ListCallsAsync(Query(q => q.Add("createdAtLe", sameInstantInBerlinSummer)));
        List<CallSummary> viaUtc = await _connection.ListCallsAsync(Query(q => q.Add("createdAtLe", CreatedPivot)));

        Assert.Equal(viaUtc.Select(c => c.Id), viaOffset.Select(c => c.Id));
        Assert.Contains(viaOffset, c => c.Id == fixture.TieIds[0]);
    }

    [Fact]
    public async Task CombinedFiltersAreAllApplied()
    {
        string assistantId = _simulator.AssistantIds[0];
        DateTimeOffset from = _simulator.Now.AddDays(-20);
        DateTimeOffset to = _simulator.Now.AddDays(-5);
        await AssertFilterAsync(
            q =>
            {
                q.Add("assistantId", assistantId);
                q.Add("createdAtGe", from);
                q.Add("createdAtLt", to);
            },
            c => c.AssistantId == assistantId && c.CreatedAt >= from && c.CreatedAt < to);
    }

    [Fact]
    public async Task WithoutLimitTheServerReturnsTheNewest100NewestFirst()
    {
        List<CallSummary> expected = ExpectedOrder(_simulator);
        Assert.True(expected.Count > 100);

        List<CallSummary> actual = await _connection.ListCallsAsync();

        Assert.Equal(expected.Take(100).Select(c => c.Id), actual.Select(c => c.Id));
    }

    [Fact]
    public async Task LimitCutsTheSortedListAndTiesAreOrderedByIdDescending()
    {
        var query = new QueryBuilder();
        query.Add("createdAtLe", CreatedPivot);
        query.Add("limit", 4.0);

        List<CallSummary> actual = await _connection.ListCallsAsync(query);

        Assert.Equal(4, actual.Count);
        string[] tiesDescending = fixture.TieIds.OrderByDescending(i => i, StringComparer.Ordinal).ToArray();
        Assert.Equal(tiesDescending, actual.Take(3).Select(c => c.Id));
        Assert.True(actual[3].CreatedAt < CreatedPivot);
    }

    [Fact]
    public async Task LimitOutsideTheAllowedRangeIsABadRequest()
    {
        var query = new QueryBuilder();
        query.Add("limit", 1001L);

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => _connection.ListCallsAsync(query));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("limit must not be greater than 1000", error.ResponseBody);
    }

    [Fact]
    public async Task AnInvalidDateIsABadRequest()
    {
        var query = new QueryBuilder();
        query.Add("createdAtGt", "yesterday");

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => _connection.ListCallsAsync(query));

        Assert.Equal(400, error.StatusCode);
        Assert.Contains("createdAtGt must be a Date instance", error.ResponseBody);
    }
}
