using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>2-D max pooling layer (like <c>torch.nn.MaxPool2d</c>, no dilation, floor mode); no parameters.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MaxPool2d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Square window; <paramref name="stride"/> null means the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
        : this((kernelSize, kernelSize), stride is { } s ? (s, s) : null, (padding, padding))
    {
    }

    /// <summary>Window of <paramref name="kernelSize"/>; <paramref name="stride"/> null means the kernel size.</summary>
    public MaxPool2d((int H, int W) kernelSize, (int H, int W)? stride, (int H, int W) padding)
    {
        (KernelSize, Stride, Padding) = (kernelSize, stride ?? kernelSize, padding);
    }

    /// <summary>Window height and width.</summary>
    public (int H, int W) KernelSize { get; }

    /// <summary>Step along height and width.</summary>
    public (int H, int W) Stride { get; }

    /// <summary>Implicit −∞ padding along height and width.</summary>
    public (int H, int W) Padding { get; }

    /// <summary>Pools [N, C, H, W] (or [C, H, W]).</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding);
}
