namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// Iteration thresholds and sampling constants of <c>train_mouth.py</c> (notes §3.3); defaults are the official values.
/// Iterations are 1-based as upstream. <see cref="Scaled"/> shrinks every threshold for short runs (intervals stay).
/// </summary>
public sealed record MouthBranchSchedule
{
    /// <summary>Total iterations (50,000).</summary>
    public int Iterations { get; init; } = 50_000;

    /// <summary>Static 3DGS before this iteration; motion from here on (<c>warm_step</c>, 3000).</summary>
    public int WarmupIterations { get; init; } = 3_000;

    /// <summary>End of incremental sampling and of the first lr phase (<c>mouth_select_iter</c> = bg_iter − 10,000 = 39,000).</summary>
    public int SelectUntil { get; init; } = 39_000;

    /// <summary>
    /// <c>bg_iter</c> = iterations − 1000 = 49,000: after it the background turns black, motion and geometry freeze and
    /// patch LPIPS starts (also <c>lpips_start_iter</c> and <c>motion_stop_iter</c>); the E of the motion lr schedule.
    /// </summary>
    public int BackgroundIteration { get; init; } = 49_000;

    /// <summary>Densification stops at this iteration (<c>densify_until_iter</c>, default 45,000); also the prune-threshold denominator.</summary>
    public int DensifyUntil { get; init; } = 45_000;

    /// <summary>AU25 window selection every this many iterations (<c>select_interval</c>, 7).</summary>
    public int SelectInterval { get; init; } = 7;

    /// <summary>Frames whose mouth mask has fewer pixels are re-drawn during the motion phase (20).</summary>
    public int MinMouthPixels { get; init; } = 20;

    /// <summary>AU25 is clipped at this percentile of the whole au.csv column (95).</summary>
    public double ClipPercentile { get; init; } = 95;

    /// <summary>The AU25 window grows down to this percentile (25).</summary>
    public double LowerPercentile { get; init; } = 25;

    /// <summary>Lower end of the patch-LPIPS half size: patch = 2·randint(16, 21).</summary>
    public int PatchHalfMin { get; init; } = 16;

    /// <summary>Upper end of the patch-LPIPS half size.</summary>
    public int PatchHalfMax { get; init; } = 21;

    /// <summary>Whether iteration <paramref name="iteration"/> renders with the motion network (≥ warm-up).</summary>
    public bool UsesMotion(int iteration) => iteration >= WarmupIterations;

    /// <summary>Whether the alpha prior on the lips rectangle applies (it &gt; warm-up).</summary>
    public bool UsesAlphaPrior(int iteration) => iteration > WarmupIterations;

    /// <summary>Whether the background is black and only colour trains (it &gt; <see cref="BackgroundIteration"/>).</summary>
    public bool IsColourOnly(int iteration) => iteration > BackgroundIteration;

    /// <summary>Whether the 0.5·patch-LPIPS term applies (it &gt; <see cref="BackgroundIteration"/>).</summary>
    public bool UsesLpips(int iteration) => iteration > BackgroundIteration;

    /// <summary>Min-opacity prune threshold at a densification step: 0.05 + 0.25·it/<see cref="DensifyUntil"/>.</summary>
    public double MinOpacity(int iteration) => PruneSchedule.MinOpacity(iteration, DensifyUntil);

    /// <summary>Motion-network lr factor after <paramref name="step"/> scheduler steps (S = <see cref="SelectUntil"/>, E = <see cref="BackgroundIteration"/>).</summary>
    public double MotionLrFactor(int step) => MotionLrSchedule.Factor(step, SelectUntil, BackgroundIteration);

    /// <summary>A copy with every iteration threshold multiplied by <paramref name="factor"/> (rounded, at least 1); intervals and constants unchanged.</summary>
    public MouthBranchSchedule Scaled(double factor) => this with
    {
        Iterations = Scale(Iterations, factor),
        WarmupIterations = Scale(WarmupIterations, factor),
        SelectUntil = Scale(SelectUntil, factor),
        BackgroundIteration = Scale(BackgroundIteration, factor),
        DensifyUntil = Scale(DensifyUntil, factor),
    };

    internal static int Scale(int value, double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Scaled: the factor must be a positive number.");
        }

        return Math.Max(1, (int)Math.Round(value * factor, MidpointRounding.AwayFromZero));
    }
}
