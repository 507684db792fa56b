namespace Research.Datasets.Synthetic.Randomness;

/// <summary>
/// A small deterministic generator (SplitMix64, Steele, Lea and Flood 2014) with named streams. Used instead of
/// <see cref="Random"/>, whose seeded sequence is not promised to stay the same across .NET versions.
/// </summary>
/// <remarks>
/// Each random process of a synthetic clip takes its own stream of the seed, so adding a draw to one process never
/// changes another. Not thread-safe; give each thread its own instance.
/// </remarks>
public sealed class SeededRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong state;

    /// <summary>Creates the generator for stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public SeededRandom(long seed, ulong stream)
    {
        // Seed and stream are mixed separately so nearby seeds or streams start far apart in the sequence.
        state = Mix(unchecked((ulong)seed + (stream * Gamma))) ^ Mix(unchecked(stream + 0x2545F4914F6CDD1DUL));
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        state = unchecked(state + Gamma);
        return Mix(state);
    }

    /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [min, max).</summary>
    public double NextDouble(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform integer in [0, maxExclusive) by multiply-shift (bias is negligible for small ranges).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>True with the given probability.</summary>
    public bool NextBool(double probability) => NextDouble() < probability;

    /// <summary>Standard normal deviate (Box–Muller; one of the pair is discarded so the stream stays simple).</summary>
    public double NextGaussian()
    {
        var u = 1 - NextDouble(); // (0, 1], so the log is finite
        var v = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    /// <summary>Exponential deviate with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1 - NextDouble());

    /// <summary>An independent generator for a sub-stream, drawn from this one.</summary>
    public SeededRandom Fork(ulong stream) => new(unchecked((long)NextUInt64()), stream);

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
