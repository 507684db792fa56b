using System.Text.Json.Serialization;

namespace Research.Metrics.Aggregation;

/// <summary>Settings of the percentile bootstrap; recorded in reports so an interval can be reproduced exactly.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Seed used when none is given.</summary>
    public const ulong DefaultSeed = 20240531;

    /// <summary>1000 resamples, seed <see cref="DefaultSeed"/>, 95 % level.</summary>
    public static BootstrapOptions Default { get; } = new();

    /// <summary>Number of resamples (default 1000).</summary>
    [JsonPropertyName("resamples")]
    public int Resamples { get; init; } = 1000;

    /// <summary>Seed of the xoshiro256** generator; the same seed and values always give the same interval.</summary>
    [JsonPropertyName("seed")]
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Two-sided coverage in (0, 1), default 0.95.</summary>
    [JsonPropertyName("level")]
    public double Level { get; init; } = 0.95;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (Resamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Resamples), Resamples, "Bootstrap needs at least one resample.");
        }

        if (!(Level > 0 && Level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "The confidence level must lie strictly between 0 and 1.");
        }
    }
}
