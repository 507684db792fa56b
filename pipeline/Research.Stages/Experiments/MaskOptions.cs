using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>The <c>masks</c> stage (docs/masks-and-background.md).</summary>
public sealed record MaskOptions : IValidatableOptions
{
    /// <summary>How many evenly spaced frames get a visual check image (masks and lips rectangle over the frame).</summary>
    public int CheckImages { get; init; } = 4;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (CheckImages < 0)
        {
            yield return ("check_images", "must be zero or more.");
        }
    }
}
