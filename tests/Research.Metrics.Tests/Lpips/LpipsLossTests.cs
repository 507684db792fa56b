using NUnit.Framework;
using Research.Metrics.Lpips;
using Research.Tensors;
using Research.Tensors.Randomness;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// The differentiable LPIPS (training loss) on generated AlexNet weights: its value against the metric's forward and
/// the float64 reference twin, and its input gradient against central finite differences in float64.
/// </summary>
public class LpipsLossTests
{
    private static readonly Lazy<(LpipsNetwork Network, LpipsReference Reference)> Alex = new(() =>
    {
        var trunk = LpipsTestWeights.Trunk(LpipsNet.Alex, 21);
        var lin = LpipsTestWeights.Lin(LpipsNet.Alex, 121);
        return (LpipsNetwork.FromTensors(LpipsNet.Alex, trunk, lin), new LpipsReference(LpipsNet.Alex, trunk, lin));
    });

    private static Tensor<T> Images<T>(ulong seed, params int[] shape)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Tensor.Uniform(new Rng(seed), T.Zero, T.One, shape);

    [Test]
    public void FloatValueEqualsTheMetricPerItem()
    {
        // Same trunk kernels (Conv2dRelu and the prepared convolution give the same values); both heads in float64
        // with a different summation order. Observed ≤ 1e-7 relative; 1e-6 stated.
        var network = Alex.Value.Network;
        var loss = new LpipsLoss(network);
        var x = Images<float>(1, 3, 3, 40, 37);
        var y = Images<float>(2, 3, 3, 40, 37);
        var values = loss.Distances(x, y).ToArray();
        var metric = network.Distances(x, y);
        for (var i = 0; i < values.Length; i++)
        {
            TestContext.Out.WriteLine($"item {i}: loss {values[i]:R}, metric {metric[i]:R}");
            Assert.That(values[i], Is.EqualTo(metric[i]).Within(1e-6 * metric[i]));
        }
    }

    [Test]
    public void DoubleValueEqualsTheFloat64Reference()
    {
        // The float64 path against the independent float64 twin: only summation order differs (1e-10 stated).
        var (network, reference) = Alex.Value;
        var loss = new LpipsLoss(network);
        var x = Images<float>(3, 1, 3, 33, 35);
        var y = Images<float>(4, 1, 3, 33, 35);
        var value = loss.Distances(ToDouble(x), ToDouble(y)).Item();
        var expected = reference.Distance(LpipsPatchImage(x), LpipsPatchImage(y), LpipsInputRange.ZeroToOne);
        Assert.That(value, Is.EqualTo(expected).Within(1e-10 * expected));
    }

    [Test]
    public void GradientMatchesCentralDifferencesInFloat64()
    {
        // Tiny 31×32 images (the AlexNet minimum side is 31), two items with different upstream weights so the
        // per-item gradient scaling is checked too. Step 1e-6 in float64; agreement within 1e-5 relative to the
        // largest gradient checked (a ReLU kink crossed by the step would show up as a larger error).
        var loss = new LpipsLoss(Alex.Value.Network);
        var x = Images<double>(5, 2, 3, 31, 32);
        var y = Images<double>(6, 2, 3, 31, 32);
        var weights = Tensor.FromArray([0.7, -1.3], 2);
        var leaf = Tensor.FromArray(x.ToArray(), 2, 3, 31, 32);
        leaf.RequiresGrad = true;
        loss.Distances(leaf, y).Mul(weights).Sum().Backward();
        var analytic = leaf.Grad!.ToArray();
        var data = x.ToArray();
        var rng = new Rng(9);
        var (worst, largest) = (0.0, 0.0);
        const double h = 1e-6;
        for (var k = 0; k < 16; k++)
        {
            var i = (int)(rng.NextUInt64() % (ulong)data.Length);
            double F(double v)
            {
                var copy = (double[])data.Clone();
                copy[i] = v;
                return loss.Distances(Tensor.FromArray(copy, 2, 3, 31, 32), y).Mul(weights).Sum().Item();
            }

            var numeric = (F(data[i] + h) - F(data[i] - h)) / (2 * h);
            worst = Math.Max(worst, Math.Abs(numeric - analytic[i]));
            largest = Math.Max(largest, Math.Abs(numeric));
        }

        TestContext.Out.WriteLine($"largest |gradient| {largest:E3}, worst absolute error {worst:E3}");
        Assert.That(largest, Is.GreaterThan(0));
        Assert.That(worst, Is.LessThanOrEqualTo(1e-5 * largest));
    }

    [Test]
    public void GradientReachesOnlyTheImagesAndWorksOnStridedViews()
    {
        // Patches are strided views of a rendered image: the gradient must flow back into the source image.
        var loss = new LpipsLoss(Alex.Value.Network);
        var image = Images<float>(7, 3, 64, 70);
        image.RequiresGrad = true;
        var target = Images<float>(8, 3, 64, 70);
        target.RequiresGrad = true;
        static Tensor<float> Tiles(Tensor<float> t) => t.Narrow(1, 0, 64).Narrow(2, 0, 64).Reshape(3, 2, 32, 2, 32).Permute(1, 3, 0, 2, 4).Reshape(4, 3, 32, 32);
        var d = loss.Distances(Tiles(image), Tiles(target));
        Assert.That(d.Shape, Is.EqualTo(new[] { 4 }));
        d.Mean().Backward();
        var g = image.Grad!.ToArray();
        Assert.That(g.All(float.IsFinite), Is.True);
        Assert.That(g.Any(v => v != 0), Is.True);
        Assert.That(target.Grad, Is.Null);

        // The cropped-away columns 64..69 get no gradient.
        for (var r = 0; r < 64; r++)
        {
            Assert.That(g[(r * 70) + 66], Is.Zero);
        }
    }

    [Test]
    public void RejectsTooSmallOrMismatchedInputs()
    {
        var loss = new LpipsLoss(Alex.Value.Network);
        var small = Images<float>(1, 1, 3, 20, 40);
        Assert.That(() => loss.Distances(small, small), Throws.ArgumentException.With.Message.Contains("too small"));
        Assert.That(() => loss.Distances(Images<float>(1, 1, 3, 40, 40), Images<float>(1, 1, 3, 40, 41)), Throws.ArgumentException.With.Message.Contains("same shape"));
    }

    private static Tensor<double> ToDouble(Tensor<float> t) => Tensor.FromArray([.. t.ToArray().Select(v => (double)v)], [.. t.Shape]);

    // A [1, 3, H, W] tensor as an interleaved FloatImage.
    private static Research.Media.Imaging.FloatImage LpipsPatchImage(Tensor<float> t)
    {
        var (h, w) = (t.Size(2), t.Size(3));
        var planar = t.ToArray();
        var data = new float[h * w * 3];
        for (var p = 0; p < h * w; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                data[(3 * p) + c] = planar[(c * h * w) + p];
            }
        }

        return new Research.Media.Imaging.FloatImage(w, h, 3, data);
    }
}
