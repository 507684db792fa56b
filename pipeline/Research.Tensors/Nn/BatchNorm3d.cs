using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>Batch normalisation over [N, C, D, H, W] inputs in evaluation mode (like <c>torch.nn.BatchNorm3d</c>; see <see cref="BatchNormBase{T}"/>).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class BatchNorm3d<T> : BatchNormBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer: weight 1, bias 0, running mean 0, running variance 1.</summary>
    public BatchNorm3d(int numFeatures, double eps = 1e-5, bool affine = true)
        : base(numFeatures, eps, affine)
    {
    }

    /// <inheritdoc/>
    protected override string OpName => "BatchNorm3d";

    /// <inheritdoc/>
    protected override IReadOnlyList<int> Ranks => [5];
}
