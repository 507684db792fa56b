using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
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
    private const int BlockBytes = 256 * 1024;

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
                ComputeThreads.For(height, Math.Max(1, 32768 / Math.Max(1, width * channels)), (_, start, end) =>
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
            var sum = acc.AsSpan(0, n);
            sum.Clear();

            // Pixel blocks small enough that both images' features of a block stay in L2 between the two passes.
            var block = Math.Min(n, Math.Max(64, (BlockBytes / (8 * channels)) & ~15));
            for (var j0 = 0; j0 < n; j0 += block)
            {
                var m = Math.Min(block, n - j0);
                var i0 = inv0.AsSpan(0, m);
                var i1 = inv1.AsSpan(0, m);
                i0.Clear();
                i1.Clear();
                for (var c = 0; c < channels; c++)
                {
                    var offset = ((long)c * plane) + first + j0;
                    AddSquares(new ReadOnlySpan<float>(f0 + offset, m), i0);
                    AddSquares(new ReadOnlySpan<float>(f1 + offset, m), i1);
                }

                for (var j = 0; j < m; j++)
                {
                    i0[j] = 1.0 / (Math.Sqrt(i0[j]) + LpipsArchitecture.NormEpsilon);
                    i1[j] = 1.0 / (Math.Sqrt(i1[j]) + LpipsArchitecture.NormEpsilon);
                }

                var part = sum.Slice(j0, m);
                for (var c = 0; c < channels; c++)
                {
                    var offset = ((long)c * plane) + first + j0;
                    AddWeighted(new ReadOnlySpan<float>(f0 + offset, m), new ReadOnlySpan<float>(f1 + offset, m), i0, i1, lin[c], part);
                }
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
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= f.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var v = Vector512.Create(f[j..]);
                var (lo, hi) = (Vector512.WidenLower(v), Vector512.WidenUpper(v));
                (Vector512.Create(s[j..]) + (lo * lo)).CopyTo(s[j..]);
                (Vector512.Create(s[(j + 8)..]) + (hi * hi)).CopyTo(s[(j + 8)..]);
            }
        }
        else if (Vector.IsHardwareAccelerated)
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
        if (Vector512.IsHardwareAccelerated)
        {
            var wv = Vector512.Create(w);
            for (; j <= f0.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                var a = Vector512.Create(f0[j..]);
                var b = Vector512.Create(f1[j..]);
                var d0 = (Vector512.WidenLower(a) * Vector512.Create(inv0[j..])) - (Vector512.WidenLower(b) * Vector512.Create(inv1[j..]));
                var d1 = (Vector512.WidenUpper(a) * Vector512.Create(inv0[(j + 8)..])) - (Vector512.WidenUpper(b) * Vector512.Create(inv1[(j + 8)..]));
                (Vector512.Create(acc[j..]) + (wv * (d0 * d0))).CopyTo(acc[j..]);
                (Vector512.Create(acc[(j + 8)..]) + (wv * (d1 * d1))).CopyTo(acc[(j + 8)..]);
            }
        }
        else if (Vector.IsHardwareAccelerated)
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
