using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>3-D max pooling layer (like <c>torch.nn.MaxPool3d</c>, no dilation, floor mode); no parameters.</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MaxPool3d<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Cubic window; <paramref name="stride"/> null means the kernel size.</summary>
    public MaxPool3d(int kernelSize, int? stride = null, int padding = 0)
        : this((kernelSize, kernelSize, kernelSize), stride is { } s ? (s, s, s) : null, (padding, padding, padding))
    {
    }

    /// <summary>Window of <paramref name="kernelSize"/>; <paramref name="stride"/> null means the kernel size.</summary>
    public MaxPool3d((int D, int H, int W) kernelSize, (int D, int H, int W)? stride, (int D, int H, int W) padding)
    {
        (KernelSize, Stride, Padding) = (kernelSize, stride ?? kernelSize, padding);
    }

    /// <summary>Window depth, height and width.</summary>
    public (int D, int H, int W) KernelSize { get; }

    /// <summary>Step along depth, height and width.</summary>
    public (int D, int H, int W) Stride { get; }

    /// <summary>Implicit −∞ padding along depth, height and width.</summary>
    public (int D, int H, int W) Padding { get; }

    /// <summary>Pools [N, C, D, H, W] (or [C, D, H, W]).</summary>
    public Tensor<T> Forward(Tensor<T> input) => Functional.MaxPool3d(input, KernelSize, Stride, Padding);
}
