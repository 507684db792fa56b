using System.Numerics;
using Research.Tensors.Threading;

namespace Research.Tensors.Kernels;

/// <summary>
/// Bilinear resize of contiguous NCHW planes (PyTorch's <c>upsample_bilinear2d</c>). Separable: per output row and
/// column two source indices and two weights. Forward and backward are parallel over planes; each input-gradient
/// plane is accumulated in output row-major order, so results do not depend on the thread count.
/// </summary>
internal static class BilinearResizeKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Source indices and weights along one axis (PyTorch's area_pixel_compute_source_index + guard_index_and_lambda).</summary>
    public static (int[] I0, int[] I1, T[] L0, T[] L1) Axis(int inSize, int outSize, bool alignCorners, double? scaleFactor)
    {
        T scale;
        if (alignCorners)
        {
            scale = outSize > 1 ? T.CreateTruncating(inSize - 1) / T.CreateTruncating(outSize - 1) : T.Zero;
        }
        else
        {
            scale = scaleFactor is { } s && s > 0 ? T.CreateTruncating(1.0 / s) : T.CreateTruncating(inSize) / T.CreateTruncating(outSize);
        }

        var half = T.CreateTruncating(0.5);
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var l0 = new T[outSize];
        var l1 = new T[outSize];
        for (var d = 0; d < outSize; d++)
        {
            var dst = T.CreateTruncating(d);
            var src = alignCorners ? scale * dst : T.Max((scale * (dst + half)) - half, T.Zero);
            var i = Math.Min(int.CreateTruncating(T.Floor(src)), inSize - 1);
            var lambda = T.Clamp(src - T.CreateTruncating(i), T.Zero, T.One);
            i0[d] = i;
            i1[d] = i < inSize - 1 ? i + 1 : i;
            l1[d] = lambda;
            l0[d] = T.One - lambda;
        }

        return (i0, i1, l0, l1);
    }

    public static void Forward(T[] input, T[] output, int planes, int h, int w, int ho, int wo, bool alignCorners, double? scaleH, double? scaleW)
    {
        var (y0, y1, ly0, ly1) = Axis(h, ho, alignCorners, scaleH);
        var (x0, x1, lx0, lx1) = Axis(w, wo, alignCorners, scaleW);
        ComputeThreads.For(planes, Math.Max(1, 16384 / Math.Max(1, ho * wo)), (_, start, end) =>
        {
            for (var pl = start; pl < end; pl++)
            {
                var inBase = pl * h * w;
                var outBase = pl * ho * wo;
                for (var oy = 0; oy < ho; oy++)
                {
                    var ra = inBase + (y0[oy] * w);
                    var rb = inBase + (y1[oy] * w);
                    var a = ly0[oy];
                    var b = ly1[oy];
                    var o = outBase + (oy * wo);
                    for (var ox = 0; ox < wo; ox++)
                    {
                        output[o + ox] = (a * ((lx0[ox] * input[ra + x0[ox]]) + (lx1[ox] * input[ra + x1[ox]])))
                            + (b * ((lx0[ox] * input[rb + x0[ox]]) + (lx1[ox] * input[rb + x1[ox]])));
                    }
                }
            }
        });
    }

    public static void Backward(T[] gradOut, T[] gradInput, int planes, int h, int w, int ho, int wo, bool alignCorners, double? scaleH, double? scaleW)
    {
        var (y0, y1, ly0, ly1) = Axis(h, ho, alignCorners, scaleH);
        var (x0, x1, lx0, lx1) = Axis(w, wo, alignCorners, scaleW);
        ComputeThreads.For(planes, Math.Max(1, 16384 / Math.Max(1, ho * wo)), (_, start, end) =>
        {
            for (var pl = start; pl < end; pl++)
            {
                var inBase = pl * h * w;
                var outBase = pl * ho * wo;
                for (var oy = 0; oy < ho; oy++)
                {
                    var ra = inBase + (y0[oy] * w);
                    var rb = inBase + (y1[oy] * w);
                    var a = ly0[oy];
                    var b = ly1[oy];
                    var o = outBase + (oy * wo);
                    for (var ox = 0; ox < wo; ox++)
                    {
                        var g = gradOut[o + ox];
                        gradInput[ra + x0[ox]] += a * lx0[ox] * g;
                        gradInput[ra + x1[ox]] += a * lx1[ox] * g;
                        gradInput[rb + x0[ox]] += b * lx0[ox] * g;
                        gradInput[rb + x1[ox]] += b * lx1[ox] * g;
                    }
                }
            }
        });
    }
}
