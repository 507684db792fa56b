namespace Research.Datasets.Background;

/// <summary>
/// For every pixel, the nearest "known" pixel in Euclidean distance. Upstream (<c>extract_background</c>) asks a
/// scikit-learn KD-tree, which returns the first point at the minimal distance in its depth-first visiting order, an
/// artefact of the tree layout. Here ties go to the known pixel first in raster order (smallest row, then smallest
/// column), which is deterministic and independent of any tree.
/// </summary>
public static class NearestKnownPixels
{
    /// <summary>
    /// Row-major indices of the nearest known pixel of every pixel (a known pixel maps to itself). Throws when no
    /// pixel is known.
    /// </summary>
    public static int[] Find(bool[] known, int width, int height)
    {
        var distances = EuclideanDistanceTransform.SquaredDistances(known, width, height);
        if (distances[0] == EuclideanDistanceTransform.Infinite)
        {
            throw new ArgumentException("No pixel is known, so there is nothing to copy from.", nameof(known));
        }

        var offsets = new Dictionary<int, int[]>();
        var nearest = new int[known.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var index = (y * width) + x;
                var squared = distances[index];
                if (squared == 0)
                {
                    nearest[index] = index;
                    continue;
                }

                if (!offsets.TryGetValue(squared, out var candidates))
                {
                    candidates = LatticePoints(squared);
                    offsets.Add(squared, candidates);
                }

                nearest[index] = FirstKnown(known, width, height, x, y, candidates);
            }
        }

        return nearest;
    }

    // The exact distance is known, so only the lattice points on that circle need checking, in raster order.
    private static int FirstKnown(bool[] known, int width, int height, int x, int y, int[] candidates)
    {
        for (var i = 0; i < candidates.Length; i += 2)
        {
            var (sy, sx) = (y + candidates[i], x + candidates[i + 1]);
            if ((uint)sy < (uint)height && (uint)sx < (uint)width && known[(sy * width) + sx])
            {
                return (sy * width) + sx;
            }
        }

        throw new InvalidOperationException($"No known pixel at the transform's distance from ({x}, {y}).");
    }

    // All (dy, dx) with dy² + dx² = squared, ordered by dy then dx.
    private static int[] LatticePoints(int squared)
    {
        var points = new List<int>();
        var limit = (int)Math.Sqrt(squared);
        while ((long)(limit + 1) * (limit + 1) <= squared)
        {
            limit++;
        }

        for (var dy = -limit; dy <= limit; dy++)
        {
            var rest = squared - (dy * dy);
            var dx = (int)Math.Sqrt(rest);
            while ((long)dx * dx > rest)
            {
                dx--;
            }

            while ((long)(dx + 1) * (dx + 1) <= rest)
            {
                dx++;
            }

            if (dx * dx != rest)
            {
                continue;
            }

            points.Add(dy);
            points.Add(-dx);
            if (dx != 0)
            {
                points.Add(dy);
                points.Add(dx);
            }
        }

        return [.. points];
    }
}
