namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// The loader's AU25 statistics (<c>scene/dataset_readers.py</c>): the whole au.csv column (every row, not only the split)
/// is clipped to [0, p95], then p25, p50, p75 and the maximum of the clipped column are taken (numpy linear percentiles).
/// </summary>
/// <param name="ClipValue">Upper clip, the 95th percentile of the raw column.</param>
/// <param name="Percentile25">25th percentile of the clipped column (<c>au25[1]</c>).</param>
/// <param name="Percentile50">Median of the clipped column.</param>
/// <param name="Percentile75">75th percentile of the clipped column.</param>
/// <param name="Max">Maximum of the clipped column (<c>au25[4]</c>; equals <paramref name="ClipValue"/> for non-negative data).</param>
public sealed record Au25Statistics(double ClipValue, double Percentile25, double Percentile50, double Percentile75, double Max)
{
    /// <summary>Statistics of a raw <c>AU25_r</c> column with the clip percentile (95) and window percentile (25) of the notes.</summary>
    public static Au25Statistics FromColumn(ReadOnlySpan<double> au25, double clipPercentile = 95, double lowerPercentile = 25)
    {
        var clip = Percentiles.Linear(au25, clipPercentile);
        var clipped = new double[au25.Length];
        for (var i = 0; i < clipped.Length; i++)
        {
            clipped[i] = Clip(au25[i], clip);
        }

        return new Au25Statistics(clip, Percentiles.Linear(clipped, lowerPercentile), Percentiles.Linear(clipped, 50), Percentiles.Linear(clipped, 75), clipped.Max());
    }

    /// <summary>A raw value clipped like the loader (<c>np.clip(v, 0, p95)</c> = min(max(v, 0), p95)).</summary>
    public double Clip(double value) => Clip(value, ClipValue);

    private static double Clip(double value, double high) => Math.Min(Math.Max(value, 0.0), high);
}
