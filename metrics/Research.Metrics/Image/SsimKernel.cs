using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Research.Metrics.Image;

/// <summary>
/// Separable SSIM on interleaved HWC floats. For each output row it filters the 11 (or 7) input rows vertically into five float64
/// row buffers (x, y, x², y², xy), then filters those horizontally with stride C — which keeps channels separate without
/// de-interleaving — and evaluates the SSIM formula. Rows are independent, so threads never share state and the row sums
/// are added in a fixed order.
/// </summary>
internal static class SsimKernel
{
    // Below this many map values a thread hand-off costs more than it saves.
    private const int ParallelThreshold = 1 << 14;

    // Buffers per row: x, y, x², y², xy.
    private const int Quantities = 5;

    public static double Mean(float[] x, float[] y, int width, int height, int channels, SsimWindow window, int maxDegreeOfParallelism, double[]? map)
    {
        var g = new Geometry(width, height, channels, window);
        var rowSums = new double[g.OutHeight];
        if (maxDegreeOfParallelism == 1 || map is not null || g.OutHeight * (long)g.OutLength < ParallelThreshold)
        {
            var scratch = new double[Quantities * g.BufferLength];
            for (var r = 0; r < g.OutHeight; r++)
            {
                rowSums[r] = Row(x, y, g, window, r, scratch, map);
            }
        }
        else
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };

