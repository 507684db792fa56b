using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>The train/test split: the first train_parts/total_parts of the frames train.</summary>
public sealed record SplitOptions : IValidatableOptions
{
    /// <summary>Numerator of the training fraction.</summary>
    public int TrainParts { get; init; } = 10;

    /// <summary>Denominator of the training fraction.</summary>
    public int TotalParts { get; init; } = 11;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (TrainParts <= 0 || TotalParts <= TrainParts)
        {
            yield return (string.Empty, "needs 0 < train_parts < total_parts.");
        }
    }
}
