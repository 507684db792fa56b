using Research.Tensors;

namespace Research.Splatting.Rasterization;

/// <summary>
/// What the rasterizer renders, as activated tensors (the arguments of 3DGS's <c>GaussianRasterizer.forward</c>):
/// gradients flow back into whichever of them require one.
/// </summary>
/// <param name="Means">Centres, [N,3] world coordinates.</param>
/// <param name="Features">SH coefficients, [N,K,3] with K ≥ (ShDegree+1)² (DC first, as <c>GaussianModel.GetFeatures</c>).</param>
/// <param name="Opacities">Activated opacities in [0,1], [N,1] or [N].</param>
/// <param name="Scales">Activated scales, [N,3].</param>
/// <param name="Rotations">Normalised quaternions (w,x,y,z), [N,4] (the kernel does not normalise).</param>
/// <param name="ShDegree">SH degree to evaluate, 0..3.</param>
public sealed record GaussianRenderInputs(
    Tensor<float> Means, Tensor<float> Features, Tensor<float> Opacities, Tensor<float> Scales, Tensor<float> Rotations, int ShDegree)
{
    /// <summary>The five tensors, in the order means, features, opacities, scales, rotations.</summary>
    public IReadOnlyList<Tensor<float>> Tensors => [Means, Features, Opacities, Scales, Rotations];
}
