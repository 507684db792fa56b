using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>Which metrics the evaluate stage computes on held-out frames.</summary>
public sealed record MetricsOptions : IValidatableOptions
{
    /// <summary>PSNR (RGB in [0,1], peak 1, per-frame mean).</summary>
    public bool Psnr { get; init; } = true;

    /// <summary>SSIM (11×11 Gaussian σ 1.5, K1 0.01, K2 0.03, valid region, RGB channel mean).</summary>
    public bool Ssim { get; init; } = true;

    /// <summary>Resamples of the percentile bootstrap behind each 95% confidence interval.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (BootstrapResamples < 0)
        {
            yield return ("bootstrap_resamples", "must be 0 (no interval) or more.");
        }
    }
}
