namespace Research.Splatting.Gaussians;

/// <summary>
/// Per-Gaussian densification accumulators of 3DGS: xyz_gradient_accum (sum of the norms of the view-space xy
/// position gradients), denom (number of views where the Gaussian was visible) and max_radii2D (largest screen radius).
/// </summary>
public sealed class DensificationStats
{
    /// <summary>Creates zeroed accumulators for <paramref name="count"/> Gaussians.</summary>
    public DensificationStats(int count) => Reset(count);

    /// <summary>Sum of ‖∂L/∂(screen xy)‖ per Gaussian.</summary>
    public float[] GradientAccum { get; private set; } = [];

    /// <summary>Number of accumulated views per Gaussian.</summary>
    public float[] Denom { get; private set; } = [];

    /// <summary>Largest screen-space radius (pixels) seen per Gaussian.</summary>
    public float[] MaxRadii2D { get; private set; } = [];

    /// <summary>Number of Gaussians covered.</summary>
    public int Count => Denom.Length;

    /// <summary>Zeroes all accumulators and resizes them to <paramref name="count"/>.</summary>
    public void Reset(int count)
    {
        GradientAccum = new float[count];
        Denom = new float[count];
        MaxRadii2D = new float[count];
    }

    /// <summary>
    /// Adds one view: for each visible Gaussian, accum += ‖(gx, gy)‖, denom += 1 and max_radii2D = max(…, radius).
    /// </summary>
    /// <param name="viewspaceGradients">Gradient of the loss w.r.t. the screen-space means, [N,2] (or [N,3]/[N,4]: only x, y are used).</param>
    /// <param name="stride">Values per row of <paramref name="viewspaceGradients"/> (≥ 2).</param>
    /// <param name="visible">The rasterizer's visibility filter (radius &gt; 0), N values.</param>
    /// <param name="radii">Screen radii in pixels, N values.</param>
    public void Add(ReadOnlySpan<float> viewspaceGradients, int stride, ReadOnlySpan<bool> visible, ReadOnlySpan<float> radii)
    {
        var n = Count;
        if (stride < 2 || viewspaceGradients.Length != n * stride || visible.Length != n || radii.Length != n)
        {
            throw new ArgumentException($"DensificationStats.Add: for {n} Gaussians expected gradients [{n},{stride}] (stride ≥ 2), visible [{n}] and radii [{n}]; got {viewspaceGradients.Length}, {visible.Length}, {radii.Length}.", nameof(viewspaceGradients));
        }

        for (var i = 0; i < n; i++)
        {
            if (!visible[i])
            {
                continue;
            }

            double gx = viewspaceGradients[i * stride];
            double gy = viewspaceGradients[(i * stride) + 1];
            GradientAccum[i] += (float)Math.Sqrt((gx * gx) + (gy * gy));
            Denom[i] += 1;
            MaxRadii2D[i] = Math.Max(MaxRadii2D[i], radii[i]);
        }
    }

    /// <summary>Mean gradient accum/denom per Gaussian, 0 where denom is 0 (3DGS replaces the NaN by 0).</summary>
    public float[] MeanGradients()
    {
        var g = new float[Count];
        for (var i = 0; i < g.Length; i++)
        {
            var v = GradientAccum[i] / Denom[i];
            g[i] = float.IsNaN(v) ? 0 : v;
        }

        return g;
    }

    /// <summary>Keeps the rows where <paramref name="keep"/> is true.</summary>
    internal void Select(IReadOnlyList<bool> keep)
    {
        GradientAccum = Filter(GradientAccum, keep);
        Denom = Filter(Denom, keep);
        MaxRadii2D = Filter(MaxRadii2D, keep);
    }

    /// <summary>Appends <paramref name="extra"/> zeroed rows (new Gaussians).</summary>
    internal void Extend(int extra)
    {
        GradientAccum = [.. GradientAccum, .. new float[extra]];
        Denom = [.. Denom, .. new float[extra]];
        MaxRadii2D = [.. MaxRadii2D, .. new float[extra]];
    }

    private static float[] Filter(float[] a, IReadOnlyList<bool> keep) => [.. a.Where((_, i) => keep[i])];
}
