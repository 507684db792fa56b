namespace Research.Splatting.Tests.Rasterization;

/// <summary>Float64 twin of Rasterization.ProjectedGaussiansGradient (exact partials, no ½ on ConicB).</summary>
public sealed class ReferenceProjectedGradient
{
    /// <summary>Allocates zeroed gradients.</summary>
    public ReferenceProjectedGradient(int count)
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
    }

    /// <summary>Number of Gaussians.</summary>
    public int Count { get; }

    /// <summary>∂L/∂MeanX.</summary>
    public double[] MeanX { get; }

    /// <summary>∂L/∂MeanY.</summary>
    public double[] MeanY { get; }

    /// <summary>∂L/∂Depth.</summary>
    public double[] Depth { get; }

    /// <summary>∂L/∂ConicA.</summary>
    public double[] ConicA { get; }

    /// <summary>∂L/∂ConicB.</summary>
    public double[] ConicB { get; }

    /// <summary>∂L/∂ConicC.</summary>
    public double[] ConicC { get; }

    /// <summary>∂L/∂Opacity.</summary>
    public double[] Opacity { get; }

    /// <summary>∂L/∂Colors, N×3.</summary>
    public double[] Colors { get; }

    /// <summary>The fields in the order of <see cref="ReferenceProjected.Fields"/>.</summary>
    public double[][] Fields() => [MeanX, MeanY, Depth, ConicA, ConicB, ConicC, Opacity, Colors];

    /// <summary>The float32 gradient for the fast path.</summary>
    public Research.Splatting.Rasterization.ProjectedGaussiansGradient ToFloat()
    {
        var g = new Research.Splatting.Rasterization.ProjectedGaussiansGradient(Count);
        float[][] dst = [g.MeanX, g.MeanY, g.Depth, g.ConicA, g.ConicB, g.ConicC, g.Opacity, g.Colors];
        var src = Fields();
        for (var f = 0; f < src.Length; f++)
        {
            for (var j = 0; j < src[f].Length; j++)
            {
                dst[f][j] = (float)src[f][j];
            }
        }

        return g;
    }

    /// <summary>The same fields with their names (for finite differences and messages).</summary>
    public IEnumerable<(string Name, double[] Values)> NamedFields() =>
    [
        ("MeanX", MeanX), ("MeanY", MeanY), ("Depth", Depth), ("ConicA", ConicA), ("ConicB", ConicB),
        ("ConicC", ConicC), ("Opacity", Opacity), ("Colors", Colors),
    ];
}
