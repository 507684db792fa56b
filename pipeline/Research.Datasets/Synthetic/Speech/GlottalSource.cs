using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Speech;

/// <summary>
/// Rosenberg (1971) glottal flow pulse train, differentiated to include lip radiation. Jitter and shimmer are drawn
/// once per period so the pulse shape stays continuous.
/// </summary>
internal sealed class GlottalSource(double sampleRate, double jitter, double shimmer, SeededRandom random)
{
    private const double OpeningFraction = 0.4, ClosingFraction = 0.12;

    private double phase;
    private double periodScale = 1;
    private double amplitude = 1;
    private double previousFlow;

    /// <summary>Next sample of the flow derivative at fundamental <paramref name="f0"/> Hz; peak flow is 1.</summary>
    public double Next(double f0)
    {
        phase += f0 * periodScale / sampleRate;
        if (phase >= 1)
        {
            phase -= Math.Floor(phase);
            periodScale = 1 + (jitter * random.NextGaussian());
            amplitude = Math.Max(0, 1 + (shimmer * random.NextGaussian()));
        }

        double flow;
        if (phase < OpeningFraction)
        {
            flow = 0.5 * (1 - Math.Cos(Math.PI * phase / OpeningFraction));
        }
        else if (phase < OpeningFraction + ClosingFraction)
        {
            flow = Math.Cos(0.5 * Math.PI * (phase - OpeningFraction) / ClosingFraction);
        }
        else
        {
            flow = 0;
        }

        flow *= amplitude;
        var derivative = flow - previousFlow;
        previousFlow = flow;

        // Scaled by the period so the level does not grow with F0 (the derivative alone scales with F0).
        return derivative * sampleRate / (f0 * 8);
    }
}
