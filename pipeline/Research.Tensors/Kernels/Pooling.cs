using System.Numerics;
using Research.Tensors.Threading;

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
    /// Max over each window's in-range taps (padding acts as −∞); <paramref name="argmax"/> gets the winning tap's
    /// index within its input plane: the first maximum in scan order, or a NaN (propagated like PyTorch).
    /// </summary>
    public static void MaxForward<T>(WindowGeometry g, T[] x, int xOffset, T[] y, int[] argmax)
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
                    for (var oh = 0; oh < g.OH; oh++, o += g.OW)
                    {
                        // A whole output row at a time, taps in window scan order (depth, height, width), so each
                        // output still sees its taps in that order; the running max is a branch-free select.
                        var (h0, h1) = Window(oh, g.SH, g.PH, g.KH, g.IH);
                        var best = y.AsSpan(o, g.OW);
                        var index = argmax.AsSpan(o, g.OW);
                        best.Fill(T.NegativeInfinity);
                        for (var ow = 0; ow < g.OW; ow++)
                        {
                            index[ow] = (((d0 * g.IH) + h0) * g.IW) + Window(ow, g.SW, g.PW, g.KW, g.IW).Lo;
                        }

                        for (var id = d0; id < d1; id++)
                        {
                            for (var ih = h0; ih < h1; ih++)
                            {
                                var rowIndex = ((id * g.IH) + ih) * g.IW;
                                for (var kw = 0; kw < g.KW; kw++)
                                {
                                    var start = kw - g.PW;
                                    var (lo, hi) = WindowGeometry.ValidRange(start, g.SW, g.IW, g.OW);
                                    var src = x.AsSpan(xb + rowIndex, g.IW);
                                    for (var ow = lo; ow < hi; ow++)
                                    {
                                        var iw = (ow * g.SW) + start;
                                        var v = src[iw];
                                        var take = v > best[ow] || T.IsNaN(v);
                                        best[ow] = take ? v : best[ow];
                                        index[ow] = take ? rowIndex + iw : index[ow];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>Adds each output gradient to the input element that won its window.</summary>
    public static void MaxBackward<T>(WindowGeometry g, int[] argmax, T[] gy, T[] gx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var planes = g.Batch * g.InChannels;
        ComputeThreads.For(planes, MinChunk(g), (_, p0, p1) =>
        {
            for (var plane = p0; plane < p1; plane++)
            {
                var xb = plane * g.InputPlane;
                for (var o = plane * g.OutputPlane; o < (plane + 1) * g.OutputPlane; o++)
                {
                    gx[xb + argmax[o]] += gy[o];
                }
            }
        });
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
