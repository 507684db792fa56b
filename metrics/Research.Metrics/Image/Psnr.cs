using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Research.Media.Imaging;

namespace Research.Metrics.Image;

/// <summary>
/// Peak signal-to-noise ratio as the ER-NeRF / TalkingGaussian <c>PSNRMeter</c> computes it (metrics.md §2):
/// PSNR = −10·log10(MSE) with peak 1, MSE over every H×W×C value, one value per frame.
/// </summary>
public static class Psnr
{
    // Fixed chunking keeps the summation order, and so the result, independent of the thread count.
    private const int ChunkLength = 1 << 16;

    /// <summary>
    /// PSNR in dB of <paramref name="pred"/> against <paramref name="gt"/>, both nominally in [0, 1] (peak 1).
    /// Identical images give <see cref="double.PositiveInfinity"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double Compute(FloatImage pred, FloatImage gt) => FromMeanSquaredError(MeanSquaredError(pred, gt));

    /// <summary>Converts an MSE (peak 1) to dB: −10·log10(mse); 0 gives +∞.</summary>
    public static double FromMeanSquaredError(double mse) => mse == 0 ? double.PositiveInfinity : -10.0 * Math.Log10(mse);

    /// <summary>
    /// Mean of (pred − gt)² over all values; differences, squares and sums are taken in float64.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double MeanSquaredError(FloatImage pred, FloatImage gt)
    {
        ImageChecks.RequireSameShape(pred, gt);
        var x = pred.Data;
        var y = gt.Data;
        var chunks = (x.Length + ChunkLength - 1) / ChunkLength;
        var partial = new double[chunks];
        if (chunks == 1)
        {
            partial[0] = SumSquaredDifference(x, y, 0, x.Length);
        }
        else
        {
            Parallel.For(0, chunks, c =>
            {
                var start = c * ChunkLength;
                partial[c] = SumSquaredDifference(x, y, start, Math.Min(ChunkLength, x.Length - start));
            });
        }

        var total = 0.0;
        foreach (var p in partial)
        {
            total += p;
        }

        return total / x.Length;
    }

    private static double SumSquaredDifference(float[] x, float[] y, int start, int length)
    {
        ref var xr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(x), start);
        ref var yr = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(y), start);
        var i = 0;
        var sum = 0.0;
        if (Vector512.IsHardwareAccelerated)
        {
            var a0 = Vector512<double>.Zero;
            var a1 = Vector512<double>.Zero;
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var (xl, xh) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, (nuint)i));
                var (yl, yh) = Vector512.Widen(Vector512.LoadUnsafe(ref yr, (nuint)i));
                var dl = xl - yl;
                var dh = xh - yh;
                a0 = Vector512.FusedMultiplyAdd(dl, dl, a0);
                a1 = Vector512.FusedMultiplyAdd(dh, dh, a1);
            }

            sum += Vector512.Sum(a0 + a1);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            var a0 = Vector<double>.Zero;
            var a1 = Vector<double>.Zero;
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var xv = Vector.LoadUnsafe(ref xr, (nuint)i);
                var yv = Vector.LoadUnsafe(ref yr, (nuint)i);
                var dl = Vector.WidenLower(xv) - Vector.WidenLower(yv);
                var dh = Vector.WidenUpper(xv) - Vector.WidenUpper(yv);
                a0 = Vector.FusedMultiplyAdd(dl, dl, a0);
                a1 = Vector.FusedMultiplyAdd(dh, dh, a1);
            }

            sum += Vector.Sum(a0 + a1);
        }

        for (; i < length; i++)
        {
            var d = (double)Unsafe.Add(ref xr, i) - Unsafe.Add(ref yr, i);
            sum = Math.FusedMultiplyAdd(d, d, sum);
        }

        return sum;
    }
}
