namespace Research.Datasets.AudioFeatures;

/// <summary>Settings for <see cref="LogMelFrontEnd"/>. The defaults give 29 bands at 50 Hz, the DeepSpeech feature width and rate.</summary>
public sealed record LogMelOptions
{
    /// <summary>Number of mel bands C (29 matches the DeepSpeech character logits used by ER-NeRF/TalkingGaussian).</summary>
    public int MelBands { get; init; } = 29;

    /// <summary>Required input sample rate in Hz.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Analysis window length in samples (400 = 25 ms at 16 kHz).</summary>
    public int WindowLength { get; init; } = 400;

    /// <summary>Step between windows in samples (320 = 20 ms, i.e. 50 feature rows per second).</summary>
    public int Hop { get; init; } = 320;

    /// <summary>FFT length, a power of two at least <see cref="WindowLength"/>; the window is zero-padded to it.</summary>
    public int FftSize { get; init; } = 512;

    /// <summary>Lower edge of the first mel filter in Hz.</summary>
    public double FMin { get; init; }

    /// <summary>Upper edge of the last mel filter in Hz (at most half the sample rate).</summary>
    public double FMax { get; init; } = 8000;

    /// <summary>Whether to normalise the whole output by its global mean and standard deviation (the DeepSpeech path does).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Feature rows per second, SampleRate / Hop.</summary>
    public double StepsPerSecond => (double)SampleRate / Hop;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when the settings are inconsistent.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MelBands, nameof(MelBands));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleRate, nameof(SampleRate));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WindowLength, nameof(WindowLength));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hop, nameof(Hop));
        if (FftSize < 2 || (FftSize & (FftSize - 1)) != 0 || FftSize < WindowLength)
        {
            throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, $"FftSize must be a power of two no smaller than WindowLength ({WindowLength}).");
        }

        if (!(FMin >= 0) || !(FMax > FMin) || FMax > SampleRate / 2.0)
        {
            throw new ArgumentOutOfRangeException(nameof(FMax), FMax, $"Need 0 <= FMin ({FMin}) < FMax <= SampleRate / 2 ({SampleRate / 2.0}).");
        }
    }
}
