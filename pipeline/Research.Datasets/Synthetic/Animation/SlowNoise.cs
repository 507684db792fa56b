using Research.Datasets.Synthetic.Randomness;

namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// A smooth random signal in [−1, 1]: a sum of sinusoids with random frequencies in a low band and random phases,
/// normalised by the sum of amplitudes so it can never leave the range. Its speed is bounded by the top frequency.
/// </summary>
internal sealed class SlowNoise
{
    private readonly double[] frequencies;
    private readonly double[] phases;
    private readonly double[] amplitudes;

    public SlowNoise(SeededRandom random, double minHz, double maxHz, int components = 4)
    {
        frequencies = new double[components];
        phases = new double[components];
        amplitudes = new double[components];
        var total = 0.0;
        for (var k = 0; k < components; k++)
        {
            // Log-uniform frequencies; lower ones get more amplitude, like natural drift.
            frequencies[k] = minHz * Math.Pow(maxHz / minHz, random.NextDouble());
            phases[k] = random.NextDouble(0, 2 * Math.PI);
            amplitudes[k] = random.NextDouble(0.5, 1.0) * Math.Sqrt(minHz / frequencies[k]);
            total += amplitudes[k];
        }

        for (var k = 0; k < components; k++)
        {
            amplitudes[k] /= total;
        }
    }

    public double Value(double t)
    {
        var sum = 0.0;
        for (var k = 0; k < frequencies.Length; k++)
        {
            sum += amplitudes[k] * Math.Sin((2 * Math.PI * frequencies[k] * t) + phases[k]);
        }

        return sum;
    }
}
