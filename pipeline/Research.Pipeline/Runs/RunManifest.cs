namespace Research.Pipeline.Runs;

/// <summary>Provenance of a run (or of one shard of it): environment, seeds and what every stage did.</summary>
public sealed record RunManifest
{
    /// <summary>Format version of this file.</summary>
    public int ManifestVersion { get; init; } = 1;

    /// <summary>Experiment name.</summary>
    public required string Experiment { get; init; }

    /// <summary>Experiment file as given.</summary>
    public required string ExperimentFile { get; init; }

    /// <summary>Command-line overrides, in order.</summary>
    public required IReadOnlyList<string> Overrides { get; init; }

    /// <summary>SHA-256 of the resolved config text.</summary>
    public required string ConfigHash { get; init; }

    /// <summary>The full command line.</summary>
    public required string CommandLine { get; init; }

    /// <summary>Shard "i/n" when the run was sharded.</summary>
    public string? Shard { get; init; }

    /// <summary>Start time (UTC).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>End time (UTC); null while running or when interrupted.</summary>
    public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>Git commit of the source tree.</summary>
    public string? GitCommit { get; init; }

    /// <summary>Whether the source tree had uncommitted changes.</summary>
    public bool? GitDirty { get; init; }

    /// <summary>Version of this tool's assembly.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>.NET runtime.</summary>
    public required string DotNet { get; init; }

    /// <summary>Operating system.</summary>
    public required string OperatingSystem { get; init; }

    /// <summary>CPU model.</summary>
    public required string Cpu { get; init; }

    /// <summary>Logical processors on the machine.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>Worker threads the run used.</summary>
    public required int Threads { get; init; }

    /// <summary>ffmpeg version line when ffmpeg was used.</summary>
    public string? Ffmpeg { get; init; }

    /// <summary>The root seed.</summary>
    public required long RootSeed { get; init; }

    /// <summary>Every derived seed, by stage id.</summary>
    public required IReadOnlyDictionary<string, int> Seeds { get; init; }

    /// <summary>Every stage in execution order.</summary>
    public required IReadOnlyList<ManifestStage> Stages { get; init; }

    /// <summary>Notices worth keeping with the results (e.g. fallbacks taken).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
