using System.Numerics;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Kernels;

/// <summary>
/// Max and average pooling over contiguous NC(D)(H)W arrays (geometry as in <see cref="WindowGeometry"/>, dilation 1).
/// Work is split over channel planes with <see cref="ComputeThreads"/>; each plane is owned by one thread, so the
/// backward scatter needs no synchronisation and adds in a fixed order.
/// </summary>
internal static class Pooling
{
    private const int MinParallelElements = 1 << 14;

    /// <summary>
    /// Max over each window's in-range taps (padding acts as −∞; NaN propagates). Separable and vectorised: per
    /// plane, each input row is first reduced along width (max of KW shifted copies of the −∞-padded row, then every
    /// SW-th column taken), then each output row is the max of its window's reduced rows.
    /// </summary>
    public static void MaxForward<T>(WindowGeometry g, T[] x, int xOffset, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var planes = g.Batch * g.InChannels;
        var paddedWidth = g.IW + (2 * g.PW);
        var span = ((g.OW - 1) * g.SW) + 1;
        ComputeThreads.For(planes, MinChunk(g), (_, p0, p1) =>
        {
            var padded = new T[paddedWidth];
            var wide = new T[span];
            var reduced = new T[g.ID * g.IH * g.OW];
            padded.AsSpan(0, g.PW).Fill(T.NegativeInfinity);
            padded.AsSpan(g.PW + g.IW).Fill(T.NegativeInfinity);
            for (var plane = p0; plane < p1; plane++)
            {
                var xb = xOffset + (plane * g.InputPlane);
                for (var r = 0; r < g.ID * g.IH; r++)
                {
                    x.AsSpan(xb + (r * g.IW), g.IW).CopyTo(padded.AsSpan(g.PW));
                    padded.AsSpan(0, span).CopyTo(wide);
                    for (var kw = 1; kw < g.KW; kw++)
                    {
                        TP.Max<T>(wide, padded.AsSpan(kw, span), wide);
                    }

                    var dst = reduced.AsSpan(r * g.OW, g.OW);
                    for (var ow = 0; ow < g.OW; ow++)
                    {
                        dst[ow] = wide[ow * g.SW];
                    }
                }

                var o = plane * g.OutputPlane;
                for (var od = 0; od < g.OD; od++)
                {
                    var (d0, d1) = Window(od, g.SD, g.PD, g.KD, g.ID);
                    for (var oh = 0; oh < g.OH; oh++, o += g.OW)
                    {
                        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.IH);
                        var row = y.AsSpan(o, g.OW);
                        reduced.AsSpan(((d0 * g.IH) + h0) * g.OW, g.OW).CopyTo(row);
                        for (var id = d0; id < d1; id++)
                        {
                            for (var ih = id == d0 ? h0 + 1 : h0; ih < h1; ih++)
                            {
                                TP.Max<T>(row, reduced.AsSpan(((id * g.IH) + ih) * g.OW, g.OW), row);
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>
    /// Adds each output gradient to the first tap of its window (scan order depth, height, width) that holds the
    /// output value (or a NaN when the output is NaN), i.e. the first maximum, as PyTorch does for ties.
    /// </summary>
    public static void MaxBackward<T>(WindowGeometry g, T[] x, int xOffset, T[] y, T[] gy, T[] gx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var planes = g.Batch * g.InChannels;
        ComputeThreads.For(planes, MinChunk(g), (_, p0, p1) =>
        {
            for (var plane = p0; plane < p1; plane++)
            {
                var xb = xOffset + (plane * g.InputPlane);
                var gb = plane * g.InputPlane;
                var o = plane * g.OutputPlane;
                for (var od = 0; od < g.OD; od++)
                {
                    var (d0, d1) = Window(od, g.SD, g.PD, g.KD, g.ID);
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.IH);
                        for (var ow = 0; ow < g.OW; ow++, o++)
                        {
                            var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.IW);
                            var target = y[o];
                            var nan = T.IsNaN(target);
                            var at = FirstMatch(g, x, xb, target, nan, d0, d1, h0, h1, w0, w1);
                            gx[gb + at] += gy[o];
                        }
                    }
                }
            }
        });
    }

    private static int FirstMatch<T>(WindowGeometry g, T[] x, int xb, T target, bool nan, int d0, int d1, int h0, int h1, int w0, int w1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var id = d0; id < d1; id++)
        {
            for (var ih = h0; ih < h1; ih++)
            {
                var rowIndex = ((id * g.IH) + ih) * g.IW;
                for (var iw = w0; iw < w1; iw++)
                {
                    var v = x[xb + rowIndex + iw];
                    if (nan ? T.IsNaN(v) : v == target)
                    {
                        return rowIndex + iw;
                    }
                }
            }
        }

        return (((d0 * g.IH) + h0) * g.IW) + w0;
    }

    /// <summary>
    /// Mean over each window: divided by the full kernel volume when <paramref name="countIncludePad"/> (padding
    /// counts as zeros, PyTorch's default), else by the number of in-range taps.
    /// </summary>
    public static void AvgForward<T>(WindowGeometry g, T[] x, int xOffset, T[] y, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var planes = g.Batch * g.InChannels;
        ComputeThreads.For(planes, MinChunk(g), (_, p0, p1) =>
        {
            for (var plane = p0; plane < p1; plane++)
            {
                var xb = xOffset + (plane * g.InputPlane);
                var o = plane * g.OutputPlane;
                for (var od = 0; od < g.OD; od++)
                {
                    var (d0, d1) = Window(od, g.SD, g.PD, g.KD, g.ID);
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.IH);
                        for (var ow = 0; ow < g.OW; ow++, o++)
                        {
                            var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.IW);
                            var sum = T.Zero;
                            for (var id = d0; id < d1; id++)
                            {
                                for (var ih = h0; ih < h1; ih++)
                                {
                                    var rowIndex = xb + (((id * g.IH) + ih) * g.IW);
                                    for (var iw = w0; iw < w1; iw++)
                                    {
                                        sum += x[rowIndex + iw];
                                    }
                                }
                            }

                            y[o] = sum / Divisor<T>(g, countIncludePad, d1 - d0, h1 - h0, w1 - w0);
                        }
                    }
                }
            }
        });
    }

