using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <summary>
/// 1-D convolution layer (like <c>torch.nn.Conv1d</c>): parameters "weight" [out, in / groups, k] and "bias" [out],
/// both initialised U(−1/√fan_in, 1/√fan_in) with fan_in = in / groups · k (PyTorch's kaiming-uniform a = √5), weight first.
/// </summary>
/// <typeparam name="T">Element type of the parameters.</typeparam>
public sealed class Conv1d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer, initialising its parameters from <paramref name="rng"/>.</summary>
    public Conv1d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true)
    {
        ConvInit.CheckChannels("Conv1d", inChannels, outChannels, groups, [kernelSize]);
        ArgumentNullException.ThrowIfNull(rng);
        (InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        var (w, b) = ConvInit.Draw<T>(rng, inChannels, outChannels, groups, [kernelSize], bias);
        Weight = RegisterParameter("weight", w);
        Bias = b is null ? null : RegisterParameter("bias", b);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on both sides.</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Weight of shape [out, in / groups, k].</summary>
    public Tensor<T> Weight { get; }

    /// <summary>Bias of shape [out], or null.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Applies the layer to [N, in, L] (or [in, L]).</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}
