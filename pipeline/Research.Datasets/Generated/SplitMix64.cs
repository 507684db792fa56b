namespace Research.Datasets.Generated;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014). Used instead of <see cref="Random"/> because its output is fixed
/// by this code, so generated clips stay byte-identical across .NET versions.
/// </summary>
internal sealed class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong state;

    /// <summary>Creates a generator for one named stream of a seed, so independent processes never share draws.</summary>
    public SplitMix64(int seed, ulong stream)
    {
        // Mix the seed and stream separately so nearby seeds or streams start far apart in the sequence.
        state = Mix(unchecked((ulong)(uint)seed + (stream * Gamma))) ^ Mix(stream + 0x2545F4914F6CDD1DUL);
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
    public int NextInt(int maxExclusive) => (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);

    /// <summary>True with the given probability.</summary>
    public bool NextBool(double probability) => NextDouble() < probability;

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