    /// <summary>Spreads each output gradient evenly (same divisor as the forward) over its window's in-range taps.</summary>
    public static void AvgBackward<T>(WindowGeometry g, T[] gy, T[] gx, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var planes = g.Batch * g.InChannels;
        ComputeThreads.For(planes, MinChunk(g), (_, p0, p1) =>
        {
            for (var plane = p0; plane < p1; plane++)
            {
                var xb = plane * g.InputPlane;
                var o = plane * g.OutputPlane;
                for (var od = 0; od < g.OD; od++)
                {
                    var (d0, d1) = Window(od, g.SD, g.PD, g.KD, g.ID);
                    for (var oh = 0; oh < g.OH; oh++)
                    {
                        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.IH);
                        for (var ow = 0; ow < g.OW; ow++, o++)
                        {
                            var (w0, w1) = Window(ow, g.SW, g.PW, g.KW, g.IW);
                            var share = gy[o] / Divisor<T>(g, countIncludePad, d1 - d0, h1 - h0, w1 - w0);
                            for (var id = d0; id < d1; id++)
                            {
                                for (var ih = h0; ih < h1; ih++)
                                {
                                    var rowIndex = xb + (((id * g.IH) + ih) * g.IW);
                                    for (var iw = w0; iw < w1; iw++)
                                    {
                                        gx[rowIndex + iw] += share;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    // In-range input span [lo, hi) of output position o's window (dilation 1).
    private static (int Lo, int Hi) Window(int o, int stride, int padding, int kernel, int size)
    {
        var start = (o * stride) - padding;
        return (Math.Max(0, start), Math.Min(size, start + kernel));
    }

    private static T Divisor<T>(WindowGeometry g, bool countIncludePad, int d, int h, int w)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateChecked(countIncludePad ? g.Taps : d * h * w);

    private static int MinChunk(WindowGeometry g) => Math.Max(1, MinParallelElements / Math.Max(1, g.OutputPlane * g.Taps));
}
