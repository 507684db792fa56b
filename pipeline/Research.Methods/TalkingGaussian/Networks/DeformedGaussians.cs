using System.Numerics;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>Deformed Gaussian attributes of one frame (opacity and colour are not deformed).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="Positions">μ + Δμ [N, 3].</param>
/// <param name="Scales">Activated scales softplus(s_raw + Δs) [N, 3].</param>
/// <param name="Rotations">Unit quaternions normalize(q_raw + Δq) [N, 4] (w, x, y, z).</param>
public sealed record DeformedGaussians<T>(Tensor<T> Positions, Tensor<T> Scales, Tensor<T> Rotations)
    where T : unmanaged, IFloatingPointIeee754<T>;
