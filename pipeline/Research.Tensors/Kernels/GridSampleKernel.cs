using System.Numerics;
using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// Bilinear grid sampling (PyTorch's <c>grid_sampler_2d</c>, modes zeros/border) on contiguous NCHW input and
/// NHW2 grid. Forward and grid gradient are parallel over (n, output row); the input gradient is parallel over
/// channel planes, each accumulated in output row-major order, so results do not depend on the thread count.
/// </summary>
internal static class GridSampleKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Two = T.CreateTruncating(2);

    public static void Forward(T[] input, T[] grid, T[] output, int n, int c, int h, int w, int ho, int wo, bool border, bool alignCorners)
    {
        var planeIn = h * w;
        var planeOut = ho * wo;
        ComputeThreads.For(n * ho, Math.Max(1, 4096 / Math.Max(1, wo * c)), (_, start, end) =>
        {
            // Taps of one output row, then channel by channel: planes are 2^k apart, so a channel-inner loop would
            // hit the same cache sets over and over.
            var taps = new Tap[wo];
            for (var r = start; r < end; r++)
            {
                var b = r / ho;
                var oy = r % ho;
                RowTaps(taps, grid, ((b * ho) + oy) * wo, h, w, border, alignCorners);
                for (var ch = 0; ch < c; ch++)
                {
                    var plane = ((b * c) + ch) * planeIn;
                    var o = (((b * c) + ch) * planeOut) + (oy * wo);
                    for (var ox = 0; ox < wo; ox++)
                    {
                        output[o + ox] = taps[ox].Sample(input, plane);
                    }
                }
            }
        });
    }

    public static void GridGradient(T[] input, T[] grid, T[] gradOut, T[] gradGrid, int n, int c, int h, int w, int ho, int wo, bool border, bool alignCorners)
    {
        var planeIn = h * w;
        var planeOut = ho * wo;
        ComputeThreads.For(n * ho, Math.Max(1, 4096 / Math.Max(1, wo * c)), (_, start, end) =>
        {
            var taps = new Tap[wo];
            var sx = new T[wo];
            var sy = new T[wo];
            for (var r = start; r < end; r++)
            {
                var b = r / ho;
                var oy = r % ho;
                var first = ((b * ho) + oy) * wo;
                RowTaps(taps, grid, first, h, w, border, alignCorners);
                Array.Clear(sx);
                Array.Clear(sy);

                // Each point sums its channels in ascending order.
                for (var ch = 0; ch < c; ch++)
                {
                    var plane = ((b * c) + ch) * planeIn;
                    var o = (((b * c) + ch) * planeOut) + (oy * wo);
                    for (var ox = 0; ox < wo; ox++)
                    {
                        ref readonly var tap = ref taps[ox];
                        var g = gradOut[o + ox];
                        var v00 = tap.O00 >= 0 ? input[plane + tap.O00] : T.Zero;
                        var v01 = tap.O01 >= 0 ? input[plane + tap.O01] : T.Zero;
                        var v10 = tap.O10 >= 0 ? input[plane + tap.O10] : T.Zero;
                        var v11 = tap.O11 >= 0 ? input[plane + tap.O11] : T.Zero;
                        sx[ox] += g * (((v01 - v00) * (T.One - tap.Ty)) + ((v11 - v10) * tap.Ty));
                        sy[ox] += g * (((v10 - v00) * (T.One - tap.Tx)) + ((v11 - v01) * tap.Tx));
                    }
                }

                for (var ox = 0; ox < wo; ox++)
                {
                    gradGrid[2 * (first + ox)] = sx[ox] * taps[ox].Dx;
                    gradGrid[(2 * (first + ox)) + 1] = sy[ox] * taps[ox].Dy;
                }
            }
        });
    }

    private static void RowTaps(Tap[] taps, T[] grid, int first, int h, int w, bool border, bool alignCorners)
    {
        for (var ox = 0; ox < taps.Length; ox++)
        {
            taps[ox] = Tap.Compute(grid, first + ox, h, w, border, alignCorners);
        }
    }

    public static void InputGradient(T[] grid, T[] gradOut, T[] gradInput, int n, int c, int h, int w, int ho, int wo, bool border, bool alignCorners)
    {
        var planeIn = h * w;
        var planeOut = ho * wo;
        var taps = new Tap[planeOut];
        for (var b = 0; b < n; b++)
        {
            var nb = b;
            ComputeThreads.For(planeOut, 1024, (_, start, end) =>
            {
                for (var p = start; p < end; p++)
                {
                    taps[p] = Tap.Compute(grid, (nb * planeOut) + p, h, w, border, alignCorners);
                }
            });

            // One channel plane per work item: each plane's sums run in output order, whatever the partition.
            ComputeThreads.For(c, Math.Max(1, 8192 / Math.Max(1, planeOut)), (_, start, end) =>
            {
                for (var ch = start; ch < end; ch++)
                {
                    var plane = ((nb * c) + ch) * planeIn;
                    var gBase = ((nb * c) + ch) * planeOut;
                    for (var p = 0; p < planeOut; p++)
                    {
                        var g = gradOut[gBase + p];
                        ref readonly var t = ref taps[p];
                        if (t.O00 >= 0)
                        {
                            gradInput[plane + t.O00] += t.W00 * g;
                        }

                        if (t.O01 >= 0)
                        {
                            gradInput[plane + t.O01] += t.W01 * g;
                        }

                        if (t.O10 >= 0)
                        {
                            gradInput[plane + t.O10] += t.W10 * g;
                        }

                        if (t.O11 >= 0)
                        {
                            gradInput[plane + t.O11] += t.W11 * g;
                        }
                    }
                }
            });
        }
    }

    /// <summary>
    /// Source pixel coordinate for normalised <paramref name="g"/> along an axis of <paramref name="size"/> pixels, and
    /// its derivative with respect to <paramref name="g"/> (0 where border clamping is active).
    /// </summary>
    internal static T SourceCoordinate(T g, int size, bool border, bool alignCorners, out T derivative)
    {
        var s = T.CreateTruncating(size);
        T coord;
        if (alignCorners)
        {
            coord = (g + T.One) / Two * (s - T.One);
            derivative = (s - T.One) / Two;
        }
        else
        {
            coord = (((g + T.One) * s) - T.One) / Two;
            derivative = s / Two;
        }

        if (border)
        {
            // Like PyTorch's clip_coordinates_set_grad: the clamped coordinate gets no gradient.
            var max = s - T.One;
            if (coord <= T.Zero)
            {
                derivative = T.Zero;
                coord = T.Zero;
            }
            else if (coord >= max)
            {
                derivative = T.Zero;
                coord = max;
            }
        }

        return coord;
    }

    /// <summary>The four neighbours of one sample point: offsets in the plane (−1 when outside), weights, fractions, and coordinate derivatives.</summary>
    private struct Tap
    {
        public int O00;
        public int O01;
        public int O10;
        public int O11;
        public T W00;
        public T W01;
        public T W10;
        public T W11;
        public T Tx;
        public T Ty;
        public T Dx;
        public T Dy;

        public static Tap Compute(T[] grid, int point, int h, int w, bool border, bool alignCorners)
        {
            var ix = SourceCoordinate(grid[2 * point], w, border, alignCorners, out var dx);
            var iy = SourceCoordinate(grid[(2 * point) + 1], h, border, alignCorners, out var dy);
            var fx = T.Floor(ix);
            var fy = T.Floor(iy);
            var x0 = ToIndex(fx, w);
            var y0 = ToIndex(fy, h);
            var tx = ix - fx;
            var ty = iy - fy;
            var vx0 = (uint)x0 < (uint)w;
            var vx1 = (uint)(x0 + 1) < (uint)w;
            var vy0 = (uint)y0 < (uint)h;
            var vy1 = (uint)(y0 + 1) < (uint)h;
            return new Tap
            {
                O00 = vy0 && vx0 ? (y0 * w) + x0 : -1,
                O01 = vy0 && vx1 ? (y0 * w) + x0 + 1 : -1,
                O10 = vy1 && vx0 ? ((y0 + 1) * w) + x0 : -1,
                O11 = vy1 && vx1 ? ((y0 + 1) * w) + x0 + 1 : -1,
                W00 = (T.One - tx) * (T.One - ty),
                W01 = tx * (T.One - ty),
                W10 = (T.One - tx) * ty,
                W11 = tx * ty,
                Tx = tx,
                Ty = ty,
                Dx = dx,
                Dy = dy,
            };
        }

        public readonly T Sample(T[] input, int plane)
        {
            if ((O00 | O01 | O10 | O11) >= 0)
            {
                return (W00 * input[plane + O00]) + (W01 * input[plane + O01]) + (W10 * input[plane + O10]) + (W11 * input[plane + O11]);
            }

            var v = T.Zero;
            if (O00 >= 0)
            {
                v += W00 * input[plane + O00];
            }

            if (O01 >= 0)
            {
                v += W01 * input[plane + O01];
            }

            if (O10 >= 0)
            {
                v += W10 * input[plane + O10];
            }

            if (O11 >= 0)
            {
                v += W11 * input[plane + O11];
            }

            return v;
        }

        /// <summary>Floor as an int, saturated to [−2, size + 1] (all-outside either way; NaN counts as outside).</summary>
        private static int ToIndex(T floor, int size)
        {
            var hi = T.CreateTruncating(size + 1);
            return floor >= hi ? size + 1 : floor >= T.CreateTruncating(-2) ? int.CreateTruncating(floor) : -2;
        }
    }
}
