using System.Numerics;

namespace Research.Datasets.Masks;

/// <summary>
/// <c>mouth_bound</c> for every frame of one split. Upstream computes the global min/max over the frames listed in the
/// transforms file being loaded (train or val separately), so pass exactly the frames of one split.
/// </summary>
public sealed class MouthBounds
{
    private readonly int[] heights;

    private MouthBounds(int[] heights)
    {
        this.heights = heights;
        Lower = heights.Min();
        Upper = heights.Max();
    }

    /// <summary>Minimum inner-lip height over the split (<c>mouth_lb</c>).</summary>
    public int Lower { get; }

    /// <summary>Maximum inner-lip height over the split (<c>mouth_ub</c>).</summary>
    public int Upper { get; }

    /// <summary>Per-frame inner-lip heights, in the order given.</summary>
    public IReadOnlyList<int> Heights => heights;

    /// <summary>Number of frames.</summary>
    public int Count => heights.Length;

    /// <summary>The bound of frame <paramref name="position"/> (position in the list given to <see cref="Compute"/>).</summary>
    public MouthBound For(int position)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)position, (uint)heights.Length, nameof(position));
        return new MouthBound(Lower, Upper, heights[position]);
    }

    /// <summary>Computes the heights (see <see cref="LandmarkRects.InnerLipHeight"/>) and their min and max.</summary>
    public static MouthBounds Compute(IReadOnlyList<IReadOnlyList<Vector2>> landmarksPerFrame)
    {
        ArgumentNullException.ThrowIfNull(landmarksPerFrame);
        if (landmarksPerFrame.Count == 0)
        {
            throw new ArgumentException("At least one frame of landmarks is needed.", nameof(landmarksPerFrame));
        }

        var heights = new int[landmarksPerFrame.Count];
        for (var i = 0; i < heights.Length; i++)
        {
            heights[i] = LandmarkRects.InnerLipHeight(landmarksPerFrame[i]);
        }

        return new MouthBounds(heights);
    }
}
