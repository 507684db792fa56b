using Research.Media.Audio;
using Research.Media.Imaging;

namespace Research.Datasets.Generated;

/// <summary>A synthetic talking clip: RGB frames, mono speech-like audio and the ground-truth mouth opening.</summary>
public sealed class GeneratedClip
{
    /// <summary>Creates a clip; the lists are not copied.</summary>
    public GeneratedClip(IReadOnlyList<ByteImage> frames, AudioClip audio, double[] mouthOpenness, int fps)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(mouthOpenness);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fps);
        if (mouthOpenness.Length != frames.Count)
        {
            throw new ArgumentException($"{mouthOpenness.Length} openness values for {frames.Count} frames.", nameof(mouthOpenness));
        }

        Frames = frames;
        Audio = audio;
        MouthOpenness = mouthOpenness;
        Fps = fps;
    }

    /// <summary>Video frames, 3-channel RGB; frame i shows time i / <see cref="Fps"/>.</summary>
    public IReadOnlyList<ByteImage> Frames { get; }

    /// <summary>Mono audio covering the same duration as the frames.</summary>
    public AudioClip Audio { get; }

    /// <summary>Per-frame mouth opening in [0, 1] (0 closed, 1 the widest vowel), as drawn.</summary>
    public double[] MouthOpenness { get; }

    /// <summary>Video frame rate.</summary>
    public int Fps { get; }
}
