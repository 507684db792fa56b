using Research.Methods.TalkingGaussian.Sampling;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// Iteration thresholds and sampling constants of <c>train_face.py</c> (notes §3.4); defaults are the official values.
/// Iterations are 1-based as upstream. <see cref="Scaled"/> shrinks every threshold for short runs (intervals stay).
/// </summary>
public sealed record FaceBranchSchedule
{
    /// <summary>Total iterations (50,000).</summary>
    public int Iterations { get; init; } = 50_000;

    /// <summary>Static 3DGS before this iteration; motion and regularisers from here on (<c>warm_step</c>, 3000).</summary>
    public int WarmupIterations { get; init; } = 3_000;

    /// <summary>End of incremental sampling and of the first lr phase (<c>mouth_select_iter</c> = bg_iter − 10,000 = 40,000).</summary>
    public int SelectUntil { get; init; } = 40_000;

    /// <summary><c>bg_iter</c> = iterations = 50,000: the E of the motion lr schedule; at it ≥ this the loss uses the real background.</summary>
    public int BackgroundIteration { get; init; } = 50_000;

    /// <summary>Densification stops here (<c>densify_until_iter</c> = iterations − 1000 = 49,000); also the prune-threshold denominator.</summary>
    public int DensifyUntil { get; init; } = 49_000;

    /// <summary>LPIPS terms and mouth-mask erosion after this iteration (<c>lpips_start_iter</c> = densify_until − 2000 = 47,000).</summary>
    public int LpipsStart { get; init; } = 47_000;

    /// <summary>Hair masking stops here (<c>lpips_start_iter − 1000</c> = 46,000).</summary>
    public int HairMaskUntil { get; init; } = 46_000;

    /// <summary>Hair is supervised only when it mod this = 0 during motion learning (<c>hair_mask_interval</c>, 7).</summary>
    public int HairMaskInterval { get; init; } = 7;

    /// <summary>Window selection every this many iterations (<c>select_interval</c>, 15).</summary>
    public int SelectInterval { get; init; } = 15;

    /// <summary>Which release's selection schedule to use.</summary>
    public FaceSamplingVariant Variant { get; init; } = FaceSamplingVariant.Head;

    /// <summary>lb' = lb + this·(ub − lb) (0.2).</summary>
    public double LipLowerFraction { get; init; } = 0.2;

    /// <summary>Half-width w = this·(ub − lb') (0.2).</summary>
    public double LipWindowFraction { get; init; } = 0.2;

    /// <summary>Blink window lower end is t − this (0.15 = 0.5·0.3).</summary>
    public double BlinkBelow { get; init; } = 0.15;

    /// <summary>Blink window upper end is t + this (0.3).</summary>
    public double BlinkAbove { get; init; } = 0.3;

    /// <summary>Lower end of the patch-LPIPS half size: patch = 2·randint(32, 48).</summary>
    public int PatchHalfMin { get; init; } = 32;

    /// <summary>Upper end of the patch-LPIPS half size.</summary>
    public int PatchHalfMax { get; init; } = 48;

    /// <summary>Erosion passes (3×3 min-pool) of the mouth mask once LPIPS starts (2).</summary>
    public int MouthErosionPasses { get; init; } = 2;

    /// <summary>Whether iteration <paramref name="iteration"/> renders with the motion network (≥ warm-up).</summary>
    public bool UsesMotion(int iteration) => iteration >= WarmupIterations;

    /// <summary>Whether the motion, alpha and attention regularisers apply (it &gt; warm-up and it &lt; bg_iter).</summary>
    public bool UsesRegularisers(int iteration) => iteration > WarmupIterations && iteration < BackgroundIteration;

    /// <summary>Whether the green-screen (head-masked) loss applies; otherwise the render is composited over the real background (it ≥ bg_iter).</summary>
    public bool UsesGreenScreen(int iteration) => iteration < BackgroundIteration;

    /// <summary>
    /// <c>hair_mask_iter</c>: warm-up &lt; it &lt; <see cref="HairMaskUntil"/> and it mod <see cref="HairMaskInterval"/> ≠ 0.
    /// Then hair pixels of render and target are green and the hair attention regularisers are skipped.
    /// </summary>
    public bool MasksHair(int iteration) => iteration > WarmupIterations && iteration < HairMaskUntil && iteration % HairMaskInterval != 0;

    /// <summary>Whether LPIPS applies and the mouth mask is eroded (it &gt; <see cref="LpipsStart"/>).</summary>
    public bool UsesLpips(int iteration) => iteration > LpipsStart;

    /// <summary>Min-opacity prune threshold at a densification step: 0.05 + 0.25·it/<see cref="DensifyUntil"/>.</summary>
    public double MinOpacity(int iteration) => PruneSchedule.MinOpacity(iteration, DensifyUntil);

    /// <summary>Motion-network lr factor after <paramref name="step"/> scheduler steps (S = <see cref="SelectUntil"/>, E = <see cref="BackgroundIteration"/>).</summary>
    public double MotionLrFactor(int step) => MotionLrSchedule.Factor(step, SelectUntil, BackgroundIteration);

    /// <summary>A copy with every iteration threshold multiplied by <paramref name="factor"/> (rounded, at least 1); intervals and constants unchanged.</summary>
    public FaceBranchSchedule Scaled(double factor) => this with
    {
        Iterations = MouthBranchSchedule.Scale(Iterations, factor),
        WarmupIterations = MouthBranchSchedule.Scale(WarmupIterations, factor),
        SelectUntil = MouthBranchSchedule.Scale(SelectUntil, factor),
        BackgroundIteration = MouthBranchSchedule.Scale(BackgroundIteration, factor),
        DensifyUntil = MouthBranchSchedule.Scale(DensifyUntil, factor),
        LpipsStart = MouthBranchSchedule.Scale(LpipsStart, factor),
        HairMaskUntil = MouthBranchSchedule.Scale(HairMaskUntil, factor),
    };
}
