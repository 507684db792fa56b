using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// Spontaneous blinks: a renewal process with gaps of 1.8 s plus an exponential of mean 2 s (capped at 7 s), about
/// 16 per minute; 12 % are followed by a second blink 0.22–0.35 s later. Each blink closes in 35–50 ms, stays shut
/// 10–25 ms and reopens more slowly in 60–90 ms.
/// </summary>
internal sealed class BlinkTrack
{
    private readonly PulseTrain blinks = new();

    public BlinkTrack(double seconds, SeededRandom random)
    {
        var t = random.NextDouble(0.3, 3.0);
        while (t < seconds)
        {
            Add(t, random);
            if (random.NextBool(0.12))
            {
                Add(t + random.NextDouble(0.22, 0.35), random);
            }

            t += Math.Min(7, 1.8 + random.NextExponential(2.0));
        }
    }

    /// <summary>Start times of the blinks, in order.</summary>
    public IEnumerable<double> Starts => blinks.Starts;

    /// <summary>Eyelid closure in [0, 1] at time t.</summary>
    public double Weight(double t) => blinks.Value(t);

    private void Add(double start, SeededRandom random) =>
        blinks.Add(start, random.NextDouble(0.035, 0.05), random.NextDouble(0.01, 0.025), random.NextDouble(0.06, 0.09), random.NextDouble(0.92, 1.0));
}
