using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Brow activity: a slow random baseline, raises at phrase starts (60 %) and on accented syllables (50 %), and an
/// occasional brief frown (brow lower) that raises suppress.
/// </summary>
internal sealed class BrowTrack
{
    private readonly PulseTrain raises = new();
    private readonly PulseTrain frowns = new();
    private readonly SlowNoise inner;
    private readonly SlowNoise outer;
    private readonly SlowNoise lower;

    public BrowTrack(double seconds, IReadOnlyList<PhonemeSegment> phonemes, SeededRandom random)
    {
        inner = new SlowNoise(random, 0.05, 0.4);
        outer = new SlowNoise(random, 0.05, 0.4);
        lower = new SlowNoise(random, 0.03, 0.3);
        var lastRaise = double.NegativeInfinity;
        foreach (var segment in phonemes)
        {
            var accented = segment.Stress >= 0.9 && PhonemeInventory.TryGet(segment.Symbol, out var p) && p.Class == PhonemeClass.Vowel;
            if (!segment.PhraseStart && !accented)
            {
                continue;
            }

            // Every draw is made whether or not the raise happens, so later draws do not depend on the branch.
            var chance = random.NextDouble();
            var amplitude = random.NextDouble(0.15, 0.4);
            var hold = random.NextDouble(0.1, 0.4);
            if (chance < (segment.PhraseStart ? 0.6 : 0.5) && segment.Start - lastRaise > 0.8)
            {
                raises.Add(segment.Start - 0.1, 0.15, hold, 0.5, amplitude);
                lastRaise = segment.Start;
            }
        }

        var t = random.NextDouble(2, 12);
        while (t < seconds)
        {
            frowns.Add(t, 0.3, random.NextDouble(0.5, 1.5), 0.5, random.NextDouble(0.1, 0.25));
            t += 4 + random.NextExponential(10);
        }
    }

    /// <summary>Inner brow raise, outer brow raise and brow lower at time t, each in [0, 1].</summary>
    public (double Inner, double Outer, double Lower) Weights(double t)
    {
        var raise = raises.Value(t);
        var innerRaise = 0.05 + (0.05 * inner.Value(t)) + (0.9 * raise);
        var outerRaise = 0.04 + (0.04 * outer.Value(t)) + (0.7 * raise);
        var browLower = (0.03 + (0.03 * lower.Value(t)) + frowns.Value(t)) * (1 - raise);
        return (Math.Clamp(innerRaise, 0, 1), Math.Clamp(outerRaise, 0, 1), Math.Clamp(browLower, 0, 1));
    }
}
