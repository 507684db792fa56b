using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>The root of an experiment file after composition.</summary>
public sealed record ExperimentConfig : IValidatableOptions
{
    /// <summary>The config schema version this tool reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the config format; this tool reads version 1.</summary>
    public required int SchemaVersion { get; init; }

    /// <summary>Name, description and seeds of the study.</summary>
    public ExperimentSection Experiment { get; init; } = new();

    /// <summary>Where runs and the cache go, and how many threads to use.</summary>
    public RunSection Run { get; init; } = new();

    /// <summary>Datasets by name; each entry starts from configs/dataset/&lt;use or name&gt;.yaml.</summary>
    public required IReadOnlyDictionary<string, DatasetOptions> Datasets { get; init; }

    /// <summary>Methods by name; each entry starts from configs/method/&lt;use or name&gt;.yaml and may declare named variants.</summary>
    public required IReadOnlyDictionary<string, ConfigNode> Methods { get; init; }

    /// <summary>Which metrics to compute and how.</summary>
    public MetricsOptions Metrics { get; init; } = new();

    /// <summary>How results are reported.</summary>
    public ReportOptions Report { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (SchemaVersion != CurrentSchemaVersion)
        {
            yield return ("schema_version", $"this tool reads schema version {CurrentSchemaVersion}, the file says {SchemaVersion}. Update the file (see docs/configuration.md) or the tool.");
        }

        if (Datasets.Count == 0)
        {
            yield return ("datasets", "name at least one dataset.");
        }

        if (Methods.Count == 0)
        {
            yield return ("methods", "name at least one method.");
        }
    }
}
