using NUnit.Framework;
using Research.Encoders.KPlanes;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;

namespace Research.Encoders.Tests.KPlanes;

/// <summary>
/// The float32 channel-vectorised K-Planes path against the generic scalar kernel: forward and plane gradients
/// bit-identical (same float operations, points in the same order), position gradient equal up to float32 summation
/// order over channels; and against the float64 path.
/// </summary>
[TestFixture]
public sealed class KPlanesFloatPathTests
{
    private static readonly double[] From = [-0.3, -0.2, -0.5];
    private static readonly double[] To = [0.4, 0.3, 0.2];

    [Test]
    public void FastPathMatchesGenericFloatKernel([Values(1, 13, 777)] int n, [Values(8, 32)] int channels)
    {
        Assert.That(KPlanesFloatKernel.Supports(channels, 6), Is.True, "fast path available on this machine");
        var rng = new Rng(31);
        var planes = Planes(rng, channels);
        var x = Points(rng, n);
        var w = Tensor.Uniform(rng, -1f, 1f, n, 2 * channels);
        var fast = Run(x, planes, w, fastPath: true);
        var slow = Run(x, planes, w, fastPath: false);
        Assert.That(fast[0], Is.EqualTo(slow[0]), "forward (bit-identical)");
        for (var k = 0; k < 6; k++)
        {
            Assert.That(fast[2 + k], Is.EqualTo(slow[2 + k]), $"plane {k} gradient (bit-identical)");
        }

        for (var j = 0; j < slow[1].Length; j++)
        {
            Assert.That(fast[1][j], Is.EqualTo(slow[1][j]).Within(1e-5 * (1 + Math.Abs(slow[1][j]))), $"position gradient {j}");
        }
    }

    [Test]
    public void FastPathMatchesFloat64Path()
    {
        var rng = new Rng(32);
        const int n = 513;
        var planes = Planes(rng, 16);
        var x = Tensor.Uniform(rng, -0.7f, 0.7f, n, 3);
        var w = Tensor.Uniform(rng, -1f, 1f, n, 32);
        var fast = Run(x, planes, w, fastPath: true);
        var xd = Tensor.FromArray(x.ToArray().Select(v => (double)v).ToArray(), n, 3);
        xd.RequiresGrad = true;
        var pd = planes.Select(p =>
        {
            var t = Tensor.FromArray(p.ToArray().Select(v => (double)v).ToArray(), [.. p.Shape]);
            t.RequiresGrad = true;
            return t;
        }).ToArray();
        var yd = KPlanesGrid.Encode(xd, pd, From, To);
        yd.Mul(Tensor.FromArray(w.ToArray().Select(v => (double)v).ToArray(), n, 32)).Sum().Backward();
        Assert.That(fast[0].Select(v => (double)v), Is.EqualTo(yd.ToArray()).Within(1e-5));
        Assert.That(fast[1].Select(v => (double)v), Is.EqualTo(xd.Grad!.ToArray()).Within(1e-3));
        for (var k = 0; k < 6; k++)
        {
            Assert.That(fast[2 + k].Select(v => (double)v), Is.EqualTo(pd[k].Grad!.ToArray()).Within(1e-4), $"plane {k}");
        }
    }

    [Test]
    public void DeterministicAcrossThreadCounts()
    {
        var saved = ComputeThreads.Count;
        try
        {
            float[][] At(int threads)
            {
                ComputeThreads.Count = threads;
                var rng = new Rng(9);
                var planes = Planes(rng, 32);
                return Run(Points(rng, 3001), planes, Tensor.Uniform(rng, -1f, 1f, 3001, 64), fastPath: true);
            }

            var one = At(1);
            foreach (var threads in new[] { 2, 3, 2 })
            {
                var other = At(threads);
                for (var k = 0; k < one.Length; k++)
                {
                    Assert.That(other[k], Is.EqualTo(one[k]), $"output {k}, {threads} threads");
                }
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    /// <summary>Two scales of odd-sized planes (H ≠ W).</summary>
    private static Tensor<float>[] Planes(Rng rng, int channels)
    {
        int[] h = [4, 6, 5, 8, 7, 9];
        int[] w = [3, 4, 6, 5, 8, 2];
        return [.. Enumerable.Range(0, 6).Select(k => Tensor.Uniform(rng, -1f, 1f, 1, channels, h[k], w[k]))];
    }

    /// <summary>Uniform points beyond the AABB (border clamp), plus the AABB corners, NaN and points on pixel borders.</summary>
    private static Tensor<float> Points(Rng rng, int n)
    {
        var v = Tensor.Uniform(rng, -0.7f, 0.7f, n, 3).ToArray();
        for (var i = 0; i < Math.Min(n, 40); i++)
        {
            var d = i % 3;
            v[(3 * i) + d] = (i / 3) switch
            {
                0 => (float)From[d],
                1 => (float)To[d],
                2 => float.NaN,

                // Pixel j of a size-4 axis: u = 2j/3 − 1.
                _ => (float)(From[d] + ((To[d] - From[d]) * (i % 4) / 3.0)),
            };
        }

        return Tensor.FromArray(v, n, 3);
    }

    /// <summary>[output, position gradient, six plane gradients] of Σ w ⊙ encode(x).</summary>
    private static float[][] Run(Tensor<float> x, Tensor<float>[] planes, Tensor<float> w, bool fastPath)
    {
        var xi = x.Detach();
        xi.RequiresGrad = true;
        var pi = planes.Select(p =>
        {
            var c = p.Detach();
            c.RequiresGrad = true;
            return c;
        }).ToArray();
        var y = KPlanesGrid.EncodeCore(xi, pi, From, To, fastPath);
        y.Mul(w).Sum().Backward();
        return [y.ToArray(), xi.Grad!.ToArray(), .. pi.Select(p => p.Grad!.ToArray())];
    }
}
