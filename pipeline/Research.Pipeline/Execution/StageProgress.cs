namespace Research.Pipeline.Execution;

/// <summary>Progress of a stage: <see cref="Done"/> of <see cref="Total"/> units (frames, iterations), plus a note.</summary>
public readonly record struct StageProgress(long Done, long Total, string? Detail = null);