            // One zeroed scratch block per worker; its padding stays zero because only the centre is ever written.
            Parallel.For(
                0,
                g.OutHeight,
                options,
                () => new double[Quantities * g.BufferLength],
                (r, _, scratch) =>
                {
                    rowSums[r] = Row(x, y, g, window, r, scratch, null);
                    return scratch;
                },
                static _ => { });
        }

        var total = 0.0;
        foreach (var s in rowSums)
        {
            total += s;
        }

        // Every channel's map has the same size, so the mean over all values equals the mean of the per-channel means.
        return total / ((double)g.OutHeight * g.OutLength);
    }

    private static double Row(float[] x, float[] y, in Geometry g, SsimWindow window, int r, double[] scratch, double[]? map)
    {
        // Window rows that fall outside the image are zero padding: skipping them adds exactly nothing.
        var firstRow = r - window.Pad;
        var kLo = Math.Max(0, -firstRow);
        var kHi = Math.Min(window.Size, g.Height - firstRow);
        Vertical(x, y, g, window.Taps, firstRow, kLo, kHi, scratch);
        return Horizontal(g, window, scratch, map, r * g.OutLength);
    }

    private static void Vertical(float[] x, float[] y, in Geometry g, double[] taps, int firstRow, int kLo, int kHi, double[] scratch)
    {
        var n = g.RowLength;
        ref var x0 = ref MemoryMarshal.GetArrayDataReference(x);
        ref var y0 = ref MemoryMarshal.GetArrayDataReference(y);
        ref var bx = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(scratch), g.PadLength);
        ref var by = ref Unsafe.Add(ref bx, g.BufferLength);
        ref var bxx = ref Unsafe.Add(ref by, g.BufferLength);
        ref var byy = ref Unsafe.Add(ref bxx, g.BufferLength);
        ref var bxy = ref Unsafe.Add(ref byy, g.BufferLength);
        var i = 0;

        // Products are formed as (t·x)·x and (t·x)·y so identical inputs give bit-identical x², y² and xy sums (SSIM = 1 exactly).
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<double> sx0 = default, sx1 = default, sy0 = default, sy1 = default;
                Vector512<double> sxx0 = default, sxx1 = default, syy0 = default, syy1 = default, sxy0 = default, sxy1 = default;
                for (var k = kLo; k < kHi; k++)
                {
                    var t = Vector512.Create(taps[k]);
                    var offset = (nuint)(((firstRow + k) * n) + i);
                    var (xa, xb) = Vector512.Widen(Vector512.LoadUnsafe(ref x0, offset));
                    var (ya, yb) = Vector512.Widen(Vector512.LoadUnsafe(ref y0, offset));
                    var txa = xa * t;
                    var tya = ya * t;
                    var txb = xb * t;
                    var tyb = yb * t;
                    sx0 += txa;
                    sy0 += tya;
                    sx1 += txb;
                    sy1 += tyb;
                    sxx0 = Vector512.FusedMultiplyAdd(txa, xa, sxx0);
                    syy0 = Vector512.FusedMultiplyAdd(tya, ya, syy0);
                    sxy0 = Vector512.FusedMultiplyAdd(txa, ya, sxy0);
                    sxx1 = Vector512.FusedMultiplyAdd(txb, xb, sxx1);
                    syy1 = Vector512.FusedMultiplyAdd(tyb, yb, syy1);
                    sxy1 = Vector512.FusedMultiplyAdd(txb, yb, sxy1);
                }

                var lo = (nuint)i;
                var hi = (nuint)(i + Vector512<double>.Count);
                sx0.StoreUnsafe(ref bx, lo);
                sx1.StoreUnsafe(ref bx, hi);
                sy0.StoreUnsafe(ref by, lo);
                sy1.StoreUnsafe(ref by, hi);
                sxx0.StoreUnsafe(ref bxx, lo);
                sxx1.StoreUnsafe(ref bxx, hi);
                syy0.StoreUnsafe(ref byy, lo);
                syy1.StoreUnsafe(ref byy, hi);
                sxy0.StoreUnsafe(ref bxy, lo);
                sxy1.StoreUnsafe(ref bxy, hi);
            }
        }

        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<double> sx0 = default, sx1 = default, sy0 = default, sy1 = default;
                Vector<double> sxx0 = default, sxx1 = default, syy0 = default, syy1 = default, sxy0 = default, sxy1 = default;
                for (var k = kLo; k < kHi; k++)
                {
                    var t = new Vector<double>(taps[k]);
                    var offset = (nuint)(((firstRow + k) * n) + i);
                    var xv = Vector.LoadUnsafe(ref x0, offset);
                    var yv = Vector.LoadUnsafe(ref y0, offset);
                    var xa = Vector.WidenLower(xv);
                    var xb = Vector.WidenUpper(xv);
                    var ya = Vector.WidenLower(yv);
                    var yb = Vector.WidenUpper(yv);
                    var txa = xa * t;
                    var tya = ya * t;
                    var txb = xb * t;
                    var tyb = yb * t;
                    sx0 += txa;
                    sy0 += tya;
                    sx1 += txb;
                    sy1 += tyb;
                    sxx0 = Vector.FusedMultiplyAdd(txa, xa, sxx0);
                    syy0 = Vector.FusedMultiplyAdd(tya, ya, syy0);
                    sxy0 = Vector.FusedMultiplyAdd(txa, ya, sxy0);
                    sxx1 = Vector.FusedMultiplyAdd(txb, xb, sxx1);
                    syy1 = Vector.FusedMultiplyAdd(tyb, yb, syy1);
                    sxy1 = Vector.FusedMultiplyAdd(txb, yb, sxy1);
                }

                var lo = (nuint)i;
                var hi = (nuint)(i + Vector<double>.Count);
                sx0.StoreUnsafe(ref bx, lo);
                sx1.StoreUnsafe(ref bx, hi);
                sy0.StoreUnsafe(ref by, lo);
                sy1.StoreUnsafe(ref by, hi);
                sxx0.StoreUnsafe(ref bxx, lo);
                sxx1.StoreUnsafe(ref bxx, hi);
                syy0.StoreUnsafe(ref byy, lo);
                syy1.StoreUnsafe(ref byy, hi);
                sxy0.StoreUnsafe(ref bxy, lo);
                sxy1.StoreUnsafe(ref bxy, hi);
            }
        }

        for (; i < n; i++)
        {
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (var k = kLo; k < kHi; k++)
            {
                var offset = ((firstRow + k) * n) + i;
                double xv = Unsafe.Add(ref x0, offset);
                double yv = Unsafe.Add(ref y0, offset);
                var tx = xv * taps[k];
                var ty = yv * taps[k];
                sx += tx;
                sy += ty;
                sxx = Math.FusedMultiplyAdd(tx, xv, sxx);
                syy = Math.FusedMultiplyAdd(ty, yv, syy);
                sxy = Math.FusedMultiplyAdd(tx, yv, sxy);
            }

            Unsafe.Add(ref bx, i) = sx;
            Unsafe.Add(ref by, i) = sy;
            Unsafe.Add(ref bxx, i) = sxx;
            Unsafe.Add(ref byy, i) = syy;
            Unsafe.Add(ref bxy, i) = sxy;
        }
    }

    private static double Horizontal(in Geometry g, SsimWindow window, double[] scratch, double[]? map, int mapOffset)
    {
        var taps = window.Taps;
        var size = taps.Length;
        var c = g.Channels;
        var n = g.OutLength;
        var cov = window.CovarianceScale;
        ref var bx = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref var by = ref Unsafe.Add(ref bx, g.BufferLength);
        ref var bxx = ref Unsafe.Add(ref by, g.BufferLength);
        ref var byy = ref Unsafe.Add(ref bxx, g.BufferLength);
        ref var bxy = ref Unsafe.Add(ref byy, g.BufferLength);
        var sum = 0.0;
        var j = 0;

        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<double>.Zero;
            for (; j <= n - Vector512<double>.Count; j += Vector512<double>.Count)
            {
                Vector512<double> mx = default, my = default, exx = default, eyy = default, exy = default;
                for (var k = 0; k < size; k++)
                {
                    var t = Vector512.Create(taps[k]);
                    var o = (nuint)(j + (k * c));
                    mx = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref bx, o), t, mx);
                    my = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref by, o), t, my);
                    exx = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref bxx, o), t, exx);
                    eyy = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref byy, o), t, eyy);
                    exy = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref bxy, o), t, exy);
                }

                var s = Formula(mx, my, exx, eyy, exy, Vector512.Create(cov));
                acc += s;
                if (map is not null)
                {
                    s.CopyTo(map, mapOffset + j);
                }
            }

            sum += Vector512.Sum(acc);
        }

        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                Vector<double> mx = default, my = default, exx = default, eyy = default, exy = default;
                for (var k = 0; k < size; k++)
                {
                    var t = new Vector<double>(taps[k]);
                    var o = (nuint)(j + (k * c));
                    mx = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bx, o), t, mx);
                    my = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref by, o), t, my);
                    exx = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bxx, o), t, exx);
                    eyy = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref byy, o), t, eyy);
                    exy = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref bxy, o), t, exy);
                }

                var s = Formula(mx, my, exx, eyy, exy, new Vector<double>(cov));
                acc += s;
                if (map is not null)
                {
                    s.CopyTo(map, mapOffset + j);
                }
            }

            sum += Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
            for (var k = 0; k < size; k++)
            {
                var o = j + (k * c);
                mx = Math.FusedMultiplyAdd(Unsafe.Add(ref bx, o), taps[k], mx);
                my = Math.FusedMultiplyAdd(Unsafe.Add(ref by, o), taps[k], my);
                exx = Math.FusedMultiplyAdd(Unsafe.Add(ref bxx, o), taps[k], exx);
                eyy = Math.FusedMultiplyAdd(Unsafe.Add(ref byy, o), taps[k], eyy);
                exy = Math.FusedMultiplyAdd(Unsafe.Add(ref bxy, o), taps[k], exy);
            }

            var s = Formula(mx, my, exx, eyy, exy, cov);
            sum += s;
            if (map is not null)
            {
                map[mapOffset + j] = s;
            }
        }

        return sum;
    }

    // No fused operations here: 2·(μx·μy) must equal μx² + μy² bit for bit when x = y, so identical images score exactly 1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Formula(Vector512<double> mx, Vector512<double> my, Vector512<double> exx, Vector512<double> eyy, Vector512<double> exy, Vector512<double> cov)
    {
        var mxx = mx * mx;
        var myy = my * my;
        var mxy = mx * my;
        var vx = (exx - mxx) * cov;
        var vy = (eyy - myy) * cov;
        var vxy = (exy - mxy) * cov;
        var two = Vector512.Create(2.0);
        var c1 = Vector512.Create(Ssim.C1);
        var c2 = Vector512.Create(Ssim.C2);
        return (((two * mxy) + c1) * ((two * vxy) + c2)) / ((mxx + myy + c1) * (vx + vy + c2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Formula(Vector<double> mx, Vector<double> my, Vector<double> exx, Vector<double> eyy, Vector<double> exy, Vector<double> cov)
    {
        var mxx = mx * mx;
        var myy = my * my;
        var mxy = mx * my;
        var vx = (exx - mxx) * cov;
        var vy = (eyy - myy) * cov;
        var vxy = (exy - mxy) * cov;
        var two = new Vector<double>(2.0);
        var c1 = new Vector<double>(Ssim.C1);
        var c2 = new Vector<double>(Ssim.C2);
        return (((two * mxy) + c1) * ((two * vxy) + c2)) / ((mxx + myy + c1) * (vx + vy + c2));
    }

    private static double Formula(double mx, double my, double exx, double eyy, double exy, double cov)
    {
        var mxx = mx * mx;
        var myy = my * my;
        var mxy = mx * my;
        var vx = (exx - mxx) * cov;
        var vy = (eyy - myy) * cov;
        var vxy = (exy - mxy) * cov;
        return (((2.0 * mxy) + Ssim.C1) * ((2.0 * vxy) + Ssim.C2)) / ((mxx + myy + Ssim.C1) * (vx + vy + Ssim.C2));
    }

    /// <summary>Sizes in values (not pixels) of the input rows, the padded row buffers and the map rows.</summary>
    private readonly struct Geometry
    {
        public Geometry(int width, int height, int channels, SsimWindow window)
        {
            Height = height;
            Channels = channels;
            RowLength = width * channels;
            PadLength = window.Pad * channels;
            BufferLength = RowLength + (2 * PadLength);
            OutHeight = height + (2 * window.Pad) - window.Size + 1;
            OutLength = (width + (2 * window.Pad) - window.Size + 1) * channels;
        }

        public int Height { get; }

        public int Channels { get; }

        public int RowLength { get; }

        public int PadLength { get; }

        public int BufferLength { get; }

        public int OutHeight { get; }

        public int OutLength { get; }
    }
}
