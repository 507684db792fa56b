namespace Research.Datasets.Generated;

/// <summary>Settings for <see cref="GeneratedClipGenerator"/>. Equal options always produce identical clips.</summary>
public sealed record GeneratedClipOptions
{
    /// <summary>Clip duration in seconds. Frames = round(Seconds × Fps), samples = round(Seconds × SampleRate).</summary>
    public double Seconds { get; init; } = 4;

    /// <summary>Video frame rate; frame i shows time i / Fps.</summary>
    public int Fps { get; init; } = 25;

    /// <summary>Frame width in pixels (at least 16).</summary>
    public int Width { get; init; } = 64;

    /// <summary>Frame height in pixels (at least 16).</summary>
    public int Height { get; init; } = 64;

    /// <summary>Seed for every random process (speech script, voice, blinks, head bob, background).</summary>
    public int Seed { get; init; }

    /// <summary>Audio sample rate in Hz (at least 8000, so the formants fit below Nyquist).</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Number of video frames these options produce.</summary>
    public int FrameCount => (int)Math.Round(Seconds * Fps, MidpointRounding.AwayFromZero);

    /// <summary>Number of audio samples these options produce.</summary>
    public int SampleCount => (int)Math.Round(Seconds * SampleRate, MidpointRounding.AwayFromZero);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is unusable.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Seconds) || Seconds <= 0 || Seconds > 3600)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "Seconds must be in (0, 3600].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Fps, nameof(Fps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Width, 16, nameof(Width));
        ArgumentOutOfRangeException.ThrowIfLessThan(Height, 16, nameof(Height));
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRate, 8000, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(FrameCount, 1, nameof(Seconds));
    }
}
