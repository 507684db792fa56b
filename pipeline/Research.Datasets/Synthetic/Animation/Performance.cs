using Research.Media.Audio;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Everything that moves in a synthetic clip, sampled per video frame: the speech audio, the phoneme timeline it
/// was synthesised from, expression weights (visemes with coarticulation, blinks, brows) and head pose.
/// </summary>
public sealed class Performance
{
    private readonly float[] _weights;

    /// <summary>Creates a performance; <paramref name="weights"/> is row-major [frames, <see cref="ExpressionCount"/>].</summary>
    public Performance(double fps, AudioClip audio, IReadOnlyList<PhonemeSegment> phonemes, float[] weights, HeadPose[] poses, float[] vowelOpenness)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(phonemes);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(poses);
        ArgumentNullException.ThrowIfNull(vowelOpenness);
        if (weights.Length != poses.Length * ExpressionCount || vowelOpenness.Length != poses.Length)
        {
            throw new ArgumentException($"weights ({weights.Length}), poses ({poses.Length}) and openness ({vowelOpenness.Length}) disagree on the frame count.");
        }

        Fps = fps;
        Audio = audio;
        Phonemes = phonemes;
        _weights = weights;
        Poses = poses;
        VowelOpenness = vowelOpenness;
    }

    /// <summary>Number of expression blendshapes.</summary>
    public static int ExpressionCount { get; } = Enum.GetValues<Expression>().Length;

    /// <summary>Video frames per second.</summary>
    public double Fps { get; }

    /// <summary>Number of video frames.</summary>
    public int FrameCount => Poses.Length;

    /// <summary>Mono speech at 16 kHz, exactly FrameCount / Fps seconds long.</summary>
    public AudioClip Audio { get; }

    /// <summary>The phoneme timeline the audio was synthesised from.</summary>
    public IReadOnlyList<PhonemeSegment> Phonemes { get; }

    /// <summary>Head pose per frame.</summary>
    public HeadPose[] Poses { get; }

    /// <summary>The synthesiser's openness (see <see cref="PhonemeSegment.Openness"/>) at each frame's time, before coarticulation.</summary>
    public float[] VowelOpenness { get; }

    /// <summary>Weight in [0, 1] of <paramref name="expression"/> at <paramref name="frame"/>.</summary>
    public float Weight(int frame, Expression expression) => _weights[(frame * ExpressionCount) + (int)expression];

    /// <summary>All weights of one frame, indexed by <see cref="Expression"/>.</summary>
    public ReadOnlySpan<float> Weights(int frame) => _weights.AsSpan(frame * ExpressionCount, ExpressionCount);
}
