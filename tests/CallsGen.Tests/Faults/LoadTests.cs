using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallsGen.Runtime;
using CallsGen.Tests.Runtime;
using CallsGen.Tests.Vapi;
using static CallsGen.Tests.Faults.FaultSupport;
using Simulator = CallsGen.Samples.VapiSimulator.VapiSimulator;

namespace CallsGen.Tests.Faults;

/// <summary>Runs alone, so its load neither slows nor is slowed by the timing-dependent fault tests.</summary>
[CollectionDefinition(nameof(LoadCollection), DisableParallelization = true)]
public sealed class LoadCollection
{
}

[Collection(nameof(LoadCollection))]
public sealed class LoadTests
{
    [Fact]
    public async Task FiveHundredConcurrentListCallsThroughOneClientAllGetTheirOwnCorrectResult()
    {
        await using Simulator simulator = await StartAsync(callCount: 300);
        List<CallSummary> all = RuntimeTestSupport.ExpectedOrder(simulator);
        IReadOnlyList<string> assistants = simulator.AssistantIds;
        using VapiClient client = CreateClient(simulator, o => o.Timeout = TimeSpan.FromSeconds(60));

        // Each task its own limit and filter, so a response delivered to the wrong caller is noticed.
        const int count = 500;
        var jobs = Enumerable.Range(0, count).Select(i =>
        {
            int limit = 1 + (i % 37);
            ListCallsRequest request;
            IEnumerable<CallSummary> expected;
            switch (i % 3)
            {
                case 0:
                    string assistant = assistants[i % assistants.Count];
                    request = new ListCallsRequest { AssistantId = assistant, Limit = limit };
                    expected = all.Where(c => c.AssistantId == assistant);
                    break;
                case 1:
                    DateTimeOffset before = all[i % all.Count].CreatedAt;
                    request = new ListCallsRequest { CreatedAtLt = before, Limit = limit };
                    expected = all.Where(c => c.CreatedAt < before);
                    break;
                default:
                    request = new ListCallsRequest { Limit = limit };
                    expected = all;
                    break;
            }

            return (Request: request, Expected: expected.Take(limit).Select(c => c.Id).ToArray());
        }).ToArray();

        Task<IReadOnlyList<Call>>[] tasks = jobs.Select(job => Task.Run(() => client.ListCallsAsync(job.Request))).ToArray();
        IReadOnlyList<Call>[] results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(3));

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(jobs[i].Expected, results[i].Select(c => c.Id).ToArray());
        }

        Assert.Contains(jobs, j => j.Expected.Length == 37);
        Assert.Equal(count, simulator.Requests.Count); // no retries were needed
        Assert.All(simulator.Requests, r => Assert.Equal("Bearer " + CanaryKey, r.Authorization));

        // The same client keeps working afterwards (no exhausted sockets, no poisoned pool).
        Assert.Equal(5, (await client.ListCallsAsync(new ListCallsRequest { Limit = 5 })).Count);
    }
}
