using NUnit.Framework;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using Research.Tensors.Threading;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>
/// GridSample and bilinear Interpolate against naive double loops written from the PyTorch formulas. Tolerances:
/// the double fast path agrees to 1e-12; the float path to 2e-4 (coordinates rounded to float move the sample point
/// by ~1e-7 · size pixels).
/// </summary>
public class SamplingTests
{
    private static IEnumerable<TestCaseData> GridCases()
    {
        // N, C, H_in, W_in, H_out, W_out
        int[][] shapes = [[1, 1, 1, 1, 1, 1], [2, 3, 5, 7, 4, 3], [1, 2, 1, 6, 3, 5], [3, 1, 6, 1, 2, 2], [1, 4, 8, 8, 9, 7]];
        foreach (var s in shapes)
        {
            foreach (var padding in new[] { GridSamplePadding.Zeros, GridSamplePadding.Border })
            {
                foreach (var ac in new[] { false, true })
                {
                    yield return new TestCaseData(s, padding, ac).SetName($"GridSample_MatchesReference({string.Join("x", s)}, {padding}, alignCorners={ac})");
                }
            }
        }
    }

    [TestCaseSource(nameof(GridCases))]
    public void GridSample_MatchesReference(int[] s, GridSamplePadding padding, bool alignCorners)
    {
        int n = s[0], c = s[1], h = s[2], w = s[3], ho = s[4], wo = s[5];

        // Non-contiguous: input from an NHWC buffer, grid from an N2HW buffer; grid reaches beyond [−1, 1].
        var x = Tensor.Randn<double>(new Rng(1), n, h, w, c).Permute(0, 3, 1, 2);
        var grid = Tensor.Uniform(new Rng(2), -1.3, 1.3, n, 2, ho, wo).Permute(0, 2, 3, 1);
        if (c > 1 && h * w > 1)
        {
            Assert.That(x.IsContiguous || grid.IsContiguous, Is.False);
        }
        var expected = ReferenceGridSample(x.ToArray(), n, c, h, w, grid.ToArray(), ho, wo, padding == GridSamplePadding.Border, alignCorners);

        var actual = Functional.GridSample(x, grid, padding, alignCorners);
        Assert.That(actual.Shape, Is.EqualTo(new[] { n, c, ho, wo }));
        AssertClose(actual.ToArray(), expected, 1e-12, "double");

        var xf = Tensor.FromArray(x.ToArray().Select(v => (float)v).ToArray(), n, c, h, w);
        var gf = Tensor.FromArray(grid.ToArray().Select(v => (float)v).ToArray(), n, ho, wo, 2);
        var expectedF = ReferenceGridSample(xf.ToArray().Select(v => (double)v).ToArray(), n, c, h, w, gf.ToArray().Select(v => (double)v).ToArray(), ho, wo, padding == GridSamplePadding.Border, alignCorners);
        AssertClose(Functional.GridSample(xf, gf, padding, alignCorners).ToArray().Select(v => (double)v).ToArray(), expectedF, 2e-4, "float");
    }

    [TestCase(GridSamplePadding.Zeros, false)]
    [TestCase(GridSamplePadding.Zeros, true)]
    [TestCase(GridSamplePadding.Border, false)]
    [TestCase(GridSamplePadding.Border, true)]
    public void GradCheck_GridSample_InputAndGrid(GridSamplePadding padding, bool alignCorners)
    {
        // Random positions (never exactly on a pixel or the clamp edge, where the op has a kink), some outside [−1, 1].
        var x = Randn(1, 2, 4, 5, 3).Permute(0, 3, 1, 2).Detach();
        var grid = Tensor.Uniform(new Rng(2), -1.2, 1.2, 2, 3, 4, 2);
        Check(t => Functional.GridSample(t[0], t[1], padding, alignCorners), x, grid);
    }

    [Test]
    public void GradCheck_GridSample_SizeOneInput() =>
        Check(t => Functional.GridSample(t[0], t[1], GridSamplePadding.Zeros, false), Randn(1, 1, 2, 1, 1), Tensor.Uniform(new Rng(3), -1.5, 1.5, 1, 2, 3, 2));

    [Test]
    public void GridSample_FloatGradientsMatchDouble()
    {
        var xd = Randn(5, 2, 3, 9, 11);
        var gd = Tensor.Uniform(new Rng(6), -1.1, 1.1, 2, 7, 8, 2);
        var xf = Tensor.FromArray(xd.ToArray().Select(v => (float)v).ToArray(), 2, 3, 9, 11);
        var gf = Tensor.FromArray(gd.ToArray().Select(v => (float)v).ToArray(), 2, 7, 8, 2);
        foreach (var t in new Tensor<double>[] { xd, gd })
        {
            t.RequiresGrad = true;
        }

        xf.RequiresGrad = true;
        gf.RequiresGrad = true;
        Functional.GridSample(xd, gd, GridSamplePadding.Border, false).Sum().Backward();
        Functional.GridSample(xf, gf, GridSamplePadding.Border, false).Sum().Backward();
        AssertClose(xf.Grad!.ToArray().Select(v => (double)v).ToArray(), xd.Grad!.ToArray(), 1e-4, "input grad");
        AssertClose(gf.Grad!.ToArray().Select(v => (double)v).ToArray(), gd.Grad!.ToArray(), 5e-3, "grid grad");
    }

