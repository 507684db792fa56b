using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <summary>
/// An inference-only float32 2-D convolution with fixed weights (e.g. a pretrained trunk): the weight and bias are
/// copied at construction, and the forms the fast paths build from the weights on every <see cref="Functional.Conv2d{T}(Tensor{T}, Tensor{T}, Tensor{T}?, int, int, int, int)"/>
/// call (Winograd-transformed and GEMM-packed weights) are built on first use and kept. Same values, bit for bit, as
/// <c>Functional.Conv2d</c> / <c>Conv2dRelu</c> with the weights it was made from. Later changes to those tensors
/// are not seen (make a new instance). Gradients are not recorded. Immutable and safe to share between threads.
/// </summary>
public sealed class PreparedConv2d
{
    private readonly Tensor<float> weight;
    private readonly Tensor<float>? bias;
    private readonly ConvolutionWeightCache cache = new();

    /// <summary>Copies <paramref name="weight"/> [out, in / groups, kH, kW] and <paramref name="bias"/> [out] (or null).</summary>
    /// <exception cref="ArgumentException">The weight is not 4-D, the bias does not match it, or a hyper-parameter is out of range.</exception>
    public PreparedConv2d(Tensor<float> weight, Tensor<float>? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 4)
        {
            throw new ArgumentException($"PreparedConv2d: weight {Tensor<float>.FormatShape(weight.Shape)} must be 4-D [out, in / groups, kH, kW].", nameof(weight));
        }

        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
        {
            throw new ArgumentException($"PreparedConv2d: bias {Tensor<float>.FormatShape(bias.Shape)} does not match weight {Tensor<float>.FormatShape(weight.Shape)} ({weight.Shape[0]} output channels).", nameof(bias));
        }

        if (stride < 1 || padding < 0 || dilation < 1 || groups < 1 || weight.Shape[0] % groups != 0)
        {
            throw new ArgumentException($"PreparedConv2d: stride {stride}, padding {padding}, dilation {dilation} or groups {groups} out of range for weight {Tensor<float>.FormatShape(weight.Shape)}.");
        }

        this.weight = Tensor.FromArray(weight.ToArray(), [.. weight.Shape]);
        this.bias = bias is null ? null : Tensor.FromArray(bias.ToArray(), [.. bias.Shape]);
        (Stride, Padding, Dilation, Groups) = (stride, padding, dilation, groups);
    }

    /// <summary>Shape of the (copied) weight.</summary>
    public IReadOnlyList<int> WeightShape => weight.Shape;

    /// <summary>Stride along height and width.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on both sides along height and width.</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>
    /// conv(input) + bias, then max(·, 0) when <paramref name="relu"/>, for input [N, in, H, W] (or [in, H, W]);
    /// a new tensor without a recorded gradient.
    /// </summary>
    /// <exception cref="ArgumentException">The input does not fit the weight (the message names both shapes).</exception>
    public Tensor<float> Forward(Tensor<float> input, bool relu = false) =>
        Functional.ConvolvePrepared(relu ? "PreparedConv2d (ReLU)" : "PreparedConv2d", input, weight, bias, Stride, Padding, Dilation, Groups, relu, cache);
}
