namespace Research.Methods;

/// <summary>Progress of training or rendering: <see cref="Done"/> of <see cref="Total"/> units.</summary>
public readonly record struct MethodProgress(long Done, long Total, string? Detail = null);
