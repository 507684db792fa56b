using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>Settings for <see cref="PerformanceGenerator"/>. Equal options always give identical performances.</summary>
public sealed record PerformanceOptions
{
    /// <summary>Requested clip length in seconds (0, 3600]; the clip is <see cref="FrameCount"/> / <see cref="Fps"/> long.</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Video frame rate (0, 240]; frame i is sampled at i / Fps (see <see cref="PerformanceGenerator.FrameTime"/>).</summary>
    public double Fps { get; init; } = 25;

    /// <summary>Seed of what is said and how the face moves: script, audio noise, blinks, brows, smiles and head motion.</summary>
    public int MotionSeed { get; init; }

    /// <summary>Seed of who speaks: the voice, when <see cref="Voice"/> is not given.</summary>
    public int IdentitySeed { get; init; }

    /// <summary>Speaker; null draws one from <see cref="IdentitySeed"/> with <see cref="Speech.Voice.FromSeed"/>.</summary>
    public Voice? Voice { get; init; }

    /// <summary>Number of video frames: round(Seconds × Fps), halves away from zero.</summary>
    public int FrameCount => (int)Math.Round(Seconds * Fps, MidpointRounding.AwayFromZero);

    /// <summary>Actual clip length, FrameCount / Fps seconds, which the audio and the phoneme timeline cover exactly.</summary>
    public double ClipSeconds => FrameCount / Fps;

    /// <summary>Number of audio samples: round(ClipSeconds × 16000), halves away from zero.</summary>
    public int SampleCount => SpeechSynthesizer.SampleCount(ClipSeconds);

    /// <summary>The voice used: <see cref="Voice"/> or the one drawn from <see cref="IdentitySeed"/>.</summary>
    public Voice ResolveVoice() => Voice ?? Speech.Voice.FromSeed(IdentitySeed);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is unusable.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Seconds) || Seconds <= 0 || Seconds > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "Seconds must be in (0, 3600].");
        }

        if (!double.IsFinite(Fps) || Fps <= 0 || Fps > 240)
        {
            throw new ArgumentOutOfRangeException(nameof(Fps), Fps, "Fps must be in (0, 240].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FrameCount, 1, nameof(Seconds));
        ResolveVoice().Validate();
    }
}