    [Test]
    public void GridSample_BitIdenticalAcrossThreadCounts()
    {
        var saved = ComputeThreads.Count;
        try
        {
            float[]? first = null;
            foreach (var threads in new[] { 1, 2, 3 })
            {
                ComputeThreads.Count = threads;
                // Sizes large enough that forward, grid and input gradients all split into several chunks.
                var x = Tensor.Randn<float>(new Rng(1), 2, 16, 17, 19);
                var grid = Tensor.Uniform(new Rng(2), -1.2f, 1.2f, 2, 64, 16, 2);
                x.RequiresGrad = true;
                grid.RequiresGrad = true;
                var y = Functional.GridSample(x, grid, GridSamplePadding.Zeros, true);
                y.Mul(Tensor.Randn<float>(new Rng(3), 2, 16, 64, 16)).Sum().Backward();
                float[] all = [.. y.ToArray(), .. x.Grad!.ToArray(), .. grid.Grad!.ToArray()];
                first ??= all;
                Assert.That(all, Is.EqualTo(first), $"threads {threads}");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void Interpolate_BitIdenticalAcrossThreadCounts()
    {
        var saved = ComputeThreads.Count;
        try
        {
            float[]? first = null;
            foreach (var threads in new[] { 1, 2, 3 })
            {
                ComputeThreads.Count = threads;
                var x = Tensor.Randn<float>(new Rng(1), 3, 5, 9, 13);
                x.RequiresGrad = true;
                var y = Functional.Interpolate(x, 64, 64);
                y.Mul(Tensor.Randn<float>(new Rng(3), 3, 5, 64, 64)).Sum().Backward();
                float[] all = [.. y.ToArray(), .. x.Grad!.ToArray()];
                first ??= all;
                Assert.That(all, Is.EqualTo(first), $"threads {threads}");
            }
        }
        finally
        {
            ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void GridSample_KnownValues_AlignCorners()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 1, 1, 2, 2);

        // align_corners=True: −1 and 1 are the corner pixel centres.
        var grid = Tensor.FromArray([-1.0, -1.0, 1.0, 1.0, 0.0, 0.0, 1.0, -1.0], 1, 1, 4, 2);
        Assert.That(Functional.GridSample(x, grid, GridSamplePadding.Zeros, true).ToArray(), Is.EqualTo(new[] { 1.0, 4.0, 2.5, 2.0 }));

        // align_corners=False: −1 is the outer edge, pixel coordinate −0.5: half outside in x and y.
        var corner = Tensor.FromArray([-1.0, -1.0], 1, 1, 1, 2);
        Assert.That(Functional.GridSample(x, corner, GridSamplePadding.Zeros, false).Item(), Is.EqualTo(0.25));
        Assert.That(Functional.GridSample(x, corner, GridSamplePadding.Border, false).Item(), Is.EqualTo(1.0));

        // Centre is (0.5, 0.5) in pixels either way.
        Assert.That(Functional.GridSample(x, Tensor.Zeros<double>(1, 1, 1, 2), GridSamplePadding.Zeros, false).Item(), Is.EqualTo(2.5));

        // x = 0.5 in [−1, 1] with align false on width 2: ((1.5)·2 − 1)/2 = 1 → column 1.
        var right = Tensor.FromArray([0.5, -0.5], 1, 1, 1, 2);
        Assert.That(Functional.GridSample(x, right, GridSamplePadding.Zeros, false).Item(), Is.EqualTo(2.0));
    }

    [Test]
    public void GridSample_SizeOneInput_AlignCornersMapsEverythingToThePixel()
    {
        var x = Tensor.FromArray([5.0, 7.0, 9.0], 1, 1, 1, 3);
        var grid = Tensor.FromArray([-1.0, -1.0, 0.0, 0.3, 1.0, 1.0], 1, 1, 3, 2);

        // H_in = 1 with align_corners: y always unnormalises to row 0.
        Assert.That(Functional.GridSample(x, grid, GridSamplePadding.Zeros, true).ToArray(), Is.EqualTo(new[] { 5.0, 7.0, 9.0 }));
    }

    [Test]
    public void GridSample_BorderClampsFarPoints()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 1, 1, 2, 2);
        var grid = Tensor.FromArray([-5.0, -5.0, 5.0, 5.0, 1e30, -1e30, double.NaN, 0.0], 1, 1, 4, 2);
        var border = Functional.GridSample(x, grid, GridSamplePadding.Border, false).ToArray();
        Assert.That(border.Take(3), Is.EqualTo(new[] { 1.0, 4.0, 2.0 }));
        var zeros = Functional.GridSample(x, grid, GridSamplePadding.Zeros, false).ToArray();
        Assert.That(zeros.Take(3), Is.EqualTo(new[] { 0.0, 0.0, 0.0 }));
    }

    [Test]
    public void GridSample_BadShapes_NameOpAndShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Functional.GridSample(Tensor.Zeros<float>(2, 3, 4, 5), Tensor.Zeros<float>(1, 4, 4, 2)));
        Assert.That(e!.Message, Does.Contain("GridSample").And.Contain("[2, 3, 4, 5]").And.Contain("[1, 4, 4, 2]"));
        e = Assert.Throws<ArgumentException>(() => Functional.GridSample(Tensor.Zeros<float>(2, 3, 4, 5), Tensor.Zeros<float>(2, 4, 4, 3)));
        Assert.That(e!.Message, Does.Contain("GridSample").And.Contain("[2, 4, 4, 3]"));
        e = Assert.Throws<ArgumentException>(() => Functional.Interpolate(Tensor.Zeros<float>(3, 4, 5), 2, 2));
        Assert.That(e!.Message, Does.Contain("Interpolate").And.Contain("[3, 4, 5]"));
    }

    private static IEnumerable<TestCaseData> ResizeCases()
    {
        // N, C, H, W, H_out, W_out: up, down, odd, size 1 in and out.
        int[][] shapes = [[1, 1, 2, 2, 4, 4], [2, 3, 5, 7, 9, 4], [1, 2, 1, 5, 3, 11], [1, 1, 6, 6, 1, 1], [2, 1, 7, 3, 7, 3], [1, 2, 8, 9, 3, 5]];
        foreach (var s in shapes)
        {
            foreach (var ac in new[] { false, true })
            {
                yield return new TestCaseData(s, ac).SetName($"Interpolate_MatchesReference({string.Join("x", s)}, alignCorners={ac})");
            }
        }
    }

    [TestCaseSource(nameof(ResizeCases))]
    public void Interpolate_MatchesReference(int[] s, bool alignCorners)
    {
        int n = s[0], c = s[1], h = s[2], w = s[3], ho = s[4], wo = s[5];
        var x = Tensor.Randn<double>(new Rng(4), n, h, w, c).Permute(0, 3, 1, 2);
        var expected = ReferenceResize(x.ToArray(), n * c, h, w, ho, wo, alignCorners, null);
        AssertClose(Functional.Interpolate(x, ho, wo, alignCorners).ToArray(), expected, 1e-12, "double");
        var xf = Tensor.FromArray(x.ToArray().Select(v => (float)v).ToArray(), n, c, h, w);
        AssertClose(Functional.Interpolate(xf, ho, wo, alignCorners).ToArray().Select(v => (double)v).ToArray(), expected, 2e-5, "float");
    }

    [Test]
    public void Interpolate_KnownValues()
    {
        var x = Tensor.FromArray([1.0, 2.0, 3.0, 4.0], 1, 1, 2, 2);

        // Values from torch.nn.functional.interpolate(x, size=4, mode='bilinear', align_corners=False / True).
        Assert.That(Functional.Interpolate(x, 4, 4).ToArray(), Is.EqualTo(new[]
        {
            1.0, 1.25, 1.75, 2.0,
            1.5, 1.75, 2.25, 2.5,
            2.5, 2.75, 3.25, 3.5,
            3.0, 3.25, 3.75, 4.0,
        }));
        Assert.That(Functional.Interpolate(x, 3, 3, alignCorners: true).ToArray(), Is.EqualTo(new[] { 1.0, 1.5, 2.0, 2.0, 2.5, 3.0, 3.0, 3.5, 4.0 }));
        Assert.That(Functional.UpsampleBilinear(x, 3, 3).ToArray(), Is.EqualTo(Functional.Interpolate(x, 3, 3, alignCorners: true).ToArray()));
    }

    [Test]
    public void Interpolate_ScaleFactorUsesInverseScale()
    {
        // 3 × 1.5 = 4.5 → 4 outputs; sources use 1 / 1.5, not 3 / 4 (PyTorch without recompute_scale_factor).
        var x = Randn(8, 1, 2, 3, 3);
        var y = Functional.Interpolate(x, 1.5);
        Assert.That(y.Shape, Is.EqualTo(new[] { 1, 2, 4, 4 }));
        AssertClose(y.ToArray(), ReferenceResize(x.ToArray(), 2, 3, 3, 4, 4, false, 1.5), 1e-12, "scale 1.5");
        Assert.That(y.ToArray(), Is.Not.EqualTo(Functional.Interpolate(x, 4, 4).ToArray()));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void GradCheck_Interpolate(bool alignCorners)
    {
        Check(t => Functional.Interpolate(t[0], 5, 3, alignCorners), Randn(1, 2, 4, 3, 4).Permute(0, 3, 1, 2).Detach());
        Check(t => Functional.Interpolate(t[0], 2, 7, alignCorners), Randn(2, 1, 2, 5, 3));
    }

    [Test]
    public void GradCheck_InterpolateScaleFactor() => Check(t => Functional.Interpolate(t[0], 1.7), Randn(1, 1, 1, 3, 4));

    /// <summary>PyTorch grid_sampler_2d (bilinear) in double, straight from the formulas; weight = (1 − |Δx|)(1 − |Δy|).</summary>
    private static double[] ReferenceGridSample(double[] x, int n, int c, int h, int w, double[] grid, int ho, int wo, bool border, bool alignCorners)
    {
        var output = new double[n * c * ho * wo];
        for (var b = 0; b < n; b++)
        {
            for (var oy = 0; oy < ho; oy++)
            {
                for (var ox = 0; ox < wo; ox++)
                {
                    var gi = (((b * ho) + oy) * wo) + ox;
                    var ix = Unnormalise(grid[2 * gi], w, alignCorners);
                    var iy = Unnormalise(grid[(2 * gi) + 1], h, alignCorners);
                    if (border)
                    {
                        ix = Math.Clamp(ix, 0, w - 1);
                        iy = Math.Clamp(iy, 0, h - 1);
                    }

                    for (var ch = 0; ch < c; ch++)
                    {
                        var sum = 0.0;
                        if (!double.IsNaN(ix) && !double.IsNaN(iy) && Math.Abs(ix) < 1e9 && Math.Abs(iy) < 1e9)
                        {
                            var x0 = (int)Math.Floor(ix);
                            var y0 = (int)Math.Floor(iy);
                            for (var yy = y0; yy <= y0 + 1; yy++)
                            {
                                for (var xx = x0; xx <= x0 + 1; xx++)
                                {
                                    if (xx >= 0 && xx < w && yy >= 0 && yy < h)
                                    {
                                        sum += (1 - Math.Abs(ix - xx)) * (1 - Math.Abs(iy - yy)) * x[((((b * c) + ch) * h) + yy) * w + xx];
                                    }
                                }
                            }
                        }

                        output[((((b * c) + ch) * ho) + oy) * wo + ox] = sum;
                    }
                }
            }
        }

        return output;
    }

    private static double Unnormalise(double g, int size, bool alignCorners) =>
        alignCorners ? (g + 1) / 2 * (size - 1) : (((g + 1) * size) - 1) / 2;

    /// <summary>PyTorch upsample_bilinear2d in double: per output, source = dst·scale (aligned) or max((dst + ½)·scale − ½, 0).</summary>
    private static double[] ReferenceResize(double[] x, int planes, int h, int w, int ho, int wo, bool alignCorners, double? scaleFactor)
    {
        var output = new double[planes * ho * wo];
        for (var p = 0; p < planes; p++)
        {
            for (var oy = 0; oy < ho; oy++)
            {
                var (y0, y1, ly) = Source(oy, h, ho, alignCorners, scaleFactor);
                for (var ox = 0; ox < wo; ox++)
                {
                    var (x0, x1, lx) = Source(ox, w, wo, alignCorners, scaleFactor);
                    double At(int yy, int xx) => x[(((p * h) + yy) * w) + xx];
                    output[(((p * ho) + oy) * wo) + ox] =
                        ((1 - ly) * (((1 - lx) * At(y0, x0)) + (lx * At(y0, x1)))) + (ly * (((1 - lx) * At(y1, x0)) + (lx * At(y1, x1))));
                }
            }
        }

        return output;
    }

    private static (int I0, int I1, double Lambda) Source(int dst, int inSize, int outSize, bool alignCorners, double? scaleFactor)
    {
        double src;
        if (alignCorners)
        {
            src = outSize > 1 ? dst * (inSize - 1.0) / (outSize - 1.0) : 0;
        }
        else
        {
            var scale = scaleFactor is { } s ? 1 / s : (double)inSize / outSize;
            src = Math.Max(((dst + 0.5) * scale) - 0.5, 0);
        }

        var i0 = Math.Min((int)Math.Floor(src), inSize - 1);
        return (i0, Math.Min(i0 + 1, inSize - 1), Math.Clamp(src - i0, 0, 1));
    }

    private static void AssertClose(double[] actual, double[] expected, double tolerance, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.That(Math.Abs(actual[i] - expected[i]), Is.LessThanOrEqualTo(tolerance * Math.Max(1, Math.Abs(expected[i]))), $"{what} [{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
