namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Per-training-frame inputs of <see cref="MouthFrameSampler"/>, indexed by position in the training list.</summary>
public sealed class MouthSamplingData
{
    private readonly double[] au25;
    private readonly int[] mouthPixels;

    /// <summary>Creates the data from already clipped AU25 values and mouth-mask pixel counts.</summary>
    /// <param name="clippedAu25">Clipped AU25 per training frame.</param>
    /// <param name="mouthPixels">Number of mouth-mask pixels per training frame.</param>
    /// <param name="statistics">Statistics of the whole column.</param>
    public MouthSamplingData(IReadOnlyList<double> clippedAu25, IReadOnlyList<int> mouthPixels, Au25Statistics statistics)
    {
        ArgumentNullException.ThrowIfNull(clippedAu25);
        ArgumentNullException.ThrowIfNull(mouthPixels);
        ArgumentNullException.ThrowIfNull(statistics);
        if (clippedAu25.Count == 0 || clippedAu25.Count != mouthPixels.Count)
        {
            throw new ArgumentException($"MouthSamplingData: {clippedAu25.Count} AU25 values and {mouthPixels.Count} mouth-pixel counts; need the same positive number.", nameof(mouthPixels));
        }

        if (clippedAu25.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("MouthSamplingData: AU25 values must be finite.", nameof(clippedAu25));
        }

        au25 = [.. clippedAu25];
        this.mouthPixels = [.. mouthPixels];
        Statistics = statistics;
    }

    /// <summary>Number of training frames.</summary>
    public int Count => au25.Length;

    /// <summary>Statistics of the whole AU25 column.</summary>
    public Au25Statistics Statistics { get; }

    /// <summary>Clipped AU25 of training frame <paramref name="position"/>.</summary>
    public double Au25(int position) => au25[position];

    /// <summary>Mouth-mask pixel count of training frame <paramref name="position"/>.</summary>
    public int MouthPixels(int position) => mouthPixels[position];

    /// <summary>
    /// From the raw au.csv <c>AU25_r</c> column (all rows; statistics as the loader), the image id (row) of each training
    /// frame, and each training frame's mouth-mask pixel count.
    /// </summary>
    public static MouthSamplingData FromColumn(ReadOnlySpan<double> au25Column, IReadOnlyList<int> imageIds, IReadOnlyList<int> mouthPixels, double clipPercentile = 95, double lowerPercentile = 25)
    {
        ArgumentNullException.ThrowIfNull(imageIds);
        var stats = Au25Statistics.FromColumn(au25Column, clipPercentile, lowerPercentile);
        var values = new double[imageIds.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var id = imageIds[i];
            if ((uint)id >= (uint)au25Column.Length)
            {
                throw new ArgumentException($"MouthSamplingData: image id {id} has no row in the {au25Column.Length}-row AU25 column.", nameof(imageIds));
            }

            values[i] = stats.Clip(au25Column[id]);
        }

        return new MouthSamplingData(values, mouthPixels, stats);
    }
}
