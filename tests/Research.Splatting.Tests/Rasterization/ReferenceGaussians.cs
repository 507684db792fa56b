using Research.Splatting.Rasterization;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 twin of <see cref="ProjectedGaussians"/> (same fields and meaning), input of <see cref="ReferenceCompositor"/>.</summary>
internal sealed class ReferenceGaussians
{
    public ReferenceGaussians(int count)
    {
        Count = count;
        MeanX = new double[count];
        MeanY = new double[count];
        Depth = new double[count];
        ConicA = new double[count];
        ConicB = new double[count];
        ConicC = new double[count];
        Opacity = new double[count];
        Colors = new double[3 * count];
        Radii = new int[count];
    }

    public int Count { get; }

    public double[] MeanX { get; }

    public double[] MeanY { get; }

    public double[] Depth { get; }

    public double[] ConicA { get; }

    public double[] ConicB { get; }

    public double[] ConicC { get; }

    public double[] Opacity { get; }

    public double[] Colors { get; }

    public int[] Radii { get; }

    /// <summary>Every float field by name (for finite differences).</summary>
    public IEnumerable<(string Name, double[] Values)> Fields() =>
    [
        ("MeanX", MeanX), ("MeanY", MeanY), ("Depth", Depth), ("ConicA", ConicA), ("ConicB", ConicB),
        ("ConicC", ConicC), ("Opacity", Opacity), ("Colors", Colors),
    ];

    public static ReferenceGaussians From(ProjectedGaussians g)
    {
        var r = new ReferenceGaussians(g.Count);
        for (var i = 0; i < g.Count; i++)
        {
            r.MeanX[i] = g.MeanX[i];
            r.MeanY[i] = g.MeanY[i];
            r.Depth[i] = g.Depth[i];
            r.ConicA[i] = g.ConicA[i];
            r.ConicB[i] = g.ConicB[i];
            r.ConicC[i] = g.ConicC[i];
            r.Opacity[i] = g.Opacity[i];
            r.Radii[i] = g.Radii[i];
            for (var c = 0; c < 3; c++)
            {
                r.Colors[(3 * i) + c] = g.Colors[(3 * i) + c];
            }
        }

        return r;
    }
}
