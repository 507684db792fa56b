using System.Buffers;
using System.Numerics;
using Research.Tensors.Threading;

namespace Research.Metrics.Lpips;

/// <summary>
/// The LPIPS head for one tap of one image pair, in float64: unit-normalise the features over channels at every
/// pixel (f / (‖f‖ + 1e-10)), square the difference, weight by the lin layer (1×1 conv, one output, no bias) and
/// average over the pixels. Each pixel is computed lane-wise and each row summed in order, so the value does not
/// depend on the thread count.
/// </summary>
internal static class LpipsHead
{
    /// <summary>
    /// (1/(H·W)) Σ_{h,w} Σ_c w_c (f̂₀ − f̂₁)² for features <paramref name="f0"/>, <paramref name="f1"/> laid out
    /// [C, H, W].
    /// </summary>
    public static double TapDistance(ReadOnlySpan<float> f0, ReadOnlySpan<float> f1, int channels, int height, int width, float[] lin)
    {
        var plane = height * width;
        var rowSums = new double[height];
        unsafe
        {
            fixed (float* p0 = f0, p1 = f1)
            {
                var a = (nint)p0;
                var b = (nint)p1;
                ComputeThreads.For(height, Math.Max(1, 4096 / Math.Max(1, width)), (_, start, end) =>
                    Rows((float*)a, (float*)b, channels, plane, width, start, end, lin, rowSums));
            }
        }

        var total = 0.0;
        foreach (var s in rowSums)
        {
            total += s;
        }

        return total / plane;
    }

    private static unsafe void Rows(float* f0, float* f1, int channels, int plane, int width, int rowStart, int rowEnd, float[] lin, double[] rowSums)
    {
        var first = rowStart * width;
        var n = (rowEnd - rowStart) * width;
        var pool = ArrayPool<double>.Shared;
        var inv0 = pool.Rent(n);
        var inv1 = pool.Rent(n);
        var acc = pool.Rent(n);
        try
        {
            var i0 = inv0.AsSpan(0, n);
            var i1 = inv1.AsSpan(0, n);
            var sum = acc.AsSpan(0, n);
            i0.Clear();
            i1.Clear();
            sum.Clear();
            for (var c = 0; c < channels; c++)
            {
                var offset = ((long)c * plane) + first;
                AddSquares(new ReadOnlySpan<float>(f0 + offset, n), i0);
                AddSquares(new ReadOnlySpan<float>(f1 + offset, n), i1);
            }

            for (var j = 0; j < n; j++)
            {
                i0[j] = 1.0 / (Math.Sqrt(i0[j]) + LpipsArchitecture.NormEpsilon);
                i1[j] = 1.0 / (Math.Sqrt(i1[j]) + LpipsArchitecture.NormEpsilon);
            }

            for (var c = 0; c < channels; c++)
            {
                var offset = ((long)c * plane) + first;
                AddWeighted(new ReadOnlySpan<float>(f0 + offset, n), new ReadOnlySpan<float>(f1 + offset, n), i0, i1, lin[c], sum);
            }

            for (var r = 0; r < rowEnd - rowStart; r++)
            {
                var s = 0.0;
                foreach (var v in sum.Slice(r * width, width))
                {
                    s += v;
                }

                rowSums[rowStart + r] = s;
            }
        }
        finally
        {
            pool.Return(inv0);
            pool.Return(inv1);
            pool.Return(acc);
        }
    }

    // s[j] += f[j]² (exact products in double; plain multiply and add, the same in the vector body and the tail).
    private static void AddSquares(ReadOnlySpan<float> f, Span<double> s)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var half = Vector<double>.Count;
            for (; j <= f.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(f[j..]), out var lo, out var hi);
                (new Vector<double>(s[j..]) + (lo * lo)).CopyTo(s[j..]);
                (new Vector<double>(s[(j + half)..]) + (hi * hi)).CopyTo(s[(j + half)..]);
            }
        }

        for (; j < f.Length; j++)
        {
            double v = f[j];
            s[j] += v * v;
        }
    }

    // acc[j] += w · (f0[j]·inv0[j] − f1[j]·inv1[j])².
    private static void AddWeighted(ReadOnlySpan<float> f0, ReadOnlySpan<float> f1, ReadOnlySpan<double> inv0, ReadOnlySpan<double> inv1, double w, Span<double> acc)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var half = Vector<double>.Count;
            var wv = new Vector<double>(w);
            for (; j <= f0.Length - Vector<float>.Count; j += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(f0[j..]), out var a0, out var a1);
                Vector.Widen(new Vector<float>(f1[j..]), out var b0, out var b1);
                var d0 = (a0 * new Vector<double>(inv0[j..])) - (b0 * new Vector<double>(inv1[j..]));
                var d1 = (a1 * new Vector<double>(inv0[(j + half)..])) - (b1 * new Vector<double>(inv1[(j + half)..]));
                (new Vector<double>(acc[j..]) + (wv * (d0 * d0))).CopyTo(acc[j..]);
                (new Vector<double>(acc[(j + half)..]) + (wv * (d1 * d1))).CopyTo(acc[(j + half)..]);
            }
        }

        for (; j < f0.Length; j++)
        {
            var d = (f0[j] * inv0[j]) - (f1[j] * inv1[j]);
            acc[j] += w * (d * d);
        }
    }
}
