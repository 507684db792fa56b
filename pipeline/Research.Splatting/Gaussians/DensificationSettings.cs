namespace Research.Splatting.Gaussians;

/// <summary>Thresholds of one 3DGS densify_and_prune call.</summary>
/// <param name="GradThreshold">Mean view-space gradient norm at or above which a Gaussian is cloned or split (3DGS 0.0002; TalkingGaussian face 0.0005).</param>
/// <param name="MinOpacity">Prune Gaussians whose activated opacity is below this (3DGS 0.005; TalkingGaussian 0.05 + 0.25·it/until).</param>
/// <param name="SceneExtent">cameras_extent (3DGS: 1.1 × the largest camera distance from the mean camera centre).</param>
/// <param name="MaxScreenSize">Screen-radius prune threshold in pixels (3DGS 20 after the opacity-reset interval), or null to skip the size prunes.</param>
public sealed record DensificationSettings(double GradThreshold, double MinOpacity, double SceneExtent, double? MaxScreenSize)
{
    /// <summary>Clone if max scale ≤ PercentDense·extent, else split (3DGS 0.01; TalkingGaussian 0.005).</summary>
    public double PercentDense { get; init; } = 0.01;

    /// <summary>Children per split Gaussian (3DGS N = 2).</summary>
    public int SplitSamples { get; init; } = 2;

    /// <summary>World-size prune: max scale &gt; this × extent (3DGS 0.1).</summary>
    public double WorldSizeFraction { get; init; } = 0.1;

    /// <summary>
    /// 3DGS's densification_postfix zeroes max_radii2D before the prune, so its screen-size prune never fires. True
    /// (default) reproduces that; false prunes on the radii accumulated since the last densification.
    /// </summary>
    public bool ResetRadiiBeforePrune { get; init; } = true;
}
