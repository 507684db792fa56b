using Research.Splatting.Rasterization;
using Research.Tensors.Randomness;

namespace Research.Benchmarks.Splatting;

/// <summary>
/// Synthetic projected scene for the compositing benchmarks, generated directly in screen space: means uniform in a
/// centred disk of radius 0.4·W, depth U[1.8, 4.2], per-axis std dev σ = s·f/z with world scale s ~ U[0.004, 0.02]
/// and f = W, random angle, +0.3 px² low-pass, conic = inverse, radius = ceil(3·√λmax) (3DGS λ), opacity U[0.1, 0.9],
/// colours U[0, 1].
/// </summary>
public static class ScreenSpaceScene
{
    /// <summary>Generates <paramref name="count"/> Gaussians for a <paramref name="size"/>² image.</summary>
    public static ProjectedGaussians Generate(int size, int count, ulong seed)
    {
        var rng = new Rng(seed);
        var g = new ProjectedGaussians(count);
        var centre = (size - 1) / 2.0;
        for (var i = 0; i < count; i++)
        {
            var radius = 0.4 * size * Math.Sqrt(rng.NextDouble());
            var phi = rng.NextUniform(0, 2 * Math.PI);
            g.MeanX[i] = (float)(centre + (radius * Math.Cos(phi)));
            g.MeanY[i] = (float)(centre + (radius * Math.Sin(phi)));
            var z = rng.NextUniform(1.8, 4.2);
            g.Depth[i] = (float)z;
            var s1 = rng.NextUniform(0.004, 0.02) * size / z;
            var s2 = rng.NextUniform(0.004, 0.02) * size / z;
            var angle = rng.NextUniform(0, Math.PI);
            double c = Math.Cos(angle), s = Math.Sin(angle);
            var xx = (c * c * s1 * s1) + (s * s * s2 * s2) + 0.3;
            var xy = c * s * ((s1 * s1) - (s2 * s2));
            var yy = (s * s * s1 * s1) + (c * c * s2 * s2) + 0.3;
            var det = (xx * yy) - (xy * xy);
            g.ConicA[i] = (float)(yy / det);
            g.ConicB[i] = (float)(-xy / det);
            g.ConicC[i] = (float)(xx / det);
            var mid = 0.5 * (xx + yy);
            g.Radii[i] = (int)Math.Ceiling(3 * Math.Sqrt(mid + Math.Sqrt(Math.Max(0.1, (mid * mid) - det))));
            g.Opacity[i] = (float)rng.NextUniform(0.1, 0.9);
            for (var ch = 0; ch < 3; ch++)
            {
                g.Colors[(3 * i) + ch] = (float)rng.NextDouble();
            }
        }

        return g;
    }
}
