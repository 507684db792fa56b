using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Mouth expression weights over time from a phoneme timeline by the Cohen–Massaro (1993) dominance model: each
/// segment pulls every mouth expression towards its viseme target with a dominance that is flat over the
/// segment's core and decays exponentially outside it; the weight at time t is the dominance-weighted mean of the
/// targets, w(t) = Σₛ Dₛ(t)·Tₛ / Σₛ Dₛ(t).
/// </summary>
/// <remarks>
/// The core of a segment is the segment less min(25 % of its length, 30 ms) at each end, so long segments reach
/// their targets and a sound's dominance is never far below its peak inside it. Dₛ(t) = αₛ·exp(−d/τ) with d the
/// distance from t to the core and τ the viseme's anticipation time constant before it and carry-over after it.
/// Vowel jaw targets are scaled by 0.85 + 0.25·stress (stressed syllables open wider). Segments further than
/// <see cref="WindowSeconds"/> from t are skipped; their share of any weight is below 10⁻⁶.
/// </remarks>
public static class Coarticulation
{
    /// <summary>Segments whose core is further than this from the sample time are ignored.</summary>
    public const double WindowSeconds = 1.5;

    private const double CoreFraction = 0.25, CoreMargin = 0.03;

    /// <summary>
    /// Weights at each time, row-major [times, <see cref="Performance.ExpressionCount"/>]; only the
    /// <see cref="VisemeTable.MouthExpressions"/> columns are set, the others are 0.
    /// </summary>
    /// <exception cref="ArgumentException">A segment has an unknown symbol or bad times, or segments overlap or are out of order.</exception>
    public static float[] Sample(IReadOnlyList<PhonemeSegment> segments, IReadOnlyList<double> times)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(times);
        var visemes = new Viseme[segments.Count];
        var vowels = new bool[segments.Count];
        for (var s = 0; s < segments.Count; s++)
        {
            var segment = segments[s] ?? throw new ArgumentException($"Phoneme segment {s} is null.", nameof(segments));
            visemes[s] = VisemeTable.Get(segment.Symbol);
            vowels[s] = PhonemeInventory.Get(segment.Symbol).Class == PhonemeClass.Vowel;
            if (!double.IsFinite(segment.Start) || !double.IsFinite(segment.End) || segment.End < segment.Start)
            {
                throw new ArgumentException($"Phoneme segment {s} ('{segment.Symbol}') has invalid times [{segment.Start}, {segment.End}].", nameof(segments));
            }

            if (s > 0 && segment.Start < segments[s - 1].End - 1e-9)
            {
                throw new ArgumentException($"Phoneme segment {s} ('{segment.Symbol}') starts at {segment.Start} s, before segment {s - 1} ends ({segments[s - 1].End} s).", nameof(segments));
            }
        }

        var mouth = VisemeTable.MouthExpressions;
        var neutral = VisemeTable.Get(PhonemeInventory.SilenceSymbol);
        var count = Performance.ExpressionCount;
        var weights = new float[times.Count * count];
        Span<double> numerator = stackalloc double[mouth.Count];
        Span<double> denominator = stackalloc double[mouth.Count];
        for (var i = 0; i < times.Count; i++)
        {
            var t = times[i];
            numerator.Clear();
            denominator.Clear();
            for (var s = FirstNear(segments, t - WindowSeconds); s < segments.Count && segments[s].Start - CoreMargin <= t + WindowSeconds; s++)
            {
                Accumulate(segments[s], visemes[s], vowels[s], t, numerator, denominator);
            }

            for (var m = 0; m < mouth.Count; m++)
            {
                var e = mouth[m];
                var value = denominator[m] > 0 ? numerator[m] / denominator[m] : neutral.Target(e);
                weights[(i * count) + (int)e] = (float)Math.Clamp(value, 0, 1);
            }
        }

        return weights;
    }

    // Adds one segment's dominance and dominance × target for every mouth expression at time t.
    private static void Accumulate(PhonemeSegment segment, Viseme viseme, bool isVowel, double t, Span<double> numerator, Span<double> denominator)
    {
        var margin = Math.Min(CoreFraction * segment.Duration, CoreMargin);
        var coreStart = segment.Start + margin;
        var coreEnd = segment.End - margin;
        var before = t < coreStart;
        var distance = before ? coreStart - t : Math.Max(0, t - coreEnd);
        var mouth = VisemeTable.MouthExpressions;
        for (var m = 0; m < mouth.Count; m++)
        {
            var e = mouth[m];
            var tau = !before ? viseme.CarryoverSeconds
                : e is Expression.Pucker or Expression.Funnel ? viseme.RoundingAnticipationSeconds
                : viseme.AnticipationSeconds;
            var dominance = viseme.Dominance(e) * Math.Exp(-distance / tau);
            var target = (double)viseme.Target(e);
            if (isVowel && e == Expression.JawDrop)
            {
                target *= 0.85 + (0.25 * segment.Stress);
            }

            numerator[m] += dominance * target;
            denominator[m] += dominance;
        }
    }

    // First segment that ends at or after t − margin (binary search; segments are sorted and do not overlap).
    private static int FirstNear(IReadOnlyList<PhonemeSegment> segments, double t)
    {
        int low = 0, high = segments.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (segments[mid].End + CoreMargin < t)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
