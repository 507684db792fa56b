namespace Research.Splatting.Rasterization;

/// <summary>
/// Output of the projection stage and input of tile binning / compositing: per-Gaussian screen-space quantities in
/// structure-of-arrays form (3DGS preprocess outputs). A Gaussian with <see cref="Radii"/> 0 is culled and ignored.
/// </summary>
public sealed class ProjectedGaussians
{
    /// <summary>Allocates storage for <paramref name="count"/> Gaussians (all culled until written).</summary>
    public ProjectedGaussians(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        MeanX = new float[count];
        MeanY = new float[count];
        Depth = new float[count];
        ConicA = new float[count];
        ConicB = new float[count];
        ConicC = new float[count];
        Opacity = new float[count];
        Colors = new float[count * 3];
        Radii = new int[count];
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; }

    /// <summary>Projected centre x in pixels (3DGS ndc2Pix: ((ndc + 1)·W − 1)/2).</summary>
    public float[] MeanX { get; }

    /// <summary>Projected centre y in pixels.</summary>
    public float[] MeanY { get; }

    /// <summary>View-space depth z (camera looks down +z).</summary>
    public float[] Depth { get; }

    /// <summary>Inverse 2D covariance, xx entry: power = −½(A·dx² + C·dy²) − B·dx·dy with d = centre − pixel.</summary>
    public float[] ConicA { get; }

    /// <summary>Inverse 2D covariance, xy entry (used once, see <see cref="ConicA"/>).</summary>
    public float[] ConicB { get; }

    /// <summary>Inverse 2D covariance, yy entry.</summary>
    public float[] ConicC { get; }

    /// <summary>Activated opacity in [0,1].</summary>
    public float[] Opacity { get; }

    /// <summary>RGB colour after SH evaluation (+0.5, clamped at ≥ 0), N×3 interleaved.</summary>
    public float[] Colors { get; }

    /// <summary>Screen radius in pixels, ceil(3·√λmax); 0 means culled (behind z ≤ 0.2, singular, or off-screen).</summary>
    public int[] Radii { get; }
}
