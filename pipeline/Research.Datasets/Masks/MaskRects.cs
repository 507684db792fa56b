namespace Research.Datasets.Masks;

/// <summary>
/// Per-frame rectangles (<c>[row_min, row_max, col_min, col_max]</c>, upstream's "x" = rows) and inner-lip heights,
/// and <c>mouth_bound</c>'s global min and max computed per split as TalkingGaussian's loader does.
/// </summary>
public sealed record MaskRects
{
    /// <summary><c>lips_rect</c> of every frame.</summary>
    public required IReadOnlyList<int[]> LipsRect { get; init; }

    /// <summary><c>lhalf_rect</c> of every frame.</summary>
    public required IReadOnlyList<int[]> LowerHalfRect { get; init; }

    /// <summary>Inner-lip height (landmarks 60–67) of every frame.</summary>
    public required IReadOnlyList<int> MouthHeight { get; init; }

    /// <summary>[min, max] of the inner-lip height over the training frames.</summary>
    public required int[] TrainMouthBound { get; init; }

    /// <summary>[min, max] of the inner-lip height over the held-out frames.</summary>
    public required int[] TestMouthBound { get; init; }
}
