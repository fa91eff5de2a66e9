using System;
using System.Collections.Generic;

namespace CallsGen.Coverage;

/// <summary>What became of one operation.</summary>
public enum Outcome
{
    /// <summary>Generated, with every credential it needs, in output that compiles.</summary>
    Full,

    /// <summary>Not generated: CG0004 says why.</summary>
    Skipped,

    /// <summary>Generated, but without a credential its security requires (CG0006).</summary>
    NoCredentials,

    /// <summary>Generated into output that does not compile with nullable enabled and warnings as errors.</summary>
    DoesNotCompile,

    /// <summary>The generator failed on the document (CG9999, CG0001, an exception, a time-out or a crash).</summary>
    GeneratorFailed,
}

/// <summary>One operation that was not generated with full fidelity, and the construct that stopped it.</summary>
public sealed record OperationResult(string Operation, Outcome Outcome, string Construct, string Detail);

/// <summary>One compiler diagnostic of the generated output (a warning counts: the output must build with warnings as errors).</summary>
public sealed record CompileProblem(string Id, string Message);

/// <summary>The measurement of one document.</summary>
public sealed record DocumentResult
{
    public required string Id { get; init; }

    public string Version { get; init; } = "?";

    public long Bytes { get; init; }

    public int Operations { get; init; }

    public int Full { get; init; }

    /// <summary>Every operation not generated with full fidelity.</summary>
    public List<OperationResult> NotFull { get; init; } = new();

    /// <summary>Compiler diagnostics at warning level and above, the first few of them, with their total in <see cref="CompileProblemCount"/>.</summary>
    public List<CompileProblem> CompileProblems { get; init; } = new();

    public int CompileProblemCount { get; init; }

    /// <summary>Why the generator failed on the document, when it did.</summary>
    public string? GeneratorFailure { get; init; }

    /// <summary>CG0010 findings (schema constructs kept as raw JSON), by their reason with names elided.</summary>
    public List<string> JsonFallbacks { get; init; } = new();

    /// <summary>Why the document was not measured (too large, unreadable by Microsoft.OpenApi), when it was not.</summary>
    public string? NotMeasured { get; init; }

    public double Seconds { get; init; }

    /// <summary>For each construct the document's operations use: how many use it, and how many of those are generated with full fidelity.</summary>
    public SortedDictionary<string, ConstructUse> Constructs { get; init; } = new(StringComparer.Ordinal);

    public int Count(Outcome outcome) => outcome == Outcome.Full ? Full : NotFull.FindAll(o => o.Outcome == outcome).Count;
}

/// <summary>How many operations use a construct, and how many of those are generated with full fidelity.</summary>
public sealed record ConstructUse(int Operations, int Full);
