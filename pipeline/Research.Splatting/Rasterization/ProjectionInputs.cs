namespace Research.Splatting.Rasterization;

/// <summary>
/// Per-Gaussian inputs of the projection stage (3DGS preprocess), activated values in structure-of-arrays form.
/// Quaternions are used as given (the kernel does not normalise them; normalise before, as 3DGS get_rotation does), and
/// their gradient is taken with respect to the given components.
/// </summary>
public sealed class ProjectionInputs
{
    /// <summary>Validates and wraps the arrays (not copied).</summary>
    /// <param name="means">World-space centres, N×3.</param>
    /// <param name="scales">Activated per-axis scales, N×3.</param>
    /// <param name="rotations">Unit quaternions (w, x, y, z), N×4.</param>
    /// <param name="opacities">Activated opacities, N.</param>
    /// <param name="shs">SH coefficients, layout [N, K, 3] with K = (d+1)² (DC first, as GaussianModel.GetFeatures).</param>
    /// <param name="shDegree">Active SH degree 0..3, at most the degree K allows.</param>
    /// <param name="scaleModifier">Factor applied to every scale (3DGS scaling_modifier).</param>
    /// <exception cref="ArgumentException">A length does not match N, K is not a square, or the degree is out of range.</exception>
    public ProjectionInputs(float[] means, float[] scales, float[] rotations, float[] opacities, float[] shs, int shDegree, float scaleModifier = 1f)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(rotations);
        ArgumentNullException.ThrowIfNull(opacities);
        ArgumentNullException.ThrowIfNull(shs);
        if (means.Length % 3 != 0)
        {
            throw new ArgumentException($"ProjectionInputs: means has length {means.Length}, not a multiple of 3.", nameof(means));
        }

        var n = means.Length / 3;
        Check(scales.Length, n * 3, nameof(scales), n);
        Check(rotations.Length, n * 4, nameof(rotations), n);
        Check(opacities.Length, n, nameof(opacities), n);
        if (shDegree is < 0 or > 3)
        {
            throw new ArgumentException($"ProjectionInputs: shDegree {shDegree} is outside 0..3.", nameof(shDegree));
        }

        int k;
        if (n == 0)
        {
            Check(shs.Length, 0, nameof(shs), n);
            k = (shDegree + 1) * (shDegree + 1);
        }
        else
        {
            if (shs.Length % (3 * n) != 0)
            {
                throw new ArgumentException($"ProjectionInputs: shs has length {shs.Length}, not N·K·3 for N = {n}.", nameof(shs));
            }

            k = shs.Length / (3 * n);
            var root = (int)Math.Round(Math.Sqrt(k));
            if (root * root != k)
            {
                throw new ArgumentException($"ProjectionInputs: shs has K = {k} coefficients per Gaussian, not a square (d+1)².", nameof(shs));
            }

            if ((shDegree + 1) * (shDegree + 1) > k)
            {
                throw new ArgumentException($"ProjectionInputs: shDegree {shDegree} needs {(shDegree + 1) * (shDegree + 1)} SH coefficients but shs has K = {k}.", nameof(shDegree));
            }
        }

        if (!float.IsFinite(scaleModifier) || scaleModifier <= 0)
        {
            throw new ArgumentException($"ProjectionInputs: scaleModifier {scaleModifier} must be positive and finite.", nameof(scaleModifier));
        }

        Count = n;
        ShCoefficients = k;
        Means = means;
        Scales = scales;
        Rotations = rotations;
        Opacities = opacities;
        Shs = shs;
        ShDegree = shDegree;
        ScaleModifier = scaleModifier;
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; }

    /// <summary>SH coefficients per Gaussian and channel, K = (maxDegree+1)².</summary>
    public int ShCoefficients { get; }

    /// <summary>World-space centres, N×3.</summary>
    public float[] Means { get; }

    /// <summary>Activated scales, N×3.</summary>
    public float[] Scales { get; }

    /// <summary>Quaternions (w, x, y, z), N×4, used as given.</summary>
    public float[] Rotations { get; }

    /// <summary>Activated opacities, N.</summary>
    public float[] Opacities { get; }

    /// <summary>SH coefficients [N, K, 3].</summary>
    public float[] Shs { get; }

    /// <summary>Active SH degree (0..3).</summary>
    public int ShDegree { get; }

    /// <summary>Scale factor (3DGS scaling_modifier).</summary>
    public float ScaleModifier { get; }

    private static void Check(int actual, int expected, string name, int n)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"ProjectionInputs: {name} has length {actual}, expected {expected} for N = {n}.", name);
        }
    }
}
