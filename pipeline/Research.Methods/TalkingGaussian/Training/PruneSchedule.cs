namespace Research.Methods.TalkingGaussian.Training;

/// <summary>TalkingGaussian's rising min-opacity prune threshold (notes §3.2).</summary>
public static class PruneSchedule
{
    /// <summary>0.05 + 0.25·<paramref name="iteration"/>/<paramref name="densifyUntil"/> (about 0.05 at the start, 0.30 at the end).</summary>
    public static double MinOpacity(int iteration, int densifyUntil)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(densifyUntil);
        return 0.05 + (0.25 * iteration / densifyUntil);
    }
}
