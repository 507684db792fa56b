namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 twin of Rasterization.ProjectedGaussians (same fields and meaning).</summary>
public sealed class ReferenceProjected
{
    /// <summary>Allocates zeroed storage.</summary>
    public ReferenceProjected(int count)
    {
        Count = count;
        MeanX = new double[count];
        MeanY = new double[count];
        Depth = new double[count];
        ConicA = new double[count];
        ConicB = new double[count];
        ConicC = new double[count];
        Opacity = new double[count];
        Colors = new double[count * 3];
        Radii = new int[count];
    }

    /// <summary>Number of Gaussians.</summary>
    public int Count { get; }

    /// <summary>Pixel centre x.</summary>
    public double[] MeanX { get; }

    /// <summary>Pixel centre y.</summary>
    public double[] MeanY { get; }

    /// <summary>View depth.</summary>
    public double[] Depth { get; }

    /// <summary>Conic xx.</summary>
    public double[] ConicA { get; }

    /// <summary>Conic xy.</summary>
    public double[] ConicB { get; }

    /// <summary>Conic yy.</summary>
    public double[] ConicC { get; }

    /// <summary>Opacity.</summary>
    public double[] Opacity { get; }

    /// <summary>RGB, N×3.</summary>
    public double[] Colors { get; }

    /// <summary>Radii (0 = culled).</summary>
    public int[] Radii { get; }

    /// <summary>The scalar fields in a fixed order (MeanX, MeanY, Depth, ConicA, ConicB, ConicC, Opacity, Colors).</summary>
    public double[][] Fields() => [MeanX, MeanY, Depth, ConicA, ConicB, ConicC, Opacity, Colors];
}
