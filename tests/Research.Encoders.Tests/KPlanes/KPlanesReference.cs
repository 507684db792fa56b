namespace Research.Encoders.Tests.KPlanes;

/// <summary>Slow twin from the notes: normalize_aabb, grid_sample(bilinear, align_corners=True, border), product, concat.</summary>
internal static class KPlanesReference
{
    public static double[] Forward(double[] x, int n, double[][] planes, int channels, int[] h, int[] w, double[] from, double[] to)
    {
        int[][] axes = [[0, 1], [0, 2], [1, 2]];
        var scales = planes.Length / 3;
        var y = new double[n * scales * channels];
        for (var i = 0; i < n; i++)
        {
            for (var s = 0; s < scales; s++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var prod = 1.0;
                    for (var p = 0; p < 3; p++)
                    {
                        var k = (s * 3) + p;
                        var ua = ((x[(3 * i) + axes[p][0]] - from[axes[p][0]]) * (2.0 / (to[axes[p][0]] - from[axes[p][0]]))) - 1;
                        var ub = ((x[(3 * i) + axes[p][1]] - from[axes[p][1]]) * (2.0 / (to[axes[p][1]] - from[axes[p][1]]))) - 1;
                        var ix = Math.Clamp((ua + 1) / 2 * (w[k] - 1), 0, w[k] - 1);
                        var iy = Math.Clamp((ub + 1) / 2 * (h[k] - 1), 0, h[k] - 1);
                        var x0 = (int)Math.Floor(ix);
                        var y0 = (int)Math.Floor(iy);
                        var v = 0.0;
                        for (var dy = 0; dy < 2; dy++)
                        {
                            for (var dx = 0; dx < 2; dx++)
                            {
                                var cx = x0 + dx;
                                var cy = y0 + dy;
                                if (cx >= w[k] || cy >= h[k])
                                {
                                    continue;
                                }

                                var wt = (dx == 1 ? ix - x0 : 1 - (ix - x0)) * (dy == 1 ? iy - y0 : 1 - (iy - y0));
                                v += wt * planes[k][(((c * h[k]) + cy) * w[k]) + cx];
                            }
                        }

                        prod *= v;
                    }

                    y[(i * scales * channels) + (s * channels) + c] = prod;
                }
            }
        }

        return y;
    }
}
