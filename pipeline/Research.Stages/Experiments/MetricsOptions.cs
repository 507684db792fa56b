using Research.Metrics.Image;
using Research.Pipeline.Configuration;

namespace Research.Stages.Experiments;

/// <summary>Which metrics the evaluate stage computes on held-out frames.</summary>
public sealed record MetricsOptions : IValidatableOptions
{
    /// <summary>PSNR (RGB in [0,1], peak 1, per-frame mean).</summary>
    public bool Psnr { get; init; } = true;

    /// <summary>SSIM (11×11 Gaussian σ 1.5, K1 0.01, K2 0.03, valid region, RGB channel mean).</summary>
    public bool Ssim { get; init; } = true;

    /// <summary>
    /// SSIM variant: <c>gaussian11-valid</c> (canonical: 11×11 Gaussian σ 1.5, valid region), <c>3dgs-zero-pad</c>
    /// (the Gaussian-splatting training loss, zero padding) or <c>skimage-default-7x7</c>; reports name the one used.
    /// </summary>
    public string SsimVariant { get; init; } = "gaussian11-valid";

    /// <summary>Resamples of the percentile bootstrap behind each 95% confidence interval.</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>LPIPS variant and weight folder.</summary>
    public LpipsOptions Lpips { get; init; } = new();

    /// <summary>SyncNet weight file and crop mode (Sync-C / Sync-D).</summary>
    public SyncNetOptions Syncnet { get; init; } = new();

    /// <summary>OpenFace, for AUE and LMD.</summary>
    public OpenFaceOptions Openface { get; init; } = new();

    /// <inheritdoc />
    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (!SsimVariantExtensions.TryParse(SsimVariant, out _))
        {
            yield return ("ssim_variant", $"'{SsimVariant}' is not an SSIM variant; use one of {string.Join(", ", Enum.GetValues<SsimVariant>().Select(v => v.ToId()))}.");
        }

        if (BootstrapResamples < 0)
        {
            yield return ("bootstrap_resamples", "must be 0 (no interval) or more.");
        }
    }
}
