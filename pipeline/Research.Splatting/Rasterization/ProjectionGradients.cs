namespace Research.Splatting.Rasterization;

/// <summary>
/// Gradients of the loss with respect to the <see cref="ProjectionInputs"/> (output of
/// <see cref="GaussianProjection.Backward"/>, which overwrites every entry), plus the screen-space NDC mean gradient that
/// 3DGS densification accumulates (viewspace_points.grad).
/// </summary>
public sealed class ProjectionGradients
{
    /// <summary>Allocates zeroed gradients for <paramref name="count"/> Gaussians with <paramref name="shCoefficients"/> SH coefficients each.</summary>
    public ProjectionGradients(int count, int shCoefficients)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shCoefficients);
        Count = count;
        ShCoefficients = shCoefficients;
        Means = new float[count * 3];
        Scales = new float[count * 3];
        Rotations = new float[count * 4];
        Opacities = new float[count];
        Shs = new float[count * shCoefficients * 3];
        MeansNdc = new float[count * 2];
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; }

    /// <summary>SH coefficients per Gaussian and channel K.</summary>
    public int ShCoefficients { get; }

    /// <summary>∂L/∂means, N×3.</summary>
    public float[] Means { get; }

    /// <summary>∂L/∂(activated scales), N×3 (the scale modifier is applied inside).</summary>
    public float[] Scales { get; }

    /// <summary>∂L/∂(quaternion components as given), N×4.</summary>
    public float[] Rotations { get; }

    /// <summary>∂L/∂(activated opacities), N.</summary>
    public float[] Opacities { get; }

    /// <summary>∂L/∂SH coefficients [N, K, 3] (zero above the active degree).</summary>
    public float[] Shs { get; }

    /// <summary>
    /// ∂L/∂(NDC centre), N×2: the pixel-centre gradient times 0.5·W (x) and 0.5·H (y), since pixel = ((ndc + 1)·S − 1)/2.
    /// This is what 3DGS densification reads from viewspace_points.grad.
    /// </summary>
    public float[] MeansNdc { get; }
}
