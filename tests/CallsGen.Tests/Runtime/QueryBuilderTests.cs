using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Samples.VapiSimulator;
using static CallsGen.Tests.Runtime.RuntimeTestSupport;

namespace CallsGen.Tests.Runtime;

public sealed class QueryBuilderTests
{
    private static string Build(Action<QueryBuilder> add)
    {
        var query = new QueryBuilder();
        add(query);
        return query.ToString();
    }

    [Fact]
    public void AnEmptyQueryIsEmpty()
    {
        var query = new QueryBuilder();
        query.Add("a", (string?)null);
        query.Add("b", (double?)null);
        query.Add("c", (long?)null);
        query.Add("d", (bool?)null);
        query.Add("e", (DateTimeOffset?)null);
        query.Add("f", (string[]?)null);

        Assert.Equal(string.Empty, query.ToString());
        Assert.True(query.IsEmpty);
    }

    [Fact]
    public void NumbersUseTheInvariantCultureWhateverTheCurrentCultureIs() =>
        WithCulture("de-DE", () =>
        {
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture)); // the culture really is German
            Assert.Equal("?limit=1.5", Build(q => q.Add("limit", 1.5)));
            Assert.Equal("?limit=100", Build(q => q.Add("limit", 100.0)));
            Assert.Equal("?n=10000000000000000", Build(q => q.Add("n", 1e16)));
            Assert.Equal("?n=0.1", Build(q => q.Add("n", 0.1)));
            Assert.Equal("?n=-2.25", Build(q => q.Add("n", -2.25)));
            Assert.Equal("?n=1234567", Build(q => q.Add("n", 1234567L)));
            Assert.Equal("?n=-1", Build(q => q.Add("n", -1L)));
        });

    [Fact]
    public void NonFiniteNumbersAreRejected()
    {
        var query = new QueryBuilder();
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Add("n", double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Add("n", double.PositiveInfinity));
    }

    [Fact]
    public void DatesAreSentAsUtcWithZ() =>
        WithCulture("de-DE", () =>
        {
            var berlin = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));
            Assert.Equal("?createdAtGt=2026-03-01T10%3A00%3A00.000Z", Build(q => q.Add("createdAtGt", berlin)));

            var withMilliseconds = new DateTimeOffset(2026, 3, 1, 23, 59, 59, 123, TimeSpan.FromHours(-5));
            Assert.Equal("?t=2026-03-02T04%3A59%3A59.123Z", Build(q => q.Add("t", withMilliseconds)));

            DateTimeOffset withTicks = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567);
            Assert.Equal("?t=2026-03-01T00%3A00%3A00.1234567Z", Build(q => q.Add("t", withTicks)));
        });

    [Fact]
    public void DatesAreNotAffectedByANonGregorianCulture() =>
        WithCulture("th-TH", () =>
            Assert.Equal("?t=2026-03-01T00%3A00%3A00.000Z", Build(q => q.Add("t", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)))));

    [Fact]
    public void NamesAndValuesAreEscaped()
    {
        Assert.Equal("?a%20b=x%26y%3Dz%2F%C3%A9%2B1", Build(q => q.Add("a b", "x&y=z/é+1")));
        Assert.Equal("?empty=", Build(q => q.Add("empty", string.Empty)));
    }

    [Fact]
    public void BooleansAreLowerCase() =>
        Assert.Equal("?a=true&b=false", Build(q =>
        {
            q.Add("a", true);
            q.Add("b", false);
        }));

    [Fact]
    public void SequencesRepeatTheName() =>
        Assert.Equal("?id=a&id=b%20c&x=1", Build(q =>
        {
            q.Add("id", new[] { "a", null!, "b c" });
            q.Add("x", 1L);
        }));

    [Fact]
    public void NumberAndBooleanSequencesRepeatTheNameInTheInvariantCulture() =>
        WithCulture("de-DE", () =>
        {
            Assert.Equal("?n=1&n=-2&n=10000000000", Build(q => q.Add("n", new long[] { 1, -2, 10_000_000_000 })));
            Assert.Equal("?d=1.5&d=100&d=-0.25", Build(q => q.Add("d", new List<double> { 1.5, 100.0, -0.25 })));
            Assert.Equal("?b=true&b=false", Build(q => q.Add("b", new[] { true, false })));
            Assert.Equal(string.Empty, Build(q =>
            {
                q.Add("n", (IEnumerable<long>?)null);
                q.Add("d", (IEnumerable<double>?)null);
                q.Add("b", (IEnumerable<bool>?)null);
                q.Add("e", Array.Empty<long>());
            }));
        });

    [Fact]
    public void ANonFiniteNumberInASequenceAddsNothing()
    {
        var query = new QueryBuilder();
        query.Add("a", 1L);
        Assert.Throws<ArgumentOutOfRangeException>(() => query.Add("d", new[] { 1.0, double.NaN }));
        Assert.Equal("?a=1", query.ToString());
    }

    [Fact]
    public async Task TheFormattedQueryArrivesAtTheServerUnderAGermanCulture()
    {
        await using VapiSimulator simulator = await StartSmallAsync();
        using var connection = Connect(simulator);
        var createdAtLt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));

        await WithCultureAsync("de-DE", async () =>
        {
            var query = new QueryBuilder();
            query.Add("limit", 1.5);
            query.Add("createdAtLt", createdAtLt);
            await connection.ListCallsAsync(query);
        });

        RecordedRequest request = Assert.Single(simulator.Requests);
        Assert.Equal("?limit=1.5&createdAtLt=2026-03-01T10%3A00%3A00.000Z", request.QueryString);
        Assert.Equal(["1.5"], request.Query["limit"]);
        Assert.Equal(["2026-03-01T10:00:00.000Z"], request.Query["createdAtLt"]);
    }
}
