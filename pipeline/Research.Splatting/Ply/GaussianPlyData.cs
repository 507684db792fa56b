namespace Research.Splatting.Ply;

/// <summary>
/// Raw (pre-activation) Gaussian parameters as stored in a 3DGS PLY file, in row-major arrays with the tensor layouts
/// of <see cref="Gaussians.GaussianModel"/>: means [N,3], dc [N,1,3], rest [N,K,3] with K = (deg+1)²−1,
/// opacity [N,1] (logit), scales [N,3] (pre-activation), rotations [N,4] (w,x,y,z, not necessarily normalised).
/// </summary>
public sealed class GaussianPlyData
{
    /// <summary>Creates a container after checking the array lengths against <paramref name="count"/> and <paramref name="shDegree"/>.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length or the degree is outside 0..4.</exception>
    public GaussianPlyData(int count, int shDegree, float[] means, float[] featuresDc, float[] featuresRest, float[] opacities, float[] scales, float[] rotations)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(featuresDc);
        ArgumentNullException.ThrowIfNull(featuresRest);
        ArgumentNullException.ThrowIfNull(opacities);
        ArgumentNullException.ThrowIfNull(scales);
        ArgumentNullException.ThrowIfNull(rotations);
        if (count < 0 || shDegree < 0 || shDegree > 4)
        {
            throw new ArgumentException($"GaussianPlyData: count {count} must be ≥ 0 and SH degree {shDegree} in 0..4.", nameof(count));
        }

        var k = RestCoefficients(shDegree);
        Check(means, count * 3L, "means [N,3]");
        Check(featuresDc, count * 3L, "featuresDc [N,1,3]");
        Check(featuresRest, count * 3L * k, $"featuresRest [N,{k},3]");
        Check(opacities, count, "opacities [N,1]");
        Check(scales, count * 3L, "scales [N,3]");
        Check(rotations, count * 4L, "rotations [N,4]");
        Count = count;
        ShDegree = shDegree;
        Means = means;
        FeaturesDc = featuresDc;
        FeaturesRest = featuresRest;
        Opacities = opacities;
        Scales = scales;
        Rotations = rotations;
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; }

    /// <summary>SH degree (0..4); the number of rest coefficients per channel is (deg+1)²−1.</summary>
    public int ShDegree { get; }

    /// <summary>Means, [N,3].</summary>
    public float[] Means { get; }

    /// <summary>SH DC coefficients, [N,1,3].</summary>
    public float[] FeaturesDc { get; }

    /// <summary>Higher SH coefficients, [N,K,3] (coefficient-major per Gaussian, like 3DGS's features_rest).</summary>
    public float[] FeaturesRest { get; }

    /// <summary>Raw opacity (logit), [N,1].</summary>
    public float[] Opacities { get; }

    /// <summary>Raw scales (before exp/softplus), [N,3].</summary>
    public float[] Scales { get; }

    /// <summary>Rotation quaternions (w,x,y,z), [N,4].</summary>
    public float[] Rotations { get; }

    /// <summary>(deg+1)²−1: SH coefficients per colour channel beyond the DC term.</summary>
    /// <param name="shDegree">SH degree.</param>
    /// <returns>The count.</returns>
    public static int RestCoefficients(int shDegree) => ((shDegree + 1) * (shDegree + 1)) - 1;

    private static void Check(float[] array, long expected, string what)
    {
        if (array.LongLength != expected)
        {
            throw new ArgumentException($"GaussianPlyData: {what} needs {expected} values, got {array.LongLength}.", what);
        }
    }
}
