using System.Numerics;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>Per-Gaussian output of <see cref="FaceMotionNetwork{T}"/> (official dict keys in brackets).</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="DeltaPosition">Δμ [N, 3] = out[0:3]·0.01 (<c>d_xyz</c>).</param>
/// <param name="DeltaRotation">Δq [N, 4] = out[3:7], added to the raw quaternion (<c>d_rot</c>).</param>
/// <param name="DeltaOpacity">Δo [N, 1] = out[7]; only regularised, not rendered (<c>d_opa</c>).</param>
/// <param name="DeltaScale">Δs [N, 3] = out[8:11], added to the raw scale before softplus (<c>d_scale</c>).</param>
/// <param name="AudioAttentionNorm">‖a_att‖ [N, 1] (<c>ambient_aud</c>); null without region attention.</param>
/// <param name="ExpressionAttentionNorm">‖e_att‖ [N, 1] (<c>ambient_eye</c>); null without region attention.</param>
public sealed record FaceMotion<T>(
    Tensor<T> DeltaPosition,
    Tensor<T> DeltaRotation,
    Tensor<T> DeltaOpacity,
    Tensor<T> DeltaScale,
    Tensor<T>? AudioAttentionNorm,
    Tensor<T>? ExpressionAttentionNorm)
    where T : unmanaged, IFloatingPointIeee754<T>;
