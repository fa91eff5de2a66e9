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
    /// The simulator's "now": seeded calls are created in the 30 days before it, and none is created or updated after it.
    /// Fixed by default so the data is the same on every run.
    /// </summary>
    public DateTimeOffset Now { get; set; } = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Whether the seeded data includes what the real server sends although the OpenAPI document does not allow it:
    /// <c>analysis.successEvaluation</c> as a JSON boolean on a few calls, and an <c>endedReason</c> value that is not in
    /// the document's enum (the list grows almost weekly). Default <see langword="true"/>.
    /// </summary>
    public bool WireQuirks { get; set; } = true;
}
