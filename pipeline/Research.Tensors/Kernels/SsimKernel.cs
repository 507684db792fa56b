using System.Numerics;
using System.Runtime.InteropServices;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Kernels;

/// <summary>
/// Fused SSIM as used for Gaussian-splatting training: 11×11 Gaussian window (σ 1.5, separable), zero padding 5 so
/// the map has the input's size, C1 = 0.01², C2 = 0.03², mean of the map. Planes (one image channel each) are
/// independent: each is handled by one thread with its own scratch, and per-plane sums are added in plane order,
/// so the result never depends on the thread count. The backward pass recomputes the window statistics and uses
/// that the adjoint of a symmetric zero-padded blur is the same blur.
/// </summary>
internal static class SsimKernel
{
    public const int WindowSize = 11;
    public const int Radius = WindowSize / 2;
    public const double Sigma = 1.5;
    public const double C1 = 0.01 * 0.01;
    public const double C2 = 0.03 * 0.03;

    /// <summary>The normalised 1-D Gaussian taps (the 2-D window is their outer product).</summary>
    public static double[] Taps()
    {
        var taps = new double[WindowSize];
        var sum = 0.0;
        for (var i = 0; i < WindowSize; i++)
        {
            var d = i - Radius;
            taps[i] = Math.Exp(-(d * d) / (2 * Sigma * Sigma));
            sum += taps[i];
        }

        for (var i = 0; i < WindowSize; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }

    /// <summary>Mean SSIM over <paramref name="planes"/> planes of height×width in contiguous x and y.</summary>
    public static double Forward<T>(T[] x, int xOffset, T[] y, int yOffset, int planes, int height, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plane = height * width;
        var sums = new double[planes];
        var taps = TypedTaps<T>();
        ComputeThreads.For(planes, MinPlanes(plane), (_, start, end) =>
        {
            var s = ScratchPool<T>.Rent(height, width);
            for (var p = start; p < end; p++)
            {
                var xs = x.AsSpan(xOffset + (p * plane), plane);
                var ys = y.AsSpan(yOffset + (p * plane), plane);
                s.Statistics(xs, ys, taps);
                var sum = 0.0;
                if (typeof(T) == typeof(float) && SsimMapKernel.IsSupported)
                {
                    // Vectorised map written over E[x²] (read before written, lane by lane), then the same sequential double sum.
                    var map = MemoryMarshal.Cast<T, float>(s.Exx.AsSpan());
                    SsimMapKernel.Forward(
                        MemoryMarshal.Cast<T, float>(s.Mx.AsSpan()), MemoryMarshal.Cast<T, float>(s.My.AsSpan()), map, MemoryMarshal.Cast<T, float>(s.Eyy.AsSpan()),
                        MemoryMarshal.Cast<T, float>(s.Exy.AsSpan()), map);
                    foreach (var v in map)
                    {
                        sum += v;
                    }
                }
                else
                {
                    for (var i = 0; i < plane; i++)
                    {
                        sum += double.CreateChecked(Map(s.Mx[i], s.My[i], s.Exx[i], s.Eyy[i], s.Exy[i], out T _, out T _, out T _, out T _));
                    }
                }

                sums[p] = sum;
            }

            ScratchPool<T>.Return(s);
        });

        var total = 0.0;
        foreach (var v in sums)
        {
            total += v;
        }

        return total / ((double)planes * plane);
    }

    /// <summary>Gradients of <paramref name="upstream"/> · mean SSIM w.r.t. x and y (either output may be null).</summary>
    public static void Backward<T>(T[] x, int xOffset, T[] y, int yOffset, int planes, int height, int width, T upstream, T[]? dx, T[]? dy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var plane = height * width;
        var scale = upstream / T.CreateChecked((double)planes * plane);
        var taps = TypedTaps<T>();
        var two = T.CreateChecked(2);
        ComputeThreads.For(planes, MinPlanes(plane), (_, start, end) =>
        {
            var s = ScratchPool<T>.Rent(height, width);
            for (var p = start; p < end; p++)
            {
                var xs = x.AsSpan(xOffset + (p * plane), plane);
                var ys = y.AsSpan(yOffset + (p * plane), plane);
                s.Statistics(xs, ys, taps);

                // Overwrite the statistics in place with dL/d(statistic) at each pixel.
                if (typeof(T) == typeof(float) && SsimMapKernel.IsSupported)
                {
                    SsimMapKernel.Backward(
                        MemoryMarshal.Cast<T, float>(s.Mx.AsSpan()), MemoryMarshal.Cast<T, float>(s.My.AsSpan()), MemoryMarshal.Cast<T, float>(s.Exx.AsSpan()),
                        MemoryMarshal.Cast<T, float>(s.Eyy.AsSpan()), MemoryMarshal.Cast<T, float>(s.Exy.AsSpan()), float.CreateChecked(scale));
                }
                else
                {
                    MapBackward(s, plane, scale);
                }

                // The adjoint of the blur is the blur; dL/dExx = dL/dEyy, so one blurred map serves both.
                s.Blur(s.Mx, taps);
                s.Blur(s.My, taps);
                s.Blur(s.Exx, taps);
                s.Blur(s.Exy, taps);
                if (dx is not null)
                {
                    var d = dx.AsSpan(p * plane, plane);
                    for (var i = 0; i < plane; i++)
                    {
                        d[i] = s.Mx[i] + (two * xs[i] * s.Exx[i]) + (ys[i] * s.Exy[i]);
                    }
                }

                if (dy is not null)
                {
                    var d = dy.AsSpan(p * plane, plane);
                    for (var i = 0; i < plane; i++)
                    {
                        d[i] = s.My[i] + (two * ys[i] * s.Exx[i]) + (xs[i] * s.Exy[i]);
                    }
                }
            }

            ScratchPool<T>.Return(s);
        });
    }

    // Scalar twin of SsimMapKernel.Backward: the statistics become scale·∂SSIM/∂statistic.
    private static void MapBackward<T>(Scratch<T> s, int plane, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < plane; i++)
        {
            Map(s.Mx[i], s.My[i], s.Exx[i], s.Eyy[i], s.Exy[i], out var gmx, out var gmy, out var gsq, out var gxy);
            s.Mx[i] = scale * gmx;
            s.My[i] = scale * gmy;
            s.Exx[i] = scale * gsq;
            s.Exy[i] = scale * gxy;
        }
    }

