namespace Research.Datasets.Background;

/// <summary>
/// Exact squared Euclidean distance transform on the pixel grid (Felzenszwalb &amp; Huttenlocher 2012): a 1-D pass down
/// each column, then the lower envelope of parabolas along each row, O(W·H). All arithmetic is integer, so the result
/// equals the brute-force minimum of <c>(Δrow)² + (Δcolumn)²</c> over the feature pixels, bit for bit.
/// </summary>
public static class EuclideanDistanceTransform
{
    /// <summary>Distance value of every pixel when the image has no feature pixel.</summary>
    public const int Infinite = int.MaxValue;

    /// <summary>Largest supported side, so that W² + H² fits an <see cref="int"/>.</summary>
    public const int MaxSide = 32767;

    /// <summary>
    /// For every pixel (row-major), the squared distance to the nearest pixel where <paramref name="features"/> is
    /// true (0 on feature pixels), or <see cref="Infinite"/> everywhere when there is none.
    /// </summary>
    public static int[] SquaredDistances(bool[] features, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
        if (features.Length != width * height)
        {
            throw new ArgumentException($"{features.Length} values cannot form a {width}x{height} mask.", nameof(features));
        }

        var distances = new int[features.Length];

        // Fixed partitions; every column and row is independent, so the result does not depend on scheduling.
        var columnChunks = Math.Min(width, 8);
        Parallel.For(0, columnChunks, chunk =>
        {
            for (var x = chunk * width / columnChunks; x < (chunk + 1) * width / columnChunks; x++)
            {
                ColumnPass(features, distances, width, height, x);
            }
        });

        var rowChunks = Math.Min(height, 8);
        Parallel.For(0, rowChunks, chunk =>
        {
            var sites = new int[width];
            var boundaryNumerators = new long[width];
            var boundaryDenominators = new long[width];
            var row = new int[width];
            for (var y = chunk * height / rowChunks; y < (chunk + 1) * height / rowChunks; y++)
            {
                var span = distances.AsSpan(y * width, width);
                span.CopyTo(row);
                RowPass(row, span, sites, boundaryNumerators, boundaryDenominators);
            }
        });

        return distances;
    }

    // Squared distance to the nearest feature in the same column (Infinite when the column has none).
    private static void ColumnPass(bool[] features, int[] distances, int width, int height, int x)
    {
        var last = -1;
        for (var y = 0; y < height; y++)
        {
            if (features[(y * width) + x])
            {
                last = y;
            }

            distances[(y * width) + x] = last < 0 ? Infinite : y - last;
        }

        last = -1;
        for (var y = height - 1; y >= 0; y--)
        {
            var index = (y * width) + x;
            if (features[index])
            {
                last = y;
            }

            var above = distances[index];
            var below = last < 0 ? Infinite : last - y;
            var nearest = Math.Min(above, below);
            distances[index] = nearest == Infinite ? Infinite : nearest * nearest;
        }
    }

    // Lower envelope of the parabolas (x − q)² + f(q) over the finite sites q; boundaries kept as exact fractions.
    private static void RowPass(int[] f, Span<int> output, int[] sites, long[] numerators, long[] denominators)
    {
        var k = -1;
        for (var q = 0; q < f.Length; q++)
        {
            if (f[q] == Infinite)
            {
                continue;
            }

            long numerator = 0, denominator = 1;
            while (k >= 0)
            {
                var p = sites[k];
                numerator = (f[q] + ((long)q * q)) - (f[p] + ((long)p * p));
                denominator = 2L * (q - p);

                // Drop site k when the new boundary lies at or before the one where site k took over.
                if (k > 0 && numerator * denominators[k] <= numerators[k] * denominator)
                {
                    k--;
                    continue;
                }

                break;
            }

            k++;
            sites[k] = q;
            numerators[k] = numerator;
            denominators[k] = denominator;
        }

        if (k < 0)
        {
            output.Fill(Infinite);
            return;
        }

        var j = 0;
        for (var x = 0; x < output.Length; x++)
        {
            while (j < k && numerators[j + 1] < x * denominators[j + 1])
            {
                j++;
            }

            long dx = x - sites[j];
            output[x] = (int)((dx * dx) + f[sites[j]]);
        }
    }
}
