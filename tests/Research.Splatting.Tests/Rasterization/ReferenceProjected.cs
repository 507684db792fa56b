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

    /// <summary>The same fields with their names (for finite differences and messages).</summary>
    public IEnumerable<(string Name, double[] Values)> NamedFields() =>
    [
        ("MeanX", MeanX), ("MeanY", MeanY), ("Depth", Depth), ("ConicA", ConicA), ("ConicB", ConicB),
        ("ConicC", ConicC), ("Opacity", Opacity), ("Colors", Colors),
    ];

    /// <summary>A float64 copy of fast-path projected Gaussians.</summary>
    public static ReferenceProjected From(Research.Splatting.Rasterization.ProjectedGaussians g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var r = new ReferenceProjected(g.Count);
        for (var i = 0; i < g.Count; i++)
        {
            (r.MeanX[i], r.MeanY[i], r.Depth[i], r.Radii[i]) = (g.MeanX[i], g.MeanY[i], g.Depth[i], g.Radii[i]);
            (r.ConicA[i], r.ConicB[i], r.ConicC[i], r.Opacity[i]) = (g.ConicA[i], g.ConicB[i], g.ConicC[i], g.Opacity[i]);
        }

        for (var j = 0; j < g.Colors.Length; j++)
        {
            r.Colors[j] = g.Colors[j];
        }

        return r;
    }
}
