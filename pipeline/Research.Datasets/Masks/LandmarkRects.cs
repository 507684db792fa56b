using System.Numerics;

namespace Research.Datasets.Masks;

/// <summary>
/// The landmark-derived rectangles and heights of TalkingGaussian's loader (<c>scene/dataset_readers.py</c>,
/// <c>readCamerasFromTransforms</c>). Landmarks are the 68 FAN points, (x = column, y = row) in pixels; every
/// min/max is truncated toward zero like Python's <c>int()</c>.
/// </summary>
public static class LandmarkRects
{
    /// <summary>Number of landmarks the loader expects per frame.</summary>
    public const int LandmarkCount = 68;

    /// <summary>
    /// <c>lips_rect</c>: the bounding box of landmarks 48–59 (rows from y, columns from x), made square around its
    /// centre: <c>c = (min + max) // 2</c> per axis (floor division), half-side <c>l = max(Δrows, Δcols) // 2</c>,
    /// giving <c>[cr − l, cr + l, cc − l, cc + l]</c>. Not clipped to the image (slicing clips later).
    /// </summary>
    public static LandmarkRect Lips(IReadOnlyList<Vector2> landmarks)
    {
        var box = LipsBoundingBox(landmarks);
        var rowCentre = FloorHalf(box.RowMin + box.RowMax);
        var columnCentre = FloorHalf(box.ColumnMin + box.ColumnMax);
        var half = Math.Max(box.RowMax - box.RowMin, box.ColumnMax - box.ColumnMin) / 2;
        return new LandmarkRect(rowCentre - half, rowCentre + half, columnCentre - half, columnCentre + half);
    }

    /// <summary>
    /// The unsquared box of landmarks 48–59: <c>[int(min y), int(max y), int(min x), int(max x)]</c>.
    /// </summary>
    public static LandmarkRect LipsBoundingBox(IReadOnlyList<Vector2> landmarks)
    {
        Validate(landmarks);
        var (rowMin, rowMax) = Extent(landmarks, 48, 60, static p => p.Y);
        var (columnMin, columnMax) = Extent(landmarks, 48, 60, static p => p.X);
        return new LandmarkRect(rowMin, rowMax, columnMin, columnMax);
    }

    /// <summary>
    /// <c>lhalf_rect</c>: rows from <c>int(min y of landmarks 31–35)</c> (under the nose) to <c>int(max y of all)</c>,
    /// columns <c>int(min x of all)</c> to <c>int(max x of all)</c>. The losses never use it.
    /// </summary>
    public static LandmarkRect LowerHalf(IReadOnlyList<Vector2> landmarks)
    {
        Validate(landmarks);
        var (noseRowMin, _) = Extent(landmarks, 31, 36, static p => p.Y);
        var (_, rowMax) = Extent(landmarks, 0, LandmarkCount, static p => p.Y);
        var (columnMin, columnMax) = Extent(landmarks, 0, LandmarkCount, static p => p.X);
        return new LandmarkRect(noseRowMin, rowMax, columnMin, columnMax);
    }

    /// <summary>
    /// The inner-lip height used by <c>mouth_bound</c>: <c>int(max y) − int(min y)</c> over landmarks 60–67 (each end
    /// truncated before subtracting).
    /// </summary>
    public static int InnerLipHeight(IReadOnlyList<Vector2> landmarks)
    {
        Validate(landmarks);
        var (top, bottom) = Extent(landmarks, 60, 68, static p => p.Y);
        return bottom - top;
    }

    private static (int Min, int Max) Extent(IReadOnlyList<Vector2> landmarks, int start, int end, Func<Vector2, float> coordinate)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        for (var i = start; i < end; i++)
        {
            double value = coordinate(landmarks[i]);
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return ((int)Math.Truncate(min), (int)Math.Truncate(max));
    }

    private static int FloorHalf(int value) => (int)Math.Floor(value / 2.0);

    private static void Validate(IReadOnlyList<Vector2> landmarks)
    {
        ArgumentNullException.ThrowIfNull(landmarks);
        if (landmarks.Count != LandmarkCount)
        {
            throw new ArgumentException($"Expected {LandmarkCount} landmarks, got {landmarks.Count}.", nameof(landmarks));
        }

        for (var i = 0; i < landmarks.Count; i++)
        {
            var p = landmarks[i];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || Math.Abs(p.X) >= 1e9f || Math.Abs(p.Y) >= 1e9f)
            {
                throw new ArgumentException($"Landmark {i} ({p.X}, {p.Y}) is not a finite pixel coordinate.", nameof(landmarks));
            }
        }
    }
}
