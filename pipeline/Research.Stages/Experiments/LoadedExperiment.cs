using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>A composed, validated experiment expanded into jobs.</summary>
public sealed record LoadedExperiment(
    string Name,
    ComposedConfig Composed,
    ExperimentConfig Config,
    IReadOnlyList<JobSpec> Jobs)
{
    /// <summary>The resolved config as YAML (saved in every run directory).</summary>
    public string ResolvedYaml => ConfigYamlWriter.Write(Composed.Root);

    /// <summary>The overrides as YAML (a list of the texts given on the command line).</summary>
    public string OverridesYaml => ConfigYamlWriter.Write(new ConfigSequence(
        Composed.Overrides.Select(o => (ConfigNode)new ConfigScalar(o.Text, quoted: true, o.Location)),
        SourceLocation.Generated));
}
