using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>The synthetic talking head (docs/synthetic-head.md).</summary>
public sealed record SyntheticOptions : IValidatableOptions
{
    /// <summary>Clip length in seconds.</summary>
    public double Seconds { get; init; } = 8;

    /// <summary>Width and height of the frames in pixels.</summary>
    public int Resolution { get; init; } = 128;

    /// <summary>Seed of the person's look (head shape, colours, hairstyle, voice).</summary>
    public int IdentitySeed { get; init; }

    /// <summary>Seed of what is said and of blinks, brows and head motion.</summary>
    public int MotionSeed { get; init; }

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Seconds is <= 0 or > 3600)
        {
            yield return ("seconds", "must be between 0 and 3600.");
        }

        if (Resolution is < 32 or > 2048)
        {
            yield return ("resolution", "must be between 32 and 2048.");
        }
    }
}
