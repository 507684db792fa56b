using NUnit.Framework;
using Research.Splatting.Gaussians;
using Research.Splatting.Ply;
using Research.Tensors;
using Research.Tensors.Optim;
using Research.Tensors.Randomness;

namespace Research.Splatting.Tests.Gaussians;

[TestFixture]
public sealed class GaussianModelTests
{
    // Reference twin: brute-force O(N²) mean of the k smallest squared distances, summed ascending.
    private static float[] BruteForce(float[] xyz, int k)
    {
        var n = xyz.Length / 3;
        var r = new float[n];
        for (var i = 0; i < n; i++)
        {
            var d = new List<double>();
            for (var j = 0; j < n; j++)
            {
                if (j != i)
                {
                    var dx = (double)xyz[i * 3] - xyz[j * 3];
                    var dy = (double)xyz[(i * 3) + 1] - xyz[(j * 3) + 1];
                    var dz = (double)xyz[(i * 3) + 2] - xyz[(j * 3) + 2];
                    d.Add((dx * dx) + (dy * dy) + (dz * dz));
                }
            }

            d.Sort();
            var kk = Math.Min(k, d.Count);
            var s = 0.0;
            for (var b = 0; b < kk; b++)
            {
                s += d[b];
            }

            r[i] = (float)Math.Max(kk == 0 ? 0 : s / kk, 1e-7);
        }

        return r;
    }

