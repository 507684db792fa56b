namespace Research.Pipeline.Execution;

/// <summary>What happened to one stage: its status, why it ran, where its outputs are and how long it took.</summary>
public sealed record StageOutcome(
    StageDefinition Stage,
    StageStatus Status,
    string Reason,
    string? Key,
    string? OutputHash,
    string? OutputPath,
    double Seconds,
    string? Error);
