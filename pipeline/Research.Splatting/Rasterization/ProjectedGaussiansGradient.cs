namespace Research.Splatting.Rasterization;

/// <summary>
/// Gradient of the loss with respect to every field of <see cref="ProjectedGaussians"/>: the output of compositing's
/// backward pass and the input of projection's backward pass. Each entry is the exact partial derivative of the loss
/// with respect to the same-named field (mean gradients in pixel units; no 3DGS-style ½ factor on
/// <see cref="ConicB"/>).
/// </summary>
public sealed class ProjectedGaussiansGradient
{
    /// <summary>Allocates zeroed gradients for <paramref name="count"/> Gaussians.</summary>
    public ProjectedGaussiansGradient(int count)
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
    }

    /// <summary>Number of Gaussians N.</summary>
    public int Count { get; }

    /// <summary>∂L/∂MeanX (per pixel).</summary>
    public float[] MeanX { get; }

    /// <summary>∂L/∂MeanY (per pixel).</summary>
    public float[] MeanY { get; }

    /// <summary>∂L/∂Depth.</summary>
    public float[] Depth { get; }

    /// <summary>∂L/∂ConicA.</summary>
    public float[] ConicA { get; }

    /// <summary>∂L/∂ConicB.</summary>
    public float[] ConicB { get; }

    /// <summary>∂L/∂ConicC.</summary>
    public float[] ConicC { get; }

    /// <summary>∂L/∂Opacity (activated opacity).</summary>
    public float[] Opacity { get; }

    /// <summary>∂L/∂Colors, N×3 interleaved.</summary>
    public float[] Colors { get; }

    /// <summary>Sets every gradient to zero (for reuse across iterations).</summary>
    public void Clear()
    {
        Array.Clear(MeanX);
        Array.Clear(MeanY);
        Array.Clear(Depth);
        Array.Clear(ConicA);
        Array.Clear(ConicB);
        Array.Clear(ConicC);
        Array.Clear(Opacity);
        Array.Clear(Colors);
    }
}