    [TestCase(1, 0)]
    [TestCase(2, 1)]
    [TestCase(4, 2)]
    [TestCase(257, 3)]
    [TestCase(1000, 4)]
    public void KnnMatchesBruteForce(int n, int kind)
    {
        var rng = new Rng(9);
        var xyz = new float[n * 3];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < 3; a++)
            {
                var v = kind switch
                {
                    3 => a == 2 ? 0 : rng.NextUniform(-1, 1), // flat cloud
                    4 => rng.NextDouble() < 0.5 ? rng.NextNormal() * 0.01 : rng.NextUniform(-10, 10), // clustered + sparse
                    _ => rng.NextUniform(-0.1, 0.1),
                };
                xyz[(i * 3) + a] = (float)v;
            }
        }

        if (n >= 4)
        {
            // Duplicates give zero distances, hit the floor.
            Array.Copy(xyz, 0, xyz, 3, 3);
        }

        Assert.That(NearestNeighbors.MeanSquaredDistance(xyz), Is.EqualTo(BruteForce(xyz, 3)));
    }

    [Test]
    public void ActivationInversesRoundTrip()
    {
        foreach (var x in new[] { 1e-4, 0.01, 0.5, 1.0, 3.0, 25.0 })
        {
            Assert.That(GaussianMath.Softplus(GaussianMath.InverseSoftplus(x)), Is.EqualTo(x).Within(1e-9 * Math.Max(1, x)));
            Assert.That(GaussianMath.ActivateScale(ScaleActivation.Exp, GaussianMath.InverseScale(ScaleActivation.Exp, x)), Is.EqualTo(x).Within(1e-12 * x));
        }

        Assert.That(1 / (1 + Math.Exp(-GaussianMath.InverseSigmoid(0.1))), Is.EqualTo(0.1).Within(1e-15));
        Assert.That(GaussianMath.ShToRgb(GaussianMath.RgbToSh(0.3)), Is.EqualTo(0.3).Within(1e-15));
    }

    [Test]
    public void CovarianceMatchesExplicitProduct()
    {
        var (w, x, y, z) = (0.9, 0.2, -0.3, 0.4); // not normalised on purpose
        var (sx, sy, sz) = (0.5, 2.0, 0.1);
        Span<double> r = stackalloc double[9];
        GaussianMath.RotationMatrix(w, x, y, z, r);
        // R orthonormal.
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                var dot = (r[i * 3] * r[j * 3]) + (r[(i * 3) + 1] * r[(j * 3) + 1]) + (r[(i * 3) + 2] * r[(j * 3) + 2]);
                Assert.That(dot, Is.EqualTo(i == j ? 1 : 0).Within(1e-12));
            }
        }

        Span<double> c = stackalloc double[6];
        GaussianMath.Covariance(sx, sy, sz, w, x, y, z, c);
        var s = new[] { sx, sy, sz };
        var expected = new double[6];
        var o = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = i; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    expected[o] += r[(i * 3) + k] * s[k] * s[k] * r[(j * 3) + k];
                }

                o++;
            }
        }

        Assert.That(c.ToArray(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void RandomInitialisationFollowsTalkingGaussian()
    {
        var m = GaussianModel.RandomInBox(500, new Rng(1), 2);
        Assert.That(m.Count, Is.EqualTo(500));
        Assert.That(m.Means.Shape, Is.EqualTo(new[] { 500, 3 }));
        Assert.That(m.FeaturesDc.Shape, Is.EqualTo(new[] { 500, 1, 3 }));
        Assert.That(m.FeaturesRest.Shape, Is.EqualTo(new[] { 500, 8, 3 }));
        Assert.That(m.Means.ToArray(), Has.All.InRange(-0.1f, 0.1f));
        Assert.That(m.FeaturesDc.ToArray(), Has.All.InRange(0f, 1f / 255));
        Assert.That(m.FeaturesRest.ToArray(), Has.All.EqualTo(0f));
        Assert.That(m.GetOpacity().ToArray(), Has.All.EqualTo(0.1f).Within(1e-6));
        Assert.That(m.GetRotation().ToArray().Chunk(4).Select(q => q[0]), Has.All.EqualTo(1f));
        var d2 = NearestNeighbors.MeanSquaredDistance(m.Means.ToArray());
        Assert.That(m.RawScales.ToArray()[3], Is.EqualTo((float)Math.Log(Math.Sqrt(d2[1]))));
        Assert.That(m.ActiveShDegree, Is.Zero);
        m.OneUpShDegree();
        m.OneUpShDegree();
        m.OneUpShDegree();
        Assert.That(m.ActiveShDegree, Is.EqualTo(2));
        Assert.That(m.Parameters.All(p => p.RequiresGrad && p.IsLeaf));

        var again = GaussianModel.RandomInBox(500, new Rng(1), 2);
        Assert.That(again.Means.ToArray(), Is.EqualTo(m.Means.ToArray()));
    }

    [Test]
    public void PointCloudInitialisationAndPlyRoundTrip()
    {
        float[] xyz = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3];
        float[] rgb = [0.5f, 0.5f, 0.5f, 1, 0, 0, 0, 1, 0, 0, 0, 1];
        var m = GaussianModel.FromPointCloud(xyz, rgb, 3);
        Assert.That(m.FeaturesDc.ToArray()[3], Is.EqualTo((float)(0.5 / GaussianMath.ShC0)));
        // Point 0's neighbours at squared distances 1, 4, 9.
        Assert.That(m.GetScaling().ToArray()[0], Is.EqualTo((float)Math.Sqrt(14.0 / 3)).Within(1e-5));
        var back = GaussianModel.FromPlyData(m.ToPlyData());
        Assert.That(back.Means.ToArray(), Is.EqualTo(m.Means.ToArray()));
        Assert.That(back.RawScales.ToArray(), Is.EqualTo(m.RawScales.ToArray()));
        Assert.That(back.ActiveShDegree, Is.EqualTo(3));
        var cov = m.ComputeCovariances();
        Assert.That(cov[0], Is.EqualTo(14.0f / 3).Within(1e-4));
        Assert.That(cov[1], Is.EqualTo(0f).Within(1e-6));
    }

    private static GaussianModel ThreeGaussians(ScaleActivation act)
    {
        // Row 0: small, high gradient (clone). Row 1: large, high gradient (split). Row 2: low gradient, low opacity (pruned).
        var inv = (double s) => (float)GaussianMath.InverseScale(act, s);
        var data = new GaussianPlyData(
            3, 1,
            [0, 0, 0, 1, 1, 1, 2, 2, 2],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [.. Enumerable.Range(0, 27).Select(i => (float)i)],
            [2, 2, -6],
            [inv(0.001), inv(0.001), inv(0.001), inv(0.5), inv(0.2), inv(0.1), inv(0.001), inv(0.001), inv(0.001)],
            [1, 0, 0, 0, 0.7f, 0.1f, 0.2f, 0.3f, 1, 0, 0, 0]);
        return GaussianModel.FromPlyData(data, act);
    }

    [TestCase(ScaleActivation.Exp)]
    [TestCase(ScaleActivation.Softplus)]
    public void DensifyClonesSplitsAndPrunesWithOptimiserState(ScaleActivation act)
    {
        var m = ThreeGaussians(act);
        var adam = new Adam<float>([new ParameterGroup<float>(m.Parameters, 1e-3)]);
        foreach (var p in m.Parameters)
        {
            adam.SetState(p, new AdamParameterState<float>(5, Tensor.Full([.. p.Shape], 1f), Tensor.Full([.. p.Shape], 2f)));
        }

        m.AddDensificationStats([1, 0, 0, 1, 0, 0], 2, [true, true, true], [3, 4, 5]);
        m.AddDensificationStats([0, 0, 0.6f, 0.8f, 0, 0], 2, [true, true, false], [6, 1, 9]);
        Assert.That(m.Stats.MeanGradients(), Is.EqualTo(new[] { 0.5f, 1f, 0f }));
        Assert.That(m.Stats.MaxRadii2D, Is.EqualTo(new[] { 6f, 4f, 5f }));

        var (cloned, split, pruned) = m.DensifyAndPrune(new DensificationSettings(0.1, 0.005, 1.0, null), new Rng(3), adam);
        Assert.That((cloned, split, pruned), Is.EqualTo((1, 1, 1)));
        // Order: [row0, (row1 removed), row2 (pruned), clone of row0, child 1, child 2].
        Assert.That(m.Count, Is.EqualTo(4));
        var means = m.Means.ToArray();
        Assert.That(means[..6], Is.EqualTo(new float[] { 0, 0, 0, 0, 0, 0 }));
        var scales = m.GetScaling().ToArray();
        Assert.That(scales[6], Is.EqualTo(0.5f / 1.6f).Within(1e-6));
        Assert.That(scales[8], Is.EqualTo(0.1f / 1.6f).Within(1e-6));
        Assert.That(m.Rotations.ToArray()[8..12], Is.EqualTo(new[] { 0.7f, 0.1f, 0.2f, 0.3f }));
        Assert.That(m.FeaturesRest.ToArray()[27..36], Is.EqualTo(Enumerable.Range(9, 9).Select(i => (float)i)));
        Assert.That(m.Stats.Count, Is.EqualTo(4));

        // Children are within a few sigma of the parent, and differ from each other.
        for (var c = 2; c < 4; c++)
        {
            for (var a = 0; a < 3; a++)
            {
                Assert.That(means[(c * 3) + a], Is.EqualTo(1f).Within(3f));
            }
        }

        Assert.That(means[6..9], Is.Not.EqualTo(means[9..12]));

        // Optimiser: parameters swapped in, kept rows keep moments, new rows zero.
        Assert.That(adam.Groups[0].Parameters, Is.EqualTo(m.Parameters));
        var st = adam.GetState(m.Means)!;
        Assert.That(st.ExpAvg.ToArray(), Is.EqualTo(new float[] { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
        Assert.That(st.ExpAvgSq.Shape, Is.EqualTo(new[] { 4, 3 }));

        // Deterministic.
        var m2 = ThreeGaussians(act);
        m2.AddDensificationStats([1, 0, 0, 1, 0, 0], 2, [true, true, true], [3, 4, 5]);
        m2.AddDensificationStats([0, 0, 0.6f, 0.8f, 0, 0], 2, [true, true, false], [6, 1, 9]);
        m2.DensifyAndPrune(new DensificationSettings(0.1, 0.005, 1.0, null), new Rng(3));
        Assert.That(m2.Means.ToArray(), Is.EqualTo(means));
    }

    [Test]
    public void PruneKeepsStatisticsAligned()
    {
        var m = ThreeGaussians(ScaleActivation.Exp);
        m.AddDensificationStats([1, 0, 0, 2, 0, 3], 2, [true, true, true], [3, 4, 5]);
        m.Prune([true, false, true]);
        Assert.That(m.Stats.GradientAccum, Is.EqualTo(new[] { 1f, 3f }));
        Assert.That(m.Stats.MaxRadii2D, Is.EqualTo(new[] { 3f, 5f }));
        Assert.That(m.Means.ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 2, 2, 2 }));
    }

    [Test]
    public void SizePrunesUseWorldScaleAndOptionallyRadii()
    {
        var m = ThreeGaussians(ScaleActivation.Exp);
        m.AddDensificationStats([0, 0, 0, 0, 0, 0], 2, [true, true, true], [30, 1, 1]);
        // No densification (high threshold). Row 1 (max scale 0.5) > 0.1·extent(1) → pruned; row 2 by opacity.
        var r = m.DensifyAndPrune(new DensificationSettings(10, 0.005, 1.0, 20), new Rng(1));
        Assert.That(r, Is.EqualTo((0, 0, 2)));
        Assert.That(m.Count, Is.EqualTo(1));

        var m2 = ThreeGaussians(ScaleActivation.Exp);
        m2.AddDensificationStats([0, 0, 0, 0, 0, 0], 2, [true, true, true], [30, 1, 1]);
        var r2 = m2.DensifyAndPrune(new DensificationSettings(10, 0.005, 1.0, 20) { ResetRadiiBeforePrune = false }, new Rng(1));
        Assert.That(r2, Is.EqualTo((0, 0, 3)));
    }
}
