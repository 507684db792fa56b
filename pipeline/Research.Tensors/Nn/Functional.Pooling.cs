using System.Numerics;
using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <content>
/// Pooling (like <c>torch.nn.functional.max_pool2d/avg_pool2d/max_pool3d</c>, <c>ceil_mode=False</c>, no dilation):
/// stride defaults to the kernel size; padding is at most half the kernel. Max pooling treats padding as −∞,
/// propagates NaN and sends the gradient to the first maximum of each window in scan order (the first NaN if any;
/// PyTorch picks the last); average pooling counts padding as zeros in the divisor unless <c>countIncludePad</c> is
/// false. An input without the batch dimension is a batch of one.
/// </content>
public static partial class Functional
{
    /// <summary>2-D max pooling over [N, C, H, W] (or [C, H, W]) with a square window.</summary>
    public static Tensor<T> MaxPool2d<T>(Tensor<T> input, int kernelSize, int? stride = null, int padding = 0)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        MaxPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding));

    /// <summary>2-D max pooling over [N, C, H, W] (or [C, H, W]); <paramref name="stride"/> null means the kernel size.</summary>
    public static Tensor<T> MaxPool2d<T>(Tensor<T> input, (int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = stride ?? kernelSize;
        return Pool("MaxPool2d", input, [kernelSize.H, kernelSize.W], [s.H, s.W], [padding.H, padding.W], max: true, countIncludePad: true);
    }

    /// <summary>3-D max pooling over [N, C, D, H, W] (or [C, D, H, W]) with a cubic window.</summary>
    public static Tensor<T> MaxPool3d<T>(Tensor<T> input, int kernelSize, int? stride = null, int padding = 0)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        MaxPool3d(input, (kernelSize, kernelSize, kernelSize), stride is { } s ? (s, s, s) : null, (padding, padding, padding));

    /// <summary>3-D max pooling over [N, C, D, H, W] (or [C, D, H, W]); <paramref name="stride"/> null means the kernel size.</summary>
    public static Tensor<T> MaxPool3d<T>(Tensor<T> input, (int D, int H, int W) kernelSize, (int D, int H, int W)? stride, (int D, int H, int W) padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = stride ?? kernelSize;
        return Pool(
            "MaxPool3d",
            input,
            [kernelSize.D, kernelSize.H, kernelSize.W],
            [s.D, s.H, s.W],
            [padding.D, padding.H, padding.W],
            max: true,
            countIncludePad: true);
    }

    /// <summary>2-D average pooling over [N, C, H, W] (or [C, H, W]) with a square window.</summary>
    public static Tensor<T> AvgPool2d<T>(Tensor<T> input, int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        AvgPool2d(input, (kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), countIncludePad);

    /// <summary>
    /// 2-D average pooling over [N, C, H, W] (or [C, H, W]); <paramref name="stride"/> null means the kernel size. With
    /// <paramref name="countIncludePad"/> (PyTorch's default) every window divides by kH·kW, else by its in-range taps.
    /// </summary>
    public static Tensor<T> AvgPool2d<T>(Tensor<T> input, (int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool countIncludePad = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = stride ?? kernelSize;
        return Pool("AvgPool2d", input, [kernelSize.H, kernelSize.W], [s.H, s.W], [padding.H, padding.W], max: false, countIncludePad);
    }

    private static Tensor<T> Pool<T>(string op, Tensor<T> input, int[] kernel, int[] stride, int[] padding, bool max, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        var spatial = kernel.Length;
        if (input.Rank == spatial + 1)
        {
            return Pool(op, input.Unsqueeze(0), kernel, stride, padding, max, countIncludePad).Squeeze(0);
        }

        var geometry = PoolGeometry(op, input, kernel, stride, padding);
        var x = input.IsContiguous ? input : input.Clone();
        int[] outShape = [geometry.Batch, geometry.InChannels, .. new[] { geometry.OD, geometry.OH, geometry.OW }[(3 - spatial)..]];
        var result = new Tensor<T>(outShape);
        if (max)
        {
            Pooling.MaxForward(geometry, x.Storage, x.Offset, result.Storage);
            return Tensor<T>.Record(result, op, [input], g =>
            {
                var gx = new Tensor<T>(input.ShapeArray);
                var gy = g.IsContiguous && g.Offset == 0 ? g : g.Clone();
                Pooling.MaxBackward(geometry, x.Storage, x.Offset, result.Storage, gy.Storage, gx.Storage);
                return [gx];
            });
        }

        Pooling.AvgForward(geometry, x.Storage, x.Offset, result.Storage, countIncludePad);
        return Tensor<T>.Record(result, op, [input], g =>
        {
            var gx = new Tensor<T>(input.ShapeArray);
            Pooling.AvgBackward(geometry, (g.IsContiguous && g.Offset == 0 ? g : g.Clone()).Storage, gx.Storage, countIncludePad);
            return [gx];
        });
    }

    private static WindowGeometry PoolGeometry<T>(string op, Tensor<T> input, int[] kernel, int[] stride, int[] padding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spatial = kernel.Length;
        if (input.Rank != spatial + 2)
        {
            throw new ArgumentException($"{op}: input {Tensor<T>.FormatShape(input.Shape)}: expected a {spatial + 2}-D input (or {spatial + 1}-D without batch).", nameof(input));
        }

        CheckHyperParameters(op, "kernel size", kernel, 1);
        CheckHyperParameters(op, "stride", stride, 1);
        CheckHyperParameters(op, "padding", padding, 0);
        for (var d = 0; d < spatial; d++)
        {
            if (2 * padding[d] > kernel[d])
            {
                throw new ArgumentException($"{op}: padding ({string.Join(", ", padding)}) must be at most half the kernel size ({string.Join(", ", kernel)}).", nameof(padding));
            }

            if (input.Shape[2 + d] + (2 * padding[d]) < kernel[d])
            {
                throw new ArgumentException($"{op}: input {Tensor<T>.FormatShape(input.Shape)} with padding ({string.Join(", ", padding)}) is smaller than the kernel ({string.Join(", ", kernel)}).", nameof(input));
            }
        }

        return new WindowGeometry(
            input.Shape[0],
            input.Shape[1],
            input.Shape[1],
            1,
            Pad3(input.ShapeArray[2..], 1),
            Pad3(kernel, 1),
            Pad3(stride, 1),
            Pad3(padding, 0),
            [1, 1, 1]);
    }
}