    /// <summary>
    /// SSIM at one pixel from its window statistics, and its partial derivatives w.r.t. μx, μy, E[x²] (= that w.r.t.
    /// E[y²]) and E[xy].
    /// </summary>
    internal static T Map<T>(T mx, T my, T exx, T eyy, T exy, out T dMx, out T dMy, out T dSq, out T dXy)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = T.CreateChecked(2);
        var c1 = T.CreateChecked(C1);
        var c2 = T.CreateChecked(C2);
        var a1 = (two * mx * my) + c1;
        var a2 = (two * (exy - (mx * my))) + c2;
        var b1 = (mx * mx) + (my * my) + c1;
        var b2 = (exx - (mx * mx)) + (eyy - (my * my)) + c2;
        var d = b1 * b2;
        var ssim = a1 * a2 / d;

        // dS = (dA1·A2 + A1·dA2 − S·(dB1·B2 + B1·dB2)) / D.
        dMx = ((two * my * (a2 - a1)) - (ssim * two * mx * (b2 - b1))) / d;
        dMy = ((two * mx * (a2 - a1)) - (ssim * two * my * (b2 - b1))) / d;
        dSq = -ssim * b1 / d;
        dXy = two * a1 / d;
        return ssim;
    }

    private static T[] TypedTaps<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => [.. Taps().Select(T.CreateChecked)];

    private static int MinPlanes(int plane) => Math.Max(1, 4096 / Math.Max(1, plane));

    /// <summary>
    /// Reuses plane buffers across calls (a training loop calls SSIM twice per iteration on same-size images; fresh
    /// 6-plane buffers cost page faults). Every buffer is fully overwritten before it is read, so reuse changes no value.
    /// </summary>
    private static class ScratchPool<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private const int Capacity = 8;
        private static readonly Stack<Scratch<T>> Free = new();

        public static Scratch<T> Rent(int height, int width)
        {
            lock (Free)
            {
                if (Free.TryPeek(out var top) && top.Height == height && top.Width == width)
                {
                    return Free.Pop();
                }
            }

            return new Scratch<T>(height, width);
        }

        public static void Return(Scratch<T> scratch)
        {
            lock (Free)
            {
                if (Free.TryPeek(out var top) && (top.Height != scratch.Height || top.Width != scratch.Width))
                {
                    Free.Clear();
                }

                if (Free.Count < Capacity)
                {
                    Free.Push(scratch);
                }
            }
        }
    }

    /// <summary>Per-thread buffers for one plane: the five blurred statistics and the blur's intermediate.</summary>
    internal sealed class Scratch<T>(int height, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T[] Mx { get; } = new T[height * width];

        public T[] My { get; } = new T[height * width];

        public T[] Exx { get; } = new T[height * width];

        public T[] Eyy { get; } = new T[height * width];

        public T[] Exy { get; } = new T[height * width];

        private float[]? padded;

        public int Height => height;

        public int Width => width;

        private T[] Temp { get; } = new T[height * width];

        public void Statistics(ReadOnlySpan<T> x, ReadOnlySpan<T> y, T[] taps)
        {
            x.CopyTo(Mx);
            y.CopyTo(My);
            TP.Multiply(x, x, Exx);
            TP.Multiply(y, y, Eyy);
            TP.Multiply(x, y, Exy);
            Blur(Mx, taps);
            Blur(My, taps);
            Blur(Exx, taps);
            Blur(Eyy, taps);
            Blur(Exy, taps);
        }

        /// <summary>In-place separable zero-padded blur: rows then columns, each tap a vectorised multiply-add.</summary>
        public void Blur(T[] data, T[] taps)
        {
            if (typeof(T) == typeof(float) && SsimBlurKernel.IsSupported)
            {
                padded ??= new float[SsimBlurKernel.PaddedLength(width)];
                SsimBlurKernel.Blur(
                    MemoryMarshal.Cast<T, float>(data.AsSpan()), MemoryMarshal.Cast<T, float>(Temp.AsSpan()), padded, height, width, MemoryMarshal.Cast<T, float>(taps.AsSpan()));
                return;
            }

            BlurReference(data, taps);
        }

        /// <summary>The same blur as one vectorised multiply-add pass per tap (generic; the fp32 kernel's twin).</summary>
        public void BlurReference(T[] data, T[] taps)
        {
            var temp = Temp.AsSpan();
            temp.Clear();
            for (var r = 0; r < height; r++)
            {
                var src = data.AsSpan(r * width, width);
                var dst = temp.Slice(r * width, width);
                for (var k = 0; k < WindowSize; k++)
                {
                    // dst[j] += tap[k] · src[j + k − R] for the j whose source lies inside the row.
                    var shift = k - Radius;
                    var lo = Math.Max(0, -shift);
                    var hi = Math.Min(width, width - shift);
                    if (hi > lo)
                    {
                        TP.MultiplyAdd(src.Slice(lo + shift, hi - lo), taps[k], dst[lo..hi], dst[lo..hi]);
                    }
                }
            }

            var output = data.AsSpan();
            output.Clear();
            for (var r = 0; r < height; r++)
            {
                var dst = output.Slice(r * width, width);
                for (var k = 0; k < WindowSize; k++)
                {
                    var source = r + k - Radius;
                    if (source >= 0 && source < height)
                    {
                        TP.MultiplyAdd(temp.Slice(source * width, width), taps[k], dst, dst);
                    }
                }
            }
        }
    }
}
