namespace Research.Encoders.Levels;

/// <summary>
/// The torch-ngp level ladder shared by the 2-D tri-plane and the 3-D hash grid: per-level resolution ceil(base·s^l)
/// with s = (finest/base)^(1/(L−1)), table rows min(2^log2Hashmap, (res+1)^dimensions) rounded up to a multiple of 8,
/// in-kernel scale base·s^l − 1; a level is hashed when its dense grid exceeds its rows.
/// </summary>
internal sealed record LevelLadder(double PerLevelScale, int[] Resolutions, int[] TableSizes, int[] Offsets, double[] Scales, bool[] Hashed)
{
    public static LevelLadder Build(int levels, double baseResolution, double desiredResolution, int log2HashmapSize, int dimensions)
    {
        var perLevelScale = levels == 1 ? 1.0 : Math.Pow(2, Math.Log2(desiredResolution / baseResolution) / (levels - 1));
        var resolutions = new int[levels];
        var sizes = new int[levels];
        var offsets = new int[levels + 1];
        var scales = new double[levels];
        var hashed = new bool[levels];
        var maxRows = 1L << log2HashmapSize;
        for (var l = 0; l < levels; l++)
        {
            var r = baseResolution * Math.Pow(perLevelScale, l);
            resolutions[l] = (int)Math.Ceiling(r);
            scales[l] = r - 1;
            var dense = DenseRows(resolutions[l] + 1L, dimensions);
            var size = (Math.Min(maxRows, dense) + 7) / 8 * 8;
            sizes[l] = (int)size;
            hashed[l] = dense > size;
            offsets[l + 1] = checked(offsets[l] + sizes[l]);
        }

        return new LevelLadder(perLevelScale, resolutions, sizes, offsets, scales, hashed);
    }

    // side^dimensions, saturating at long.MaxValue (only compared against the 2^log2 cap).
    private static long DenseRows(long side, int dimensions)
    {
        var rows = 1L;
        for (var d = 0; d < dimensions; d++)
        {
            rows = rows > long.MaxValue / side ? long.MaxValue : rows * side;
        }

        return rows;
    }
}
