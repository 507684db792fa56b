using System.Numerics;
using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <content>Sampling: bilinear grid_sample and bilinear interpolate/upsample.</content>
public static partial class Functional
{
    /// <summary>
    /// Bilinear sampling of <paramref name="input"/> [N, C, H_in, W_in] at <paramref name="grid"/> [N, H_out, W_out, 2]
    /// → [N, C, H_out, W_out] (like <c>torch.nn.functional.grid_sample(mode='bilinear')</c>). Grid entries are (x, y)
    /// in [−1, 1], x along the width. With <paramref name="alignCorners"/> −1 and 1 are the centres of the corner pixels,
    /// otherwise their outer edges. Points outside read 0 (<see cref="GridSamplePadding.Zeros"/>) or the clamped edge
    /// pixel (<see cref="GridSamplePadding.Border"/>). Differentiable with respect to input and grid (first order).
    /// </summary>
    public static Tensor<T> GridSample<T>(Tensor<T> input, Tensor<T> grid, GridSamplePadding padding = GridSamplePadding.Zeros, bool alignCorners = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(grid);
        if (input.Rank != 4 || grid.Rank != 4 || grid.Shape[3] != 2 || grid.Shape[0] != input.Shape[0] || input.Shape[2] == 0 || input.Shape[3] == 0)
        {
            throw new ArgumentException($"GridSample: input {Tensor<T>.FormatShape(input.Shape)} must be [N, C, H, W] (H, W > 0) and grid {Tensor<T>.FormatShape(grid.Shape)} [N, H_out, W_out, 2] with the same N.", nameof(grid));
        }

        if (padding is not (GridSamplePadding.Zeros or GridSamplePadding.Border))
        {
            throw new ArgumentOutOfRangeException(nameof(padding), $"GridSample: unknown padding mode {padding}.");
        }

        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        int ho = grid.Shape[1], wo = grid.Shape[2];
        var border = padding == GridSamplePadding.Border;
        var x = Dense(input);
        var gr = Dense(grid);
        var result = new Tensor<T>([n, c, ho, wo]);
        GridSampleKernel<T>.Forward(x.Storage, gr.Storage, result.Storage, n, c, h, w, ho, wo, border, alignCorners);
        return Tensor<T>.Record(result, "GridSample", [input, grid], g =>
        {
            var gd = Dense(g);
            Tensor<T>? gIn = null;
            Tensor<T>? gGrid = null;
            if (input.RequiresGrad)
            {
                gIn = new Tensor<T>([n, c, h, w]);
                GridSampleKernel<T>.InputGradient(gr.Storage, gd.Storage, gIn.Storage, n, c, h, w, ho, wo, border, alignCorners);
            }

            if (grid.RequiresGrad)
            {
                gGrid = new Tensor<T>([n, ho, wo, 2]);
                GridSampleKernel<T>.GridGradient(x.Storage, gr.Storage, gd.Storage, gGrid.Storage, n, c, h, w, ho, wo, border, alignCorners);
            }

            return [gIn, gGrid];
        });
    }

    /// <summary>
    /// Bilinear resize of <paramref name="input"/> [N, C, H, W] to [N, C, <paramref name="outHeight"/>,
    /// <paramref name="outWidth"/>] (like <c>torch.nn.functional.interpolate(mode='bilinear', size=…)</c>). Without
    /// <paramref name="alignCorners"/> pixel centres are mapped (src = (dst + 0.5)·in/out − 0.5, clamped at 0);
    /// with it the corner pixels are (src = dst·(in − 1)/(out − 1)).
    /// </summary>
    public static Tensor<T> Interpolate<T>(Tensor<T> input, int outHeight, int outWidth, bool alignCorners = false)
        where T : unmanaged, IFloatingPointIeee754<T> => Resize(input, outHeight, outWidth, alignCorners, null, null);

    /// <summary>
    /// Bilinear resize by <paramref name="scaleFactor"/> (like <c>interpolate(mode='bilinear', scale_factor=…)</c>
    /// without recompute_scale_factor): the output size is ⌊in · scale⌋ and, without <paramref name="alignCorners"/>,
    /// source positions use 1 / scale rather than the size ratio, as PyTorch does.
    /// </summary>
    public static Tensor<T> Interpolate<T>(Tensor<T> input, double scaleFactor, bool alignCorners = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || !(scaleFactor > 0) || double.IsInfinity(scaleFactor))
        {
            throw new ArgumentException($"Interpolate: input {Tensor<T>.FormatShape(input.Shape)} must be [N, C, H, W] and scale factor {scaleFactor} positive.", nameof(input));
        }

        var outH = (int)Math.Floor(input.Shape[2] * scaleFactor);
        var outW = (int)Math.Floor(input.Shape[3] * scaleFactor);
        return Resize(input, outH, outW, alignCorners, scaleFactor, scaleFactor);
    }

    /// <summary>Bilinear resize with corners aligned (like <c>torch.nn.functional.upsample_bilinear</c> / <c>nn.UpsamplingBilinear2d</c>).</summary>
    public static Tensor<T> UpsampleBilinear<T>(Tensor<T> input, int outHeight, int outWidth)
        where T : unmanaged, IFloatingPointIeee754<T> => Resize(input, outHeight, outWidth, true, null, null);

    private static Tensor<T> Resize<T>(Tensor<T> input, int outH, int outW, bool alignCorners, double? scaleH, double? scaleW)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || outH <= 0 || outW <= 0 || input.Shape[2] == 0 || input.Shape[3] == 0)
        {
            throw new ArgumentException($"Interpolate: input {Tensor<T>.FormatShape(input.Shape)} must be [N, C, H, W] with H, W > 0 and output size [{outH}, {outW}] positive.", nameof(input));
        }

        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        var x = Dense(input);
        var result = new Tensor<T>([n, c, outH, outW]);
        BilinearResizeKernel<T>.Forward(x.Storage, result.Storage, n * c, h, w, outH, outW, alignCorners, scaleH, scaleW);
        return Tensor<T>.Record(result, "Interpolate", [input], g =>
        {
            var gIn = new Tensor<T>([n, c, h, w]);
            BilinearResizeKernel<T>.Backward(Dense(g).Storage, gIn.Storage, n * c, h, w, outH, outW, alignCorners, scaleH, scaleW);
            return [gIn];
        });
    }

    /// <summary>A contiguous tensor with offset 0 holding the values (the tensor itself when already so), outside the graph.</summary>
    private static Tensor<T> Dense<T>(Tensor<T> t)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        t.IsContiguous && t.Offset == 0 && t.Storage.Length == t.ElementCount ? t : t.Clone();
}
