using Research.Datasets.Masks;

namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Per-training-frame inputs of <see cref="FaceFrameSampler"/>, indexed by position in the training list.</summary>
public sealed class FaceSamplingData
{
    private readonly double[] heights;
    private readonly double[] blink;

    /// <summary>Creates the data.</summary>
    /// <param name="lipHeights">Inner-lip height per training frame (<c>mouth_bound[2]</c>).</param>
    /// <param name="lower">Global minimum height of the split (<c>mouth_lb</c>).</param>
    /// <param name="upper">Global maximum height of the split (<c>mouth_ub</c>).</param>
    /// <param name="blink">Blink per training frame, clip(AU45, 0, 2)/2.</param>
    public FaceSamplingData(IReadOnlyList<double> lipHeights, double lower, double upper, IReadOnlyList<double> blink)
    {
        ArgumentNullException.ThrowIfNull(lipHeights);
        ArgumentNullException.ThrowIfNull(blink);
        if (lipHeights.Count == 0 || lipHeights.Count != blink.Count)
        {
            throw new ArgumentException($"FaceSamplingData: {lipHeights.Count} lip heights and {blink.Count} blink values; need the same positive number.", nameof(blink));
        }

        if (lipHeights.Concat(blink).Any(v => !double.IsFinite(v)) || !double.IsFinite(lower) || !double.IsFinite(upper))
        {
            throw new ArgumentException("FaceSamplingData: heights, bounds and blink values must be finite.", nameof(lipHeights));
        }

        heights = [.. lipHeights];
        this.blink = [.. blink];
        Lower = lower;
        Upper = upper;
    }

    /// <summary>Number of training frames.</summary>
    public int Count => heights.Length;

    /// <summary><c>mouth_lb</c>.</summary>
    public double Lower { get; }

    /// <summary><c>mouth_ub</c>.</summary>
    public double Upper { get; }

    /// <summary>Inner-lip height of training frame <paramref name="position"/>.</summary>
    public double LipHeight(int position) => heights[position];

    /// <summary>Blink of training frame <paramref name="position"/>.</summary>
    public double Blink(int position) => blink[position];

    /// <summary>
    /// From the split's <see cref="MouthBounds"/> (computed over exactly the training frames, in order), the raw au.csv
    /// <c>AU45_r</c> column and each training frame's image id (row).
    /// </summary>
    public static FaceSamplingData Create(MouthBounds bounds, ReadOnlySpan<double> au45Column, IReadOnlyList<int> imageIds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(imageIds);
        if (bounds.Count != imageIds.Count)
        {
            throw new ArgumentException($"FaceSamplingData: {bounds.Count} mouth bounds but {imageIds.Count} image ids.", nameof(imageIds));
        }

        var blink = new double[imageIds.Count];
        for (var i = 0; i < blink.Length; i++)
        {
            var id = imageIds[i];
            if ((uint)id >= (uint)au45Column.Length)
            {
                throw new ArgumentException($"FaceSamplingData: image id {id} has no row in the {au45Column.Length}-row AU45 column.", nameof(imageIds));
            }

            blink[i] = Math.Min(Math.Max(au45Column[id], 0.0), 2.0) / 2.0;
        }

        return new FaceSamplingData([.. bounds.Heights.Select(h => (double)h)], bounds.Lower, bounds.Upper, blink);
    }
}
