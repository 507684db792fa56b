using Research.Splatting.Rasterization;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Rasterization;

/// <summary>Random screen-space scenes for the compositor tests.</summary>
internal static class TestScenes
{
    /// <summary>
    /// <paramref name="count"/> Gaussians with means in [−4, W+4]×[−4, H+4], std devs in [σmin, σmax] px at a random
    /// angle (+0.3 px² low-pass as 3DGS), radius ceil(3·√λmax), depth U[1, 5], colours U[0, 1].
    /// </summary>
    public static ProjectedGaussians Random(
        ulong seed, int width, int height, int count, double sigmaMin, double sigmaMax, double opacityMin, double opacityMax)
    {
        var rng = new Rng(seed);
        var g = new ProjectedGaussians(count);
        for (var i = 0; i < count; i++)
        {
            g.MeanX[i] = (float)rng.NextUniform(-4, width + 4);
            g.MeanY[i] = (float)rng.NextUniform(-4, height + 4);
            g.Depth[i] = (float)rng.NextUniform(1, 5);
            SetShape(g, i, rng.NextUniform(0, Math.PI), rng.NextUniform(sigmaMin, sigmaMax), rng.NextUniform(sigmaMin, sigmaMax));
            g.Opacity[i] = (float)rng.NextUniform(opacityMin, opacityMax);
            for (var c = 0; c < 3; c++)
            {
                g.Colors[(3 * i) + c] = (float)rng.NextDouble();
            }
        }

        return g;
    }

    /// <summary>Sets the conic and radius of Gaussian <paramref name="i"/> from an angle and two std devs (pixels).</summary>
    public static void SetShape(ProjectedGaussians g, int i, double angle, double s1, double s2)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        var xx = (c * c * s1 * s1) + (s * s * s2 * s2) + 0.3;
        var xy = c * s * ((s1 * s1) - (s2 * s2));
        var yy = (s * s * s1 * s1) + (c * c * s2 * s2) + 0.3;
        var det = (xx * yy) - (xy * xy);
        g.ConicA[i] = (float)(yy / det);
        g.ConicB[i] = (float)(-xy / det);
        g.ConicC[i] = (float)(xx / det);
        var mid = 0.5 * (xx + yy);
        var lambda = mid + Math.Sqrt(Math.Max(0.1, (mid * mid) - det));
        g.Radii[i] = (int)Math.Ceiling(3 * Math.Sqrt(lambda));
    }

    public static float[] Uniform(ulong seed, int length, double low, double high)
    {
        var rng = new Rng(seed);
        var a = new float[length];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = (float)rng.NextUniform(low, high);
        }

        return a;
    }

    public static double[] ToDouble(float[]? a) => a == null ? null! : [.. a.Select(v => (double)v)];
}
