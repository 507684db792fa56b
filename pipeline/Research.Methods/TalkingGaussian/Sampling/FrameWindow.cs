namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// A closed value window [Lower, Upper] of an incremental sampler. A value is inside when neither
/// <c>v &lt; Lower</c> nor <c>v &gt; Upper</c> (the official loop condition), so both ends are inclusive.
/// </summary>
/// <param name="Lower">Lower end (may be −∞).</param>
/// <param name="Upper">Upper end (may be +∞).</param>
public readonly record struct FrameWindow(double Lower, double Upper)
{
    /// <summary>Whether <paramref name="value"/> lies in the window.</summary>
    public bool Contains(double value) => !(value < Lower || value > Upper);

    /// <summary>Distance from <paramref name="value"/> to the window (0 inside): the shortfall the empty-window guard minimises.</summary>
    public double Distance(double value) => value < Lower ? Lower - value : value > Upper ? value - Upper : 0.0;
}
