namespace Research.Methods.TalkingGaussian.Method;

/// <summary>
/// Iteration constants of one branch that the schedule records do not hold (densification, SH steps, xyz decay),
/// scaled from the official 50,000-iteration values by <see cref="Factor"/> = iterations / 50,000.
/// </summary>
/// <param name="Factor">iterations / 50,000.</param>
/// <param name="DensifyFrom">Densify when it &gt; this (official 500).</param>
/// <param name="DensifyInterval">… and it mod this = 0 (official 100; at least 10 so short runs do not densify every step).</param>
/// <param name="ScreenSizeFrom">Screen-size prune (20 px) when it &gt; this (official 3000).</param>
/// <param name="ShInterval">One more SH degree every this many iterations (official 1000).</param>
/// <param name="PositionDecaySteps">xyz lr decays over this many steps (official 45,000).</param>
internal sealed record BranchPlan(double Factor, int DensifyFrom, int DensifyInterval, int ScreenSizeFrom, int ShInterval, int PositionDecaySteps)
{
    /// <summary>The plan for a branch of <paramref name="iterations"/> iterations.</summary>
    public static BranchPlan For(int iterations)
    {
        var f = iterations / 50_000.0;
        int S(int v) => Math.Max(1, (int)Math.Round(v * f, MidpointRounding.AwayFromZero));
        return new BranchPlan(f, S(500), Math.Max(10, S(100)), S(3000), S(1000), S(45_000));
    }
}
