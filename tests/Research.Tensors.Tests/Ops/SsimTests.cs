using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Image;
using Research.Tensors.Nn;
using Research.Tensors.Randomness;
using static Research.Tensors.Tests.Autograd.GradCheck;

namespace Research.Tensors.Tests.Ops;

/// <summary>Fused training SSIM against a direct 11×11 window in double and the metrics library's 3dgs-zero-pad variant.</summary>
public class SsimTests
{
    [TestCase(1, 1, 11, 11)]
    [TestCase(2, 3, 13, 12)]
    [TestCase(1, 2, 1, 7)]
    [TestCase(1, 1, 40, 33)]
    public void Forward_MatchesDirectWindowInDouble(int n, int c, int h, int w)
    {
        var x = Tensor.Rand<float>(new Rng(1), n, c, h, w);
        var y = x.Add(Tensor.Randn<float>(new Rng(2), n, c, h, w).Mul(0.1f)).Clamp(0f, 1f);
        var expected = Reference(x.ToArray(), y.ToArray(), n * c, h, w);

        // float statistics over an 11×11 window of [0, 1] values: 1e-5 on the mean.
        Assert.That(Functional.Ssim(x, y).Item(), Is.EqualTo(expected).Within(1e-5));
        Assert.That(Functional.SsimLoss(x, y).Item(), Is.EqualTo(1 - expected).Within(1e-5));
    }

    [Test]
    public void Forward_ThreeDimensionalAndStridedInputs()
    {
        var x = Tensor.Rand<float>(new Rng(3), 3, 17, 9);
        var y = Tensor.Rand<float>(new Rng(4), 9, 17, 3).Permute(2, 1, 0); // (3, 17, 9), not contiguous
        Assert.That(y.IsContiguous, Is.False);
        Assert.That(Functional.Ssim(x, y).Item(), Is.EqualTo(Reference(x.ToArray(), y.ToArray(), 3, 17, 9)).Within(1e-5));
        Assert.That(Functional.Ssim(x, x).Item(), Is.EqualTo(1.0).Within(1e-6));
    }

    [Test]
    public void Forward_MatchesMetricsLibrary3dgsZeroPad()
    {
        const int c = 3, h = 23, w = 37;
        var x = Tensor.Rand<float>(new Rng(5), c, h, w);
        var y = x.Mul(0.8f).Add(Tensor.Rand<float>(new Rng(6), c, h, w).Mul(0.2f));
        var metrics = Ssim.Compute(Interleave(x.ToArray(), c, h, w), Interleave(y.ToArray(), c, h, w), SsimVariant.ThreeDgsZeroPad);
        Assert.That(Functional.Ssim(x, y).Item(), Is.EqualTo(metrics).Within(1e-5));
    }

    [Test]
    public void Forward_IsIndependentOfThreadCount()
    {
        var x = Tensor.Rand<float>(new Rng(7), 2, 3, 64, 48);
        var y = Tensor.Rand<float>(new Rng(8), 2, 3, 64, 48);
        var saved = Research.Tensors.Threading.ComputeThreads.Count;
        try
        {
            Research.Tensors.Threading.ComputeThreads.Count = 1;
            var one = Functional.Ssim(x, y).Item();
            Research.Tensors.Threading.ComputeThreads.Count = 4;
            Assert.That(Functional.Ssim(x, y).Item(), Is.EqualTo(one));
        }
        finally
        {
            Research.Tensors.Threading.ComputeThreads.Count = saved;
        }
    }

    [Test]
    public void GradCheck_BothInputs()
    {
        var x = Tensor.Uniform(new Rng(9), 0.0, 1.0, 2, 3, 13, 12);
        var y = Tensor.Uniform(new Rng(10), 0.0, 1.0, 2, 3, 13, 12);
        Check(t => Functional.Ssim(t[0], t[1]), x, y);
    }

    [Test]
    public void GradCheck_LossOnStridedInput()
    {
        var x = Tensor.Uniform(new Rng(11), 0.0, 1.0, 7, 6, 2).Permute(2, 0, 1).Detach(); // (2, 7, 6) strided
        var y = Tensor.Uniform(new Rng(12), 0.0, 1.0, 2, 7, 6);
        Check(t => Functional.SsimLoss(t[0], t[1]).Mul(3.0), x, y);
    }

    [Test]
    public void BadShapes_ThrowNamingTheOp() =>
        Assert.That(() => Functional.Ssim(Tensor.Zeros<float>(1, 3, 4, 4), Tensor.Zeros<float>(1, 3, 4, 5)), Throws.ArgumentException.With.Message.Contains("Ssim").And.Message.Contains("[1, 3, 4, 5]"));

    /// <summary>Direct (non-separable) 11×11 window with zero padding 5, all in double.</summary>
    private static double Reference(float[] x, float[] y, int planes, int h, int w)
    {
        var g = new double[11];
        for (var i = 0; i < 11; i++)
        {
            g[i] = Math.Exp(-((i - 5) * (i - 5)) / (2 * 1.5 * 1.5));
        }

        var gs = g.Sum();
        const double c1 = 0.01 * 0.01, c2 = 0.03 * 0.03;
        double total = 0;
        for (var p = 0; p < planes; p++)
        {
            for (var i = 0; i < h; i++)
            {
                for (var j = 0; j < w; j++)
                {
                    double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                    for (var a = 0; a < 11; a++)
                    {
                        for (var b = 0; b < 11; b++)
                        {
                            var (r, c) = (i + a - 5, j + b - 5);
                            if (r < 0 || r >= h || c < 0 || c >= w)
                            {
                                continue;
                            }

                            var wt = g[a] * g[b] / (gs * gs);
                            double xv = x[(((p * h) + r) * w) + c], yv = y[(((p * h) + r) * w) + c];
                            mx += wt * xv;
                            my += wt * yv;
                            xx += wt * xv * xv;
                            yy += wt * yv * yv;
                            xy += wt * xv * yv;
                        }
                    }

                    var sx = xx - (mx * mx);
                    var sy = yy - (my * my);
                    var sxy = xy - (mx * my);
                    total += ((2 * mx * my) + c1) * ((2 * sxy) + c2) / (((mx * mx) + (my * my) + c1) * (sx + sy + c2));
                }
            }
        }

        return total / ((double)planes * h * w);
    }

    private static FloatImage Interleave(float[] chw, int c, int h, int w)
    {
        var data = new float[chw.Length];
        for (var ch = 0; ch < c; ch++)
        {
            for (var i = 0; i < h * w; i++)
            {
                data[(i * c) + ch] = chw[(ch * h * w) + i];
            }
        }

        return new FloatImage(w, h, c, data);
    }
}
