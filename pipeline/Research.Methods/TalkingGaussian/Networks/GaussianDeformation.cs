using System.Numerics;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>
/// Applies motion-network offsets to the persistent Gaussian field (notes §2.5 "Deformed Gaussian") as autograd ops:
/// μ + Δμ, scale = softplus(s_raw + Δs), q = normalize(q_raw + Δq).
/// </summary>
public static class GaussianDeformation
{
    /// <summary>Epsilon of the quaternion normalisation (<c>torch.nn.functional.normalize</c>: q / max(‖q‖, 1e-12)).</summary>
    public const double NormalizeEpsilon = 1e-12;

    /// <summary>Face branch: positions, activated scales and unit rotations from the raw attributes and <paramref name="motion"/>.</summary>
    public static DeformedGaussians<T> Deform<T>(Tensor<T> positions, Tensor<T> rawScales, Tensor<T> rawRotations, FaceMotion<T> motion)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(motion);
        return new DeformedGaussians<T>(
            Translate(positions, motion.DeltaPosition),
            Scales(rawScales, motion.DeltaScale),
            Rotations(rawRotations, motion.DeltaRotation));
    }

    /// <summary>μ + Δμ for [N, 3] tensors (the mouth branch deforms only this).</summary>
    public static Tensor<T> Translate<T>(Tensor<T> positions, Tensor<T> deltaPosition)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(positions, deltaPosition, 3, "Translate");
        return positions.Add(deltaPosition);
    }

    /// <summary>softplus(s_raw + Δs) for [N, 3] tensors.</summary>
    public static Tensor<T> Scales<T>(Tensor<T> rawScales, Tensor<T> deltaScale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(rawScales, deltaScale, 3, "Scales");
        return rawScales.Add(deltaScale).Softplus();
    }

    /// <summary>(q_raw + Δq) / max(‖q_raw + Δq‖, 1e-12) for [N, 4] tensors.</summary>
    public static Tensor<T> Rotations<T>(Tensor<T> rawRotations, Tensor<T> deltaRotation)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(rawRotations, deltaRotation, 4, "Rotations");
        var q = rawRotations.Add(deltaRotation);
        var norm = q.Mul(q).Sum(1, keepDim: true).Sqrt().Clamp(T.CreateChecked(NormalizeEpsilon), T.PositiveInfinity);
        return q.Div(norm);
    }

    private static void Check<T>(Tensor<T> raw, Tensor<T> delta, int width, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(delta);
        if (raw.Rank != 2 || raw.Shape[1] != width || delta.Rank != 2 || delta.Shape[0] != raw.Shape[0] || delta.Shape[1] != width)
        {
            throw new ArgumentException($"GaussianDeformation.{op}: raw {MotionMath.FormatShape(raw.Shape)} and delta {MotionMath.FormatShape(delta.Shape)} must both be [N, {width}].", nameof(delta));
        }
    }
}
