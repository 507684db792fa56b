namespace Research.Media.Audio;

/// <summary>Audio samples as floats in [-1, 1], channels interleaved.</summary>
public sealed class AudioClip
{
    /// <summary>Creates a clip over existing samples (not copied).</summary>
    public AudioClip(int sampleRate, int channels, float[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples do not divide into {channels} channels.", nameof(samples));
        }

        SampleRate = sampleRate;
        Channels = channels;
        Samples = samples;
    }

    /// <summary>Samples per second per channel.</summary>
    public int SampleRate { get; }

    /// <summary>Interleaved channel count.</summary>
    public int Channels { get; }

    /// <summary>Interleaved samples.</summary>
    public float[] Samples { get; }

    /// <summary>Samples per channel.</summary>
    public int FrameCount => Samples.Length / Channels;

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>Averages the channels into one.</summary>
    public AudioClip ToMono()
    {
        if (Channels == 1)
        {
            return this;
        }

        var mono = new float[FrameCount];
        for (var i = 0; i < mono.Length; i++)
        {
            var sum = 0f;
            for (var c = 0; c < Channels; c++)
            {
                sum += Samples[(i * Channels) + c];
            }

            mono[i] = sum / Channels;
        }

        return new AudioClip(SampleRate, 1, mono);
    }
}
