using System;

namespace CallsGen.Samples.VapiSimulator;

/// <summary>Settings for <see cref="VapiSimulator.StartAsync"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The API key the simulator accepts as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public string ApiKey { get; set; } = "sim-test-key";

    /// <summary>How many seeded calls to create (0 for none). Default 250, more than one page of the default limit (100).</summary>
    public int CallCount { get; set; } = 250;

    /// <summary>The seed of the generated data: the same seed gives the same calls.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// The simulator's "now": seeded calls are created in the <see cref="Span"/> before it, and none is created or updated
    /// after it. Fixed by default so the data is the same on every run.
    /// </summary>
    public DateTimeOffset Now { get; set; } = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How far back from <see cref="Now"/> the seeded calls go. Default 30 days; at least 2 hours.</summary>
    public TimeSpan Span { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How many outbound campaign batches the seed holds: each is 4 to 16 calls a campaign dialled at once, through one phone
    /// number, all with the same <c>campaignId</c> and the same <c>createdAt</c> to the millisecond, so that a page boundary
    /// can fall inside one. They replace ordinary seeded calls (<see cref="CallCount"/> stays the total). Default 0.
    /// </summary>
    public int CampaignBatches { get; set; }

    /// <summary>
    /// Whether the seeded data includes what the real server sends although the OpenAPI document does not allow it:
    /// <c>analysis.successEvaluation</c> as a JSON boolean on a few calls, and an <c>endedReason</c> value that is not in
    /// the document's enum (the list grows almost weekly). Default <see langword="true"/>.
    /// </summary>
    public bool WireQuirks { get; set; } = true;

    /// <summary>
    /// The main job's (samples/ListCalls) data set: 3,000 calls over the 120 days before <see cref="Now"/>, 60 of them
    /// campaign batches, so that listing every call takes many pages and some createdAt ties straddle a page boundary.
    /// The other settings are the defaults.
    /// </summary>
    /// <returns>New options; change them freely.</returns>
    public static SimulatorOptions ForListCalls() => new()
    {
        CallCount = 3000,
        Span = TimeSpan.FromDays(120),
        CampaignBatches = 60,
    };
}
