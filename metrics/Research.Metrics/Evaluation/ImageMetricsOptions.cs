using Research.Metrics.Aggregation;
using Research.Metrics.Image;
using Research.Metrics.Lpips;

namespace Research.Metrics.Evaluation;

/// <summary>Settings of <see cref="ImageMetricsEvaluator"/>.</summary>
public sealed record ImageMetricsOptions
{
    /// <summary>Canonical SSIM, all cores, default bootstrap.</summary>
    public static ImageMetricsOptions Default { get; } = new();

    /// <summary>SSIM variant (default <see cref="SsimVariant.Gaussian11Valid"/>).</summary>
    public SsimVariant SsimVariant { get; init; } = SsimVariant.Gaussian11Valid;

    /// <summary>Thread cap for SSIM within a frame (−1 = all cores); results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Bootstrap settings of the confidence intervals.</summary>
    public BootstrapOptions Bootstrap { get; init; } = BootstrapOptions.Default;

    /// <summary>LPIPS network and variant; null computes PSNR and SSIM only.</summary>
    public LpipsMetric? Lpips { get; init; }
}
