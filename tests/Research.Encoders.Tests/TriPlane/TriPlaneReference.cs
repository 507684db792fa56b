namespace Research.Encoders.Tests.TriPlane;

/// <summary>Slow twin written straight from the notes (talkinggaussian.md §2.3 / torch-ngp gridencoder), in double.</summary>
internal static class TriPlaneReference
{
    public static double[] Resolutions(int levels, double baseRes, double finest)
    {
        var s = Math.Pow(finest / baseRes, 1.0 / (levels - 1));
        var r = new double[levels];
        for (var l = 0; l < levels; l++)
        {
            r[l] = baseRes * Math.Pow(s, l);
        }

        return r;
    }

    /// <summary>Output [n, 3·L·F] row-major. tables[p] is [rows, F] row-major.</summary>
    public static double[] Forward(double[] x, int n, double[][] tables, int levels, int features, double baseRes, double finest, int log2Hash, double bound)
    {
        var r = Resolutions(levels, baseRes, finest);
        var offsets = new int[levels + 1];
        var sizes = new int[levels];
        for (var l = 0; l < levels; l++)
        {
            var res = (int)Math.Ceiling(r[l]);
            var dense = (res + 1) * (res + 1);
            var size = Math.Min(1 << log2Hash, dense);
            sizes[l] = (size + 7) / 8 * 8;
            offsets[l + 1] = offsets[l] + sizes[l];
        }

        int[][] axes = [[0, 1], [1, 2], [0, 2]];
        var width = 3 * levels * features;
        var y = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < 3; p++)
            {
                var u0 = (x[(3 * i) + axes[p][0]] + bound) / (2 * bound);
                var u1 = (x[(3 * i) + axes[p][1]] + bound) / (2 * bound);
                if (u0 < 0 || u0 > 1 || u1 < 0 || u1 > 1)
                {
                    continue;
                }

                for (var l = 0; l < levels; l++)
                {
                    var scale = r[l] - 1;
                    var res = (int)Math.Ceiling(r[l]);
                    var p0 = (u0 * scale) + 0.5;
                    var p1 = (u1 * scale) + 0.5;
                    var g0 = (long)Math.Floor(p0);
                    var g1 = (long)Math.Floor(p1);
                    var f0 = p0 - g0;
                    var f1 = p1 - g1;
                    for (var c = 0; c < 4; c++)
                    {
                        var c0 = g0 + (c & 1);
                        var c1 = g1 + ((c >> 1) & 1);
                        var w = ((c & 1) != 0 ? f0 : 1 - f0) * ((c & 2) != 0 ? f1 : 1 - f1);
                        long index;
                        if ((long)(res + 1) * (res + 1) > sizes[l])
                        {
                            index = (uint)c0 ^ (uint)((ulong)c1 * 2654435761UL);
                        }
                        else
                        {
                            index = c0 + (c1 * (res + 1));
                        }

                        index %= sizes[l];
                        for (var f = 0; f < features; f++)
                        {
                            y[(i * width) + (p * levels * features) + (l * features) + f] += w * tables[p][((offsets[l] + index) * features) + f];
                        }
                    }
                }
            }
        }

        return y;
    }
}
