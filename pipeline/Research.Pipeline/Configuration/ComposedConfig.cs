namespace Research.Pipeline.Configuration;

/// <summary>The result of composing an experiment: the merged tree plus what went into it.</summary>
public sealed record ComposedConfig(
    ConfigMapping Root,
    string ExperimentPath,
    string ConfigRoot,
    IReadOnlyList<ConfigOverride> Overrides,
    IReadOnlyList<string> SourceFiles);
