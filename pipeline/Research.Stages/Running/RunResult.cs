using Research.Pipeline.Execution;

namespace Research.Stages.Running;

/// <summary>The outcome of <c>research run</c>.</summary>
public sealed record RunResult(string RunDirectory, IReadOnlyList<StageOutcome> Outcomes, string? ReportPath)
{
    /// <summary>True when no stage failed or was skipped.</summary>
    public bool Succeeded => Outcomes.All(o => o.Status is StageStatus.Hit or StageStatus.Completed);
}
