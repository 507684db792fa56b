namespace Research.Datasets.Generated;

/// <summary>The seeded sequence of syllables and pauses that both the audio and the mouth follow.</summary>
internal sealed class SpeechScript
{
    private SpeechScript(double duration, IReadOnlyList<Syllable> syllables)
    {
        Duration = duration;
        Syllables = syllables;
    }

    /// <summary>Clip length in seconds.</summary>
    public double Duration { get; }

    /// <summary>Non-overlapping syllables in time order.</summary>
    public IReadOnlyList<Syllable> Syllables { get; }

    /// <summary>Draws words of 1–3 syllables separated by pauses until the clip is full.</summary>
    public static SpeechScript Create(double duration, SplitMix64 random)
    {
        var syllables = new List<Syllable>();
        var t = random.NextDouble(0.05, 0.3);
        Vowel? previous = null;
        while (true)
        {
            var count = 1 + random.NextInt(3);
            for (var s = 0; s < count; s++)
            {
                var length = random.NextDouble(0.12, 0.28);
                if (t + length > duration - 0.02)
                {
                    return new SpeechScript(duration, syllables);
                }

                // Redraw once on a repeat so consecutive syllables usually differ in openness.
                var vowel = Vowel.All[random.NextInt(Vowel.All.Count)];
                if (vowel == previous)
                {
                    vowel = Vowel.All[random.NextInt(Vowel.All.Count)];
                }

                syllables.Add(new Syllable(t, t + length, vowel, random.NextDouble(0.7, 1.0), random.NextDouble(0.9, 1.15)));
                previous = vowel;

                // A short consonant-like gap inside a word; the envelope dips to zero there.
                t += length + random.NextDouble(0.02, 0.06);
            }

            t += random.NextBool(0.15) ? random.NextDouble(0.5, 0.9) : random.NextDouble(0.1, 0.4);
        }
    }

    /// <summary>
    /// Mouth opening at given times: the target (vowel openness × syllable envelope, 0 in pauses) smoothed by a
    /// Gaussian of σ = 35 ms (coarticulation: the lips anticipate and lag the sound), evaluated on a 1 ms grid.
    /// </summary>
    public double[] SmoothedOpenness(IReadOnlyList<double> times)
    {
        const double Step = 0.001, Sigma = 0.035;
        const int Reach = 105; // 3σ in steps
        var grid = new double[(int)Math.Ceiling(Duration / Step) + 1];
        foreach (var syllable in Syllables)
        {
            var first = Math.Max(0, (int)Math.Floor(syllable.Start / Step));
            var last = Math.Min(grid.Length - 1, (int)Math.Ceiling(syllable.End / Step));
            for (var k = first; k <= last; k++)
            {
                grid[k] = Math.Max(grid[k], syllable.Vowel.Openness * syllable.Envelope(k * Step));
            }
        }

        var kernel = new double[(2 * Reach) + 1];
        for (var j = -Reach; j <= Reach; j++)
        {
            var x = j * Step / Sigma;
            kernel[j + Reach] = Math.Exp(-0.5 * x * x);
        }

        var kernelSum = kernel.Sum();
        var result = new double[times.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var centre = (int)Math.Round(times[i] / Step, MidpointRounding.AwayFromZero);
            var sum = 0.0;
            for (var j = -Reach; j <= Reach; j++)
            {
                var k = centre + j;
                if (k >= 0 && k < grid.Length)
                {
                    sum += grid[k] * kernel[j + Reach];
                }
            }

            result[i] = Math.Clamp(sum / kernelSum, 0, 1);
        }

        return result;
    }
}
