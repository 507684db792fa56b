using System.Numerics;
using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <content>Differentiable SSIM and the D-SSIM loss of Gaussian-splatting training.</content>
public static partial class Functional
{
    /// <summary>
    /// Mean SSIM of <paramref name="x"/> and <paramref name="y"/> (shape (N, C, H, W) or (C, H, W)) as 3DGS trains with
    /// it: 11×11 Gaussian window with σ 1.5, per-channel filtering with zero padding 5 (map of the input's size),
    /// C1 = 0.01², C2 = 0.03², mean of the map over everything. Differentiable w.r.t. both inputs (fused kernel).
    /// </summary>
    public static Tensor<T> Ssim<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank is < 3 or > 4 || !x.Shape.SequenceEqual(y.Shape) || x.ElementCount == 0)
        {
            throw new ArgumentException($"Ssim: inputs {Tensor<T>.FormatShape(x.Shape)} and {Tensor<T>.FormatShape(y.Shape)} must have the same non-empty shape (N, C, H, W) or (C, H, W).", nameof(y));
        }

        var height = x.Shape[^2];
        var width = x.Shape[^1];
        var planes = x.ElementCount / (height * width);
        var xc = x.IsContiguous ? x : x.Clone();
        var yc = y.IsContiguous ? y : y.Clone();
        var value = SsimKernel.Forward(xc.Storage, xc.Offset, yc.Storage, yc.Offset, planes, height, width);
        var result = Tensor.Scalar(T.CreateChecked(value));
        return Tensor<T>.Record(result, "Ssim", [x, y], g =>
        {
            var dx = x.RequiresGrad ? new Tensor<T>(x.ShapeArray.ToArray()) : null;
            var dy = y.RequiresGrad ? new Tensor<T>(y.ShapeArray.ToArray()) : null;
            SsimKernel.Backward(xc.Storage, xc.Offset, yc.Storage, yc.Offset, planes, height, width, g.Item(), dx?.Storage, dy?.Storage);
            return [dx, dy];
        });
    }

    /// <summary>D-SSIM term 1 − <see cref="Ssim{T}"/> (3DGS and TalkingGaussian train with L1 + λ·(1 − SSIM), λ = 0.2).</summary>
    public static Tensor<T> SsimLoss<T>(Tensor<T> x, Tensor<T> y)
        where T : unmanaged, IFloatingPointIeee754<T> => Ssim(x, y).Neg().Add(T.One);
}
