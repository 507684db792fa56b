using System.Numerics;

namespace Research.Metrics.Aggregation;

/// <summary>xoshiro256** 1.0 (Blackman, Vigna): small, fast and fixed forever, so bootstrap intervals are reproducible.</summary>
internal sealed class Xoshiro256StarStar
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    /// <summary>Seeds the four state words from SplitMix64, as the authors recommend; never all zero.</summary>
    public Xoshiro256StarStar(ulong seed)
    {
        var sm = new SplitMix64(seed);
        s0 = sm.Next();
        s1 = sm.Next();
        s2 = sm.Next();
        s3 = sm.Next();
    }

    /// <summary>Sets the raw state (for checking against the reference implementation's outputs).</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("The all-zero state is invalid.", nameof(s0));
        }

        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
    }

    public ulong Next()
    {
        var result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, bound) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextBelow(int bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        }

        var n = (ulong)bound;
        var high = Math.BigMul(Next(), n, out var low);
        if (low < n)
        {
            // Reject the few products whose low word falls in the biased sliver: threshold = 2^64 mod n.
            var threshold = (0UL - n) % n;
            while (low < threshold)
            {
                high = Math.BigMul(Next(), n, out low);
            }
        }

        return (int)high;
    }
}
