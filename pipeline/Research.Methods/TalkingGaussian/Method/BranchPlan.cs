namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// Iteration constants of one branch that the schedule records do not hold (densification, SH steps, xyz decay),
/// scaled from the official 50,000-iteration values by <see cref="Factor"/> = iterations / 50,000.
/// </summary>
/// <param name="Factor">iterations / 50,000.</param>
/// <param name="OfficialDensifyFrom">500·f.</param>
/// <param name="DensifyFrom">Densify when it &gt; this (official 500; short runs: max(500·f, min(500, iterations / 4))).</param>
/// <param name="DensifyInterval">… and it mod this = 0 (official 100; at least 10 so short runs do not densify every step).</param>
/// <param name="ScreenSizeFrom">Screen-size and world-size prune when it &gt; this (official 3000; short runs: max(3000·f, min(3000, iterations / 2)), so points can split before the 0.1·extent world-size prune).</param>
/// <param name="ShInterval">One more SH degree every this many iterations (official 1000).</param>
/// <param name="PositionDecaySteps">xyz lr decays over this many steps (official 45,000).</param>
internal sealed record BranchPlan(double Factor, int OfficialDensifyFrom, int DensifyFrom, int DensifyInterval, int ScreenSizeFrom, int ShInterval, int PositionDecaySteps)
{
    /// <summary>The plan for a branch of <paramref name="iterations"/> iterations.</summary>
    public static BranchPlan For(int iterations)
    {
        var f = iterations / 50_000.0;
        int S(int v) => Math.Max(1, (int)Math.Round(v * f, MidpointRounding.AwayFromZero));
        // Densification starts no earlier than a quarter of the run (at most 500): scaled to 500·f, it would prune the
        // still-grey random points (opacity 0.1 falls below 0.05 within ~20 steps) before their colours have moved.
        // The min-opacity ramp 0.05 + 0.25·it/until is evaluated at it − PruneShift so the first densification still sees ≈ 0.05.
        return new BranchPlan(f, S(500), Math.Max(S(500), Math.Min(500, iterations / 4)), Math.Max(10, S(100)), Math.Max(S(3000), Math.Min(3000, iterations / 2)), S(1000), S(45_000));
    }

    /// <summary>How far densification was delayed beyond 500·f; the min-opacity ramp is shifted back by it.</summary>
    public int PruneShift => DensifyFrom - OfficialDensifyFrom;
}
