using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>
/// The built-in log-mel front end (docs/audio-features.md): 50 Hz steps of 25 ms Hann windows, windows of 16 steps
/// per video frame, the same [N, 16, C] layout as DeepSpeech features.
/// </summary>
public sealed record AudioFeatureOptions : IValidatableOptions
{
    /// <summary>Mel bands C (29 matches the DeepSpeech feature width).</summary>
    public int MelBands { get; init; } = 29;

    /// <summary>Steps of 20 ms per window.</summary>
    public int WindowSteps { get; init; } = 16;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (MelBands is < 1 or > 128)
        {
            yield return ("mel_bands", "must be between 1 and 128.");
        }

        if (WindowSteps < 2 || WindowSteps % 2 != 0)
        {
            yield return ("window_steps", "must be a positive even number.");
        }
    }
}
