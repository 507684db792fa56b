using Research.Tensors.Threading;

namespace Research.Splatting.Gaussians;

/// <summary>
/// Exact k-nearest-neighbour statistics on a uniform spatial grid, for initial Gaussian scales (the role of simple-knn's
/// distCUDA2, which is approximate; this one is exact).
/// </summary>
public static class NearestNeighbors
{
    /// <summary>
    /// For each point, the mean squared distance to its <paramref name="k"/> nearest other points (fewer if the cloud is
    /// smaller; 0 for a single point), clamped below at <paramref name="floor"/> like 3DGS's clamp_min(…, 1e-7).
    /// </summary>
    /// <param name="xyz">Points, [N,3] row-major.</param>
    /// <param name="k">Neighbours (3 in 3DGS).</param>
    /// <param name="floor">Lower clamp.</param>
    /// <returns>N values.</returns>
    public static float[] MeanSquaredDistance(ReadOnlySpan<float> xyz, int k = 3, double floor = 1e-7)
    {
        if (xyz.Length % 3 != 0 || k < 1)
        {
            throw new ArgumentException($"NearestNeighbors: {xyz.Length} coordinates is not [N,3], or k {k} < 1.", nameof(xyz));
        }

        var n = xyz.Length / 3;
        var pts = xyz.ToArray();
        var result = new float[n];
        if (n == 0)
        {
            return result;
        }

        // Grid with about 2 points per cell over the bounding box.
        Span<double> lo = [double.MaxValue, double.MaxValue, double.MaxValue];
        Span<double> hi = [double.MinValue, double.MinValue, double.MinValue];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                lo[a] = Math.Min(lo[a], pts[(i * 3) + a]);
                hi[a] = Math.Max(hi[a], pts[(i * 3) + a]);
            }
        }

        var extent = Math.Max(hi[0] - lo[0], Math.Max(hi[1] - lo[1], hi[2] - lo[2]));
        var volume = Math.Max(hi[0] - lo[0], extent * 1e-3) * Math.Max(hi[1] - lo[1], extent * 1e-3) * Math.Max(hi[2] - lo[2], extent * 1e-3);
        var h = extent > 0 ? Math.Max(Math.Cbrt(volume * 2 / n), extent / 512) : 1.0; // ≤ 513 cells per axis, so no point is clamped
        var dims = new int[3];
        for (var a = 0; a < 3; a++)
        {
            dims[a] = (int)Math.Clamp(Math.Floor((hi[a] - lo[a]) / h) + 1, 1, 1024);
        }

        var cellOf = new int[n];
        var counts = new int[(dims[0] * dims[1] * dims[2]) + 1];
        var lo0 = lo[0];
        var lo1 = lo[1];
        var lo2 = lo[2];
        int Cell(int i, int a, double origin) => Math.Clamp((int)((pts[(i * 3) + a] - origin) / h), 0, dims[a] - 1);
        for (var i = 0; i < n; i++)
        {
            cellOf[i] = (((Cell(i, 2, lo2) * dims[1]) + Cell(i, 1, lo1)) * dims[0]) + Cell(i, 0, lo0);
            counts[cellOf[i] + 1]++;
        }

        for (var c = 1; c < counts.Length; c++)
        {
            counts[c] += counts[c - 1];
        }

        var order = new int[n];
        var fill = counts[..^1];
        for (var i = 0; i < n; i++)
        {
            order[fill[cellOf[i]]++] = i;
        }

        var maxShell = Math.Max(dims[0], Math.Max(dims[1], dims[2]));
        var kk = Math.Min(k, n - 1);
        ComputeThreads.For(n, 256, (_, start, end) =>
        {
            Span<double> best = stackalloc double[Math.Max(1, kk)];
            for (var i = start; i < end; i++)
            {
                best.Fill(double.MaxValue);
                var cx = Cell(i, 0, lo0);
                var cy = Cell(i, 1, lo1);
                var cz = Cell(i, 2, lo2);
                for (var r = 0; r <= maxShell; r++)
                {
                    for (var z = cz - r; z <= cz + r; z++)
                    {
                        for (var y = cy - r; y <= cy + r; y++)
                        {
                            for (var x = cx - r; x <= cx + r; x++)
                            {
                                var onShell = Math.Abs(x - cx) == r || Math.Abs(y - cy) == r || Math.Abs(z - cz) == r;
                                if (!onShell || x < 0 || y < 0 || z < 0 || x >= dims[0] || y >= dims[1] || z >= dims[2])
                                {
                                    continue;
                                }

                                var c = (((z * dims[1]) + y) * dims[0]) + x;
                                for (var p = counts[c]; p < counts[c + 1]; p++)
                                {
                                    var j = order[p];
                                    if (j == i)
                                    {
                                        continue;
                                    }

                                    var dx = (double)pts[i * 3] - pts[j * 3];
                                    var dy = (double)pts[(i * 3) + 1] - pts[(j * 3) + 1];
                                    var dz = (double)pts[(i * 3) + 2] - pts[(j * 3) + 2];
                                    Insert(best[..kk], (dx * dx) + (dy * dy) + (dz * dz));
                                }
                            }
                        }
                    }

                    // Points outside shell r are at least r·h away.
                    if (kk == 0 || (best[kk - 1] <= r * h * (r * h)))
                    {
                        break;
                    }
                }

                var sum = 0.0;
                for (var b = 0; b < kk; b++)
                {
                    sum += best[b];
                }

                result[i] = (float)Math.Max(kk == 0 ? 0 : sum / kk, floor);
            }
        });
        return result;
    }

    // Keeps the smallest values sorted ascending.
    private static void Insert(Span<double> best, double d)
    {
        if (best.Length == 0 || d >= best[^1])
        {
            return;
        }

        var p = best.Length - 1;
        while (p > 0 && best[p - 1] > d)
        {
            best[p] = best[p - 1];
            p--;
        }

        best[p] = d;
    }
}
