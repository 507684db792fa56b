using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Research.Tensors.Kernels;

/// <summary>
/// The fp32 Adam / AdamW element update, 16 lanes at a time. Every lane does the scalar formula's operations in the
/// scalar order (no fused multiply-adds; IEEE multiply, divide and square root are exact per lane), so the result is
/// bit-identical to the scalar loop in <see cref="Optim.Adam{T}"/>.
/// </summary>
internal static class AdamKernel
{
    /// <summary>Per-step constants of one parameter group (already converted to float).</summary>
    internal readonly record struct Coefficients(
        float Beta1, float Beta2, float OneMinusBeta1, float OneMinusBeta2, float WeightDecay, float Decay, float StepSize, float Bc2Sqrt, float Eps, bool Coupled, bool Decoupled);

    /// <summary>Updates p, m, v in place from g (all the same length).</summary>
    public static void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in Coefficients c)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && p.Length >= Vector512<float>.Count)
        {
            ref var pr = ref MemoryMarshal.GetReference(p);
            ref var gr = ref MemoryMarshal.GetReference(g);
            ref var mr = ref MemoryMarshal.GetReference(m);
            ref var vr = ref MemoryMarshal.GetReference(v);
            var b1 = Vector512.Create(c.Beta1);
            var b2 = Vector512.Create(c.Beta2);
            var omb1 = Vector512.Create(c.OneMinusBeta1);
            var omb2 = Vector512.Create(c.OneMinusBeta2);
            var wd = Vector512.Create(c.WeightDecay);
            var decay = Vector512.Create(c.Decay);
            var stepSize = Vector512.Create(c.StepSize);
            var bc2 = Vector512.Create(c.Bc2Sqrt);
            var eps = Vector512.Create(c.Eps);
            for (; i <= p.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var u = (nuint)i;
                var pi = Vector512.LoadUnsafe(ref pr, u);
                var gi = Vector512.LoadUnsafe(ref gr, u);
                if (c.Coupled)
                {
                    gi += wd * pi;
                }

                if (c.Decoupled)
                {
                    pi *= decay;
                }

                var mi = (b1 * Vector512.LoadUnsafe(ref mr, u)) + (omb1 * gi);
                var vi = (b2 * Vector512.LoadUnsafe(ref vr, u)) + (omb2 * gi * gi);
                pi -= stepSize * mi / ((Vector512.Sqrt(vi) / bc2) + eps);
                mi.StoreUnsafe(ref mr, u);
                vi.StoreUnsafe(ref vr, u);
                pi.StoreUnsafe(ref pr, u);
            }
        }

        for (; i < p.Length; i++)
        {
            var gi = c.Coupled ? g[i] + (c.WeightDecay * p[i]) : g[i];
            if (c.Decoupled)
            {
                p[i] *= c.Decay;
            }

            m[i] = (c.Beta1 * m[i]) + (c.OneMinusBeta1 * gi);
            v[i] = (c.Beta2 * v[i]) + (c.OneMinusBeta2 * gi * gi);
            p[i] -= c.StepSize * m[i] / ((MathF.Sqrt(v[i]) / c.Bc2Sqrt) + c.Eps);
        }
    }
}
