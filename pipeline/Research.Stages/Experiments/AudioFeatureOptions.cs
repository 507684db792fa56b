using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>
/// Per-frame audio feature windows [N, steps, C] (docs/audio-features.md): the built-in log-mel front end (50 Hz steps
/// of 25 ms Hann windows, windows of 16 steps per video frame, the DeepSpeech layout), or features shipped with an
/// ER-NeRF-layout dataset (<c>aud_ds.npy</c>, <c>aud_hu.npy</c>, <c>aud_eo.npy</c>, <c>aud.npy</c>).
/// </summary>
public sealed record AudioFeatureOptions : IValidatableOptions
{
    /// <summary>Which features: auto (the dataset's .npy when present, else log-mel), log-mel, deepspeech, hubert or wav2vec.</summary>
    public AudioFeatureSource Source { get; init; } = AudioFeatureSource.Auto;

    /// <summary>Log-mel: mel bands C (29 matches the DeepSpeech feature width).</summary>
    public int MelBands { get; init; } = 29;

    /// <summary>Log-mel: steps of 20 ms per window.</summary>
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
