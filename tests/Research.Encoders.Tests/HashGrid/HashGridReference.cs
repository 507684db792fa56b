namespace Research.Encoders.Tests.HashGrid;

/// <summary>
/// Slow twin written from the torch-ngp <c>gridencoder</c> description (3-D, align_corners = False), in double: level
/// tables recomputed here, corners enumerated explicitly, table gradient by plain accumulation.
/// </summary>
internal static class HashGridReference
{
    public static (int[] Sizes, int[] Offsets, double[] Resolutions) Table(int levels, double baseRes, double finest, int log2Hash)
    {
        var s = levels == 1 ? 1.0 : Math.Pow(finest / baseRes, 1.0 / (levels - 1));
        var r = new double[levels];
        var sizes = new int[levels];
        var offsets = new int[levels + 1];
        for (var l = 0; l < levels; l++)
        {
            r[l] = baseRes * Math.Pow(s, l);
            long side = (int)Math.Ceiling(r[l]) + 1;
            var size = Math.Min(1L << log2Hash, side * side * side);
            sizes[l] = (int)((size + 7) / 8 * 8);
            offsets[l + 1] = offsets[l] + sizes[l];
        }

        return (sizes, offsets, r);
    }

    /// <summary>Output [n, L·F] and, for upstream <paramref name="upstream"/> [n, L·F], the table gradient [rows·F].</summary>
    public static (double[] Output, double[] TableGrad) Run(double[] x, int n, double[] table, int levels, int features, double baseRes, double finest, int log2Hash, double bound, double[]? upstream = null)
    {
        var (sizes, offsets, r) = Table(levels, baseRes, finest, log2Hash);
        var width = levels * features;
        var y = new double[n * width];
        var gt = new double[offsets[levels] * features];
        for (var i = 0; i < n; i++)
        {
            var u = new double[3];
            var outside = false;
            for (var d = 0; d < 3; d++)
            {
                u[d] = (x[(3 * i) + d] + bound) / (2 * bound);
                outside |= u[d] < 0 || u[d] > 1;
            }

            if (outside)
            {
                continue;
            }

            for (var l = 0; l < levels; l++)
            {
                var scale = r[l] - 1;
                long side = (int)Math.Ceiling(r[l]) + 1;
                var hashedLevel = side * side * side > sizes[l];
                var g = new long[3];
                var f = new double[3];
                for (var d = 0; d < 3; d++)
                {
                    var p = (u[d] * scale) + 0.5;
                    g[d] = (long)Math.Floor(p);
                    f[d] = p - g[d];
                }

                for (var c = 0; c < 8; c++)
                {
                    var w = 1.0;
                    var corner = new long[3];
                    for (var d = 0; d < 3; d++)
                    {
                        var up = ((c >> d) & 1) == 1;
                        corner[d] = g[d] + (up ? 1 : 0);
                        w *= up ? f[d] : 1 - f[d];
                    }

                    long index;
                    if (hashedLevel)
                    {
                        var h = (ulong)(uint)corner[0] ^ (((ulong)corner[1] * 2654435761UL) & 0xFFFFFFFF) ^ (((ulong)corner[2] * 805459861UL) & 0xFFFFFFFF);
                        index = (long)(h % (ulong)sizes[l]);
                    }
                    else
                    {
                        index = (corner[0] + (corner[1] * side) + (corner[2] * side * side)) % sizes[l];
                    }

                    var row = offsets[l] + index;
                    for (var k = 0; k < features; k++)
                    {
                        y[(i * width) + (l * features) + k] += w * table[(row * features) + k];
                        if (upstream is not null)
                        {
                            gt[(row * features) + k] += w * upstream[(i * width) + (l * features) + k];
                        }
                    }
                }
            }
        }

        return (y, gt);
    }
}
