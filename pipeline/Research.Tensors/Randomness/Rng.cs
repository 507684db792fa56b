namespace Research.Tensors.Randomness;

/// <summary>
/// The engine's seeded random generator (SplitMix64): a fixed, documented sequence for a seed on every platform and
/// runtime, unlike <see cref="System.Random"/>. Not thread-safe; give each thread its own instance.
/// </summary>
public sealed class Rng
{
    private ulong state;

    /// <summary>Creates a generator whose sequence depends only on <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        state = seed;
    }

    /// <summary>
    /// The whole generator state (SplitMix64 has one 64-bit word): save it in a checkpoint and assign it back to
    /// continue the exact sequence.
    /// </summary>
    public ulong State
    {
        get => state;
        set => state = value;
    }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>Standard normal sample (Box–Muller; one sample per call so the sequence stays simple).</summary>
    public double NextNormal()
    {
        // 1 - u keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
