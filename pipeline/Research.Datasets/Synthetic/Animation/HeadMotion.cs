using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Head pose: slow sums of sinusoids per axis (0.03–0.4 Hz) plus short nods (positive pitch) on stressed syllables.
/// Bounds: pitch ±6° (4° drift + 2° nods), yaw ±6°, roll ±3°, translation ±0.02 head units (±0.03 in depth); a
/// per-clip liveliness factor of 0.6–1 scales them all.
/// </summary>
internal sealed class HeadMotion
{
    public const double MaxPitchDegrees = 6, MaxYawDegrees = 6, MaxRollDegrees = 3, MaxTranslation = 0.03;
    private const double DriftPitchDegrees = 4, NodDegrees = 2, LateralTranslation = 0.02, DepthTranslation = 0.03;

    private readonly SlowNoise pitch, yaw, roll, tx, ty, tz;
    private readonly PulseTrain nods = new();
    private readonly double liveliness;

    public HeadMotion(IReadOnlyList<PhonemeSegment> phonemes, SeededRandom random)
    {
        liveliness = random.NextDouble(0.6, 1.0);
        pitch = new SlowNoise(random, 0.05, 0.35);
        yaw = new SlowNoise(random, 0.03, 0.25);
        roll = new SlowNoise(random, 0.04, 0.3);
        tx = new SlowNoise(random, 0.03, 0.2);
        ty = new SlowNoise(random, 0.03, 0.2);
        tz = new SlowNoise(random, 0.03, 0.2);
        var lastNod = double.NegativeInfinity;
        foreach (var segment in phonemes)
        {
            if (segment.Stress < 0.6 || !PhonemeInventory.TryGet(segment.Symbol, out var phoneme) || phoneme.Class != PhonemeClass.Vowel)
            {
                continue;
            }

            var chance = random.NextDouble();
            var amplitude = random.NextDouble(0.5, 1.0) * segment.Stress;
            if (chance < 0.6 && segment.Start - lastNod > 0.4)
            {
                // The head dips just as the stressed vowel starts and comes back within about a third of a second.
                nods.Add(segment.Start - 0.05, 0.12, 0.02, 0.2, amplitude);
                lastNod = segment.Start;
            }
        }
    }

    public HeadPose Pose(double t)
    {
        const double Radians = Math.PI / 180;
        return new HeadPose(
            Pitch: liveliness * Radians * ((DriftPitchDegrees * pitch.Value(t)) + (NodDegrees * nods.Value(t))),
            Yaw: liveliness * Radians * MaxYawDegrees * yaw.Value(t),
            Roll: liveliness * Radians * MaxRollDegrees * roll.Value(t),
            Tx: liveliness * LateralTranslation * tx.Value(t),
            Ty: liveliness * LateralTranslation * ty.Value(t),
            Tz: liveliness * DepthTranslation * tz.Value(t));
    }
}
