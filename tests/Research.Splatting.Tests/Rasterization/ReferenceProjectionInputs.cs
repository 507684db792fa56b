namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 inputs of <see cref="ReferenceProjection"/>; same layout and meaning as Rasterization.ProjectionInputs.</summary>
/// <param name="Means">N×3 world centres.</param>
/// <param name="Scales">N×3 activated scales.</param>
/// <param name="Rotations">N×4 quaternions (w, x, y, z), used as given.</param>
/// <param name="Opacities">N activated opacities.</param>
/// <param name="Shs">[N, K, 3] SH coefficients.</param>
/// <param name="ShDegree">Active SH degree 0..3.</param>
/// <param name="ScaleModifier">Scale factor.</param>
public sealed record ReferenceProjectionInputs(double[] Means, double[] Scales, double[] Rotations, double[] Opacities, double[] Shs, int ShDegree, double ScaleModifier = 1)
{
    /// <summary>Number of Gaussians.</summary>
    public int Count => Means.Length / 3;

    /// <summary>SH coefficients per Gaussian and channel.</summary>
    public int ShCoefficients => Count == 0 ? (ShDegree + 1) * (ShDegree + 1) : Shs.Length / (3 * Count);

    /// <summary>Deep copy (for finite differences).</summary>
    public ReferenceProjectionInputs DeepCopy() =>
        new([.. Means], [.. Scales], [.. Rotations], [.. Opacities], [.. Shs], ShDegree, ScaleModifier);

    /// <summary>The float32 inputs for the fast path.</summary>
    public Research.Splatting.Rasterization.ProjectionInputs ToFloat() =>
        new(ToF(Means), ToF(Scales), ToF(Rotations), ToF(Opacities), ToF(Shs), ShDegree, (float)ScaleModifier);

    /// <summary>The i-th array of the parameter groups (0 means, 1 scales, 2 rotations, 3 opacities, 4 shs).</summary>
    public double[] Group(int group) => group switch
    {
        0 => Means,
        1 => Scales,
        2 => Rotations,
        3 => Opacities,
        _ => Shs,
    };

    private static float[] ToF(double[] a) => [.. a.Select(v => (float)v)];
}
