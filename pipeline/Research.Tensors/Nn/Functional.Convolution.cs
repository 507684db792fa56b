using System.Numerics;
using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <content>
/// Convolutions (like <c>torch.nn.functional.conv1d/2d/3d</c>): cross-correlation over N×C×(D×)(H×)W input with
/// weight [out, in / groups, k…] and optional bias [out]; stride, zero padding, dilation and groups as in PyTorch.
/// An input without the batch dimension is treated as a batch of one. Differentiable in input, weight and bias.
/// </content>
public static partial class Functional
{
    /// <summary>1-D convolution: input [N, C, L] (or [C, L]), weight [out, C / groups, k], bias [out].</summary>
    public static Tensor<T> Conv1d<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve("Conv1d", input, weight, bias, [stride], [padding], [dilation], groups);

    /// <summary>2-D convolution with the same stride, padding and dilation along height and width.</summary>
    public static Tensor<T> Conv2d<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve("Conv2d", input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], groups);

    /// <summary>
    /// <c>Conv2d(…).Relu()</c> as one fused op (torchvision's Conv2d + ReLU(inplace=True) pairs, e.g. the AlexNet and
    /// VGG trunks): bias and ReLU are applied while each output row is in cache, and no pre-activation tensor is kept.
    /// Same values and gradients as the unfused pair.
    /// </summary>
    public static Tensor<T> Conv2dRelu<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve("Conv2dRelu", input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], groups, relu: true);

    /// <summary>2-D convolution: input [N, C, H, W] (or [C, H, W]), weight [out, C / groups, kH, kW], bias [out].</summary>
    public static Tensor<T> Conv2d<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve("Conv2d", input, weight, bias, [stride.H, stride.W], [padding.H, padding.W], [dilation.H, dilation.W], groups);

    /// <summary>3-D convolution with the same stride, padding and dilation along depth, height and width.</summary>
    public static Tensor<T> Conv3d<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve("Conv3d", input, weight, bias, [stride, stride, stride], [padding, padding, padding], [dilation, dilation, dilation], groups);

    /// <summary>3-D convolution: input [N, C, D, H, W] (or [C, D, H, W]), weight [out, C / groups, kD, kH, kW], bias [out].</summary>
    public static Tensor<T> Conv3d<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias, (int D, int H, int W) stride, (int D, int H, int W) padding, (int D, int H, int W) dilation, int groups = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Convolve(
            "Conv3d",
            input,
            weight,
            bias,
            [stride.D, stride.H, stride.W],
            [padding.D, padding.H, padding.W],
            [dilation.D, dilation.H, dilation.W],
            groups);

    private static Tensor<T> Convolve<T>(string op, Tensor<T> input, Tensor<T> weight, Tensor<T>? bias, int[] stride, int[] padding, int[] dilation, int groups, bool relu = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var spatial = stride.Length;
        if (input.Rank == spatial + 1)
        {
            return Convolve(op, input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups, relu).Squeeze(0);
        }

        var geometry = ConvGeometry(op, input, weight, bias, stride, padding, dilation, groups);
        var x = input.IsContiguous ? input : input.Clone();
        var w = weight.IsContiguous ? weight : weight.Clone();
        var b = bias is null || bias.IsContiguous ? bias : bias.Clone();
        int[] outShape = [geometry.Batch, geometry.OutChannels, .. new[] { geometry.OD, geometry.OH, geometry.OW }[(3 - spatial)..]];
        var result = Tensor<T>.Uninitialized(outShape);
        Convolution.Forward(geometry, x.Storage, x.Offset, w.Storage, w.Offset, b?.Storage, b?.Offset ?? 0, result.Storage, relu);
        Tensor<T>[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return Tensor<T>.Record(result, op, inputs, g =>
        {
            // The ReLU mask y > 0 equals x > 0 on the pre-activation x.
            var gy = relu ? Tensor<T>.ReluBackward(result, g) : g.IsContiguous && g.Offset == 0 ? g : g.Clone();
            var gx = input.RequiresGrad ? new Tensor<T>(input.ShapeArray) : null;
            var gw = weight.RequiresGrad ? new Tensor<T>(weight.ShapeArray) : null;
            var gb = bias is { RequiresGrad: true } ? new Tensor<T>(bias.ShapeArray) : null;
            Convolution.Backward(geometry, x.Storage, x.Offset, w.Storage, w.Offset, gy.Storage, gx?.Storage, gw?.Storage, gb?.Storage);
            return bias is null ? [gx, gw] : [gx, gw, gb];
        });
    }

    /// <summary>
    /// The float32 2-D forward of <see cref="PreparedConv2d"/>: no gradient recorded, and the weights' transformed and
    /// packed forms come from <paramref name="cache"/> (the weights must never change while the cache lives).
    /// </summary>
    internal static Tensor<float> ConvolvePrepared(string op, Tensor<float> input, Tensor<float> weight, Tensor<float>? bias, int stride, int padding, int dilation, int groups, bool relu, ConvolutionWeightCache cache)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank == 3)
        {
            return ConvolvePrepared(op, input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups, relu, cache).Squeeze(0);
        }

        var geometry = ConvGeometry(op, input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], groups);
        var x = input.IsContiguous ? input : input.Clone();
        var result = Tensor<float>.Uninitialized([geometry.Batch, geometry.OutChannels, geometry.OH, geometry.OW]);
        Convolution.Forward(geometry, x.Storage, x.Offset, weight.Storage, weight.Offset, bias?.Storage, bias?.Offset ?? 0, result.Storage, relu, cache);
        return result;
    }

    private static WindowGeometry ConvGeometry<T>(string op, Tensor<T> input, Tensor<T> weight, Tensor<T>? bias, int[] stride, int[] padding, int[] dilation, int groups)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spatial = stride.Length;
        var shapes = $"input {Tensor<T>.FormatShape(input.Shape)}, weight {Tensor<T>.FormatShape(weight.Shape)}";
        if (input.Rank != spatial + 2 || weight.Rank != spatial + 2)
        {
            throw new ArgumentException($"{op}: {shapes}: expected a {spatial + 2}-D input (or {spatial + 1}-D without batch) and a {spatial + 2}-D weight.", nameof(input));
        }

        if (groups < 1)
        {
            throw new ArgumentException($"{op}: groups must be positive, got {groups}.", nameof(groups));
        }

        CheckHyperParameters(op, "stride", stride, 1);
        CheckHyperParameters(op, "padding", padding, 0);
        CheckHyperParameters(op, "dilation", dilation, 1);
        var (channels, outChannels) = (input.Shape[1], weight.Shape[0]);
        if (channels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"{op}: {shapes}: input channels {channels} and output channels {outChannels} must both be divisible by groups {groups}.", nameof(groups));
        }

        if (weight.Shape[1] * groups != channels)
        {
            throw new ArgumentException($"{op}: input {Tensor<T>.FormatShape(input.Shape)} has {channels} channels but weight {Tensor<T>.FormatShape(weight.Shape)} expects {weight.Shape[1] * groups} (groups {groups}).", nameof(weight));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outChannels))
        {
            throw new ArgumentException($"{op}: bias {Tensor<T>.FormatShape(bias.Shape)} does not match weight {Tensor<T>.FormatShape(weight.Shape)} ({outChannels} output channels).", nameof(bias));
        }

        var geometry = new WindowGeometry(
            input.Shape[0],
            channels,
            outChannels,
            groups,
            Pad3(input.ShapeArray[2..], 1),
            Pad3(weight.ShapeArray[2..], 1),
            Pad3(stride, 1),
            Pad3(padding, 0),
            Pad3(dilation, 1));
        for (var d = 0; d < spatial; d++)
        {
            var size = input.Shape[2 + d] + (2 * padding[d]);
            var extent = (dilation[d] * (weight.Shape[2 + d] - 1)) + 1;
            if (weight.Shape[2 + d] < 1 || size < extent)
            {
                throw new ArgumentException($"{op}: {shapes}: padded input size {size} along spatial dimension {d} is smaller than the dilated kernel extent {extent}.", nameof(input));
            }
        }

        return geometry;
    }

    private static void CheckHyperParameters(string op, string name, int[] values, int min)
    {
        if (values.Any(v => v < min))
        {
            throw new ArgumentException($"{op}: {name} ({string.Join(", ", values)}) must be at least {min}.", name);
        }
    }

    // 1-D and 2-D sizes as three spatial dimensions, with leading fill values.
    private static int[] Pad3(int[] values, int fill) => [.. Enumerable.Repeat(fill, 3 - values.Length), .. values];
}
