using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// 3-D convolution layer (like <c>torch.nn.Conv3d</c>): parameters "weight" [out, in / groups, kD, kH, kW] and "bias"
/// [out], both initialised U(−1/√fan_in, 1/√fan_in) with fan_in = in / groups · kD · kH · kW (PyTorch's
/// kaiming-uniform a = √5), weight first.
/// </summary>
/// <typeparam name="T">Element type of the parameters.</typeparam>
public sealed class Conv3d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer with a cubic kernel and equal stride, padding and dilation along all axes.</summary>
    public Conv3d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
        : this(
            inChannels,
            outChannels,
            (kernelSize, kernelSize, kernelSize),
            rng,
            (stride, stride, stride),
            (padding, padding, padding),
            (dilation, dilation, dilation),
            groups,
            bias)
    {
    }

    /// <summary>Creates the layer, initialising its parameters from <paramref name="rng"/>.</summary>
    public Conv3d(
        int inChannels,
        int outChannels,
        (int D, int H, int W) kernelSize,
        Rng rng,
        (int D, int H, int W) stride,
        (int D, int H, int W) padding,
        (int D, int H, int W) dilation,
        int groups = 1,
        bool bias = true)
    {
        int[] kernel = [kernelSize.D, kernelSize.H, kernelSize.W];
        ConvInit.CheckChannels("Conv3d", inChannels, outChannels, groups, kernel);
        ArgumentNullException.ThrowIfNull(rng);
        (InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        var (w, b) = ConvInit.Draw<T>(rng, inChannels, outChannels, groups, kernel, bias);
        Weight = RegisterParameter("weight", w);
        Bias = b is null ? null : RegisterParameter("bias", b);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel depth, height and width.</summary>
    public (int D, int H, int W) KernelSize { get; }

    /// <summary>Stride along depth, height and width.</summary>
    public (int D, int H, int W) Stride { get; }

    /// <summary>Zero padding on both sides along depth, height and width.</summary>
    public (int D, int H, int W) Padding { get; }

    /// <summary>Spacing between kernel taps along depth, height and width.</summary>
    public (int D, int H, int W) Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Weight of shape [out, in / groups, kD, kH, kW].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias of shape [out], or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Applies the layer to [N, in, D, H, W] (or [in, D, H, W]).</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.Conv3d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}
