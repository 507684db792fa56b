namespace Research.Metrics.Lpips;

/// <summary>How image values are fed to the network before the ScalingLayer (metrics.md §4).</summary>
public enum LpipsInputRange
{
    /// <summary>
    /// Values in [0, 1] are mapped to [−1, 1] with x ← 2x − 1: <c>lpips.LPIPS(...)(x, y, normalize=True)</c>, the
    /// ER-NeRF / TalkingGaussian usage and the canonical setting.
    /// </summary>
    ZeroToOne,

    /// <summary>
    /// Values go in unchanged: <c>normalize=False</c> for inputs already in [−1, 1], and also the
    /// <c>lpipsPyTorch</c>-parity variant of the Gaussian-splatting <c>metrics.py</c>, which passes [0, 1] images
    /// straight in (a different quantity from LPIPS on rescaled input).
    /// </summary>
    Unscaled,
}
