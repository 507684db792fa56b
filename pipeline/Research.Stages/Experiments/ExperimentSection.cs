using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>Identity and seeding of an experiment.</summary>
public sealed record ExperimentSection : IValidatableOptions
{
    /// <summary>Name used for the run folder (runs/&lt;name&gt;/…); defaults to the experiment file name.</summary>
    public string? Name { get; init; }

    /// <summary>One line shown in reports.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Root seed; every job and stage derives its own seed from it (recorded in the manifest).</summary>
    public long Seed { get; init; }

    /// <summary>How many seeds each method × variant × dataset runs with (seed indices 0 … seeds−1).</summary>
    public int Seeds { get; init; } = 1;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Seeds < 1)
        {
            yield return ("seeds", "must be at least 1.");
        }

        if (Name is not null && (Name.Length == 0 || Name.IndexOfAny(['/', '\\', ':']) >= 0))
        {
            yield return ("name", "must be a non-empty folder name without '/', '\\' or ':'.");
        }
    }
}
