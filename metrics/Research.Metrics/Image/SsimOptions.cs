namespace Research.Metrics.Image;

/// <summary>Settings for <see cref="Ssim.Compute(Research.Media.Imaging.FloatImage, Research.Media.Imaging.FloatImage, SsimOptions)"/>.</summary>
public sealed record SsimOptions
{
    /// <summary>The canonical variant on all cores.</summary>
    public static SsimOptions Default { get; } = new();

    /// <summary>Which implementation to reproduce; defaults to <see cref="SsimVariant.Gaussian11Valid"/>.</summary>
    public SsimVariant Variant { get; init; } = SsimVariant.Gaussian11Valid;

    /// <summary>
    /// Upper bound on worker threads; −1 (default) uses all cores, 1 runs on the calling thread.
    /// The result is bit-identical for every setting: each map row is summed on its own and rows are added in a fixed order.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
