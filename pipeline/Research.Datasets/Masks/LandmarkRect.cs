namespace Research.Datasets.Masks;

/// <summary>
/// An integer pixel rectangle as TalkingGaussian stores it: the list <c>[xmin, xmax, ymin, ymax]</c> in which,
/// confusingly, "x" indexes rows and "y" columns. Used as the half-open slice <c>[RowMin:RowMax, ColumnMin:ColumnMax]</c>.
/// </summary>
/// <param name="RowMin">Upstream <c>xmin</c>: first row.</param>
/// <param name="RowMax">Upstream <c>xmax</c>: slice stop row (exclusive when used as a slice).</param>
/// <param name="ColumnMin">Upstream <c>ymin</c>: first column.</param>
/// <param name="ColumnMax">Upstream <c>ymax</c>: slice stop column (exclusive when used as a slice).</param>
public readonly record struct LandmarkRect(int RowMin, int RowMax, int ColumnMin, int ColumnMax)
{
    /// <summary>The upstream list <c>[xmin, xmax, ymin, ymax]</c>.</summary>
    public int[] ToUpstreamList() => [RowMin, RowMax, ColumnMin, ColumnMax];

    /// <summary>
    /// The pixels the training scripts select with <c>m[xmin:xmax, ymin:ymax]</c>, with Python slice semantics: a
    /// negative bound counts from the end (and clamps at 0), a bound past the end clamps, and stop ≤ start is empty.
    /// </summary>
    public PixelMask ToMask(int width, int height)
    {
        var mask = new PixelMask(width, height);
        var (r0, r1) = (SliceBound(RowMin, height), SliceBound(RowMax, height));
        var (c0, c1) = (SliceBound(ColumnMin, width), SliceBound(ColumnMax, width));
        for (var y = r0; y < r1; y++)
        {
            for (var x = c0; x < c1; x++)
            {
                mask[x, y] = true;
            }
        }

        return mask;
    }

    private static int SliceBound(int bound, int length)
    {
        if (bound < 0)
        {
            bound += length;
            return bound < 0 ? 0 : bound;
        }

        return bound > length ? length : bound;
    }
}
