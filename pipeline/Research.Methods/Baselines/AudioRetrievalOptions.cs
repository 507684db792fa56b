using Research.Pipeline.Configuration;

namespace Research.Methods.Baselines;

/// <summary>Options of the audio-retrieval baseline.</summary>
public sealed record AudioRetrievalOptions : IValidatableOptions
{
    /// <summary>How many nearest training frames to average (1 = copy the single nearest frame).</summary>
    public int Neighbours { get; init; } = 1;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Neighbours < 1)
        {
            yield return ("neighbours", "must be at least 1.");
        }
    }
}
