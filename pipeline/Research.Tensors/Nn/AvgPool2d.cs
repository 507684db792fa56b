using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>2-D average pooling layer (like <c>torch.nn.AvgPool2d</c>, floor mode); no parameters.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class AvgPool2d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Square window; <paramref name="stride"/> null means the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding), countIncludePad)
    {
    }

    /// <summary>Window of <paramref name="kernelSize"/>; <paramref name="stride"/> null means the kernel size.</summary>
    public AvgPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding, bool countIncludePad = true)
    {
        (KernelSize, Stride, Padding, CountIncludePad) = (kernelSize, stride ?? kernelSize, padding, countIncludePad);
    }

    /// <summary>Window height and width.</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Step along height and width.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>Implicit zero padding along height and width.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Whether padding counts in the divisor (PyTorch's default).</summary>
    public bool CountIncludePad { get; }

    /// <summary>Pools [N, C, H, W] (or [C, H, W]).</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding, CountIncludePad);
}
