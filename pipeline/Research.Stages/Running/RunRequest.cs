namespace Research.Stages.Running;

/// <summary>What the user asked for on the command line.</summary>
public sealed record RunRequest
{
    /// <summary>Experiment YAML file.</summary>
    public required string ExperimentPath { get; init; }

    /// <summary>Overrides <c>a.b=value</c>, in order.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Stage names or ids to re-run even when cached (<c>all</c> for everything).</summary>
    public IReadOnlySet<string> Force { get; init; } = new HashSet<string>();

    /// <summary>Shard to run, or null for all jobs.</summary>
    public Shard? Shard { get; init; }

    /// <summary>Explicit run folder (e.g. shared by shards); default runs/&lt;name&gt;/&lt;timestamp&gt;.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>The full command line, for the manifest.</summary>
    public string CommandLine { get; init; } = string.Empty;
}
