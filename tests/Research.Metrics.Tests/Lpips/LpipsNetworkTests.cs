using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Lpips;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// LPIPS forward on generated weights: the float32 fast path against the float64 reference twin, hand-computed
/// values, the input-range variants and the argument checks.
/// </summary>
public class LpipsNetworkTests
{
    // Float32 trunk (5–13 layers, sums of up to 4608 products) against float64. Observed: 2e-10 to 4e-8 relative
    // (per-pixel rounding errors average out in the spatial mean); 1e-6 leaves a wide margin.
    private const double RelativeTolerance = 1e-6;

    private static readonly Lazy<(LpipsNetwork Fast, LpipsReference Slow)> Alex = new(() => Build(LpipsNet.Alex, 11));
    private static readonly Lazy<(LpipsNetwork Fast, LpipsReference Slow)> Vgg = new(() => Build(LpipsNet.Vgg, 12));

    private static (LpipsNetwork, LpipsReference) Build(LpipsNet net, ulong seed)
    {
        var trunk = LpipsTestWeights.Trunk(net, seed);
        var lin = LpipsTestWeights.Lin(net, seed + 100);
        return (LpipsNetwork.FromTensors(net, trunk, lin), new LpipsReference(net, trunk, lin));
    }

    internal static FloatImage RandomImage(int width, int height, ulong seed, double low = 0, double high = 1)
    {
        var rng = new Rng(seed);
        var data = new float[width * height * 3];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)rng.NextUniform(low, high);
        }

        return new FloatImage(width, height, 3, data);
    }

    private static FloatImage Constant(int width, int height, float r, float g, float b)
    {
        var data = new float[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            (data[3 * i], data[(3 * i) + 1], data[(3 * i) + 2]) = (r, g, b);
        }

        return new FloatImage(width, height, 3, data);
    }

    private static FloatImage Map(FloatImage image, Func<float, float> f) =>
        new(image.Width, image.Height, 3, [.. image.Data.Select(f)]);

    private static void AssertClose(double fast, double reference)
    {
        TestContext.Out.WriteLine($"fast {fast:R}, reference {reference:R}, relative error {Math.Abs(fast - reference) / Math.Abs(reference):E2}");
        Assert.That(fast, Is.EqualTo(reference).Within((RelativeTolerance * Math.Abs(reference)) + 1e-9), $"fast {fast:R} vs reference {reference:R}");
    }

    [TestCase(64, 64, LpipsInputRange.ZeroToOne)]
    [TestCase(67, 45, LpipsInputRange.ZeroToOne)]
    [TestCase(67, 45, LpipsInputRange.Unscaled)]
    [TestCase(31, 33, LpipsInputRange.ZeroToOne)]
    public void AlexMatchesFloat64Reference(int width, int height, LpipsInputRange range)
    {
        var a = RandomImage(width, height, 1);
        var b = RandomImage(width, height, 2);
        var (fast, slow) = Alex.Value;
        var expected = slow.Distance(a, b, range);
        Assert.That(expected, Is.GreaterThan(1e-3), "the generated weights should give a non-trivial distance");
        AssertClose(fast.Distance(a, b, range), expected);
    }

    [TestCase(32, 32, LpipsInputRange.ZeroToOne)]
    [TestCase(35, 21, LpipsInputRange.Unscaled)]
    public void VggMatchesFloat64Reference(int width, int height, LpipsInputRange range)
    {
        var a = RandomImage(width, height, 3);
        var b = RandomImage(width, height, 4);
        var (fast, slow) = Vgg.Value;
        var expected = slow.Distance(a, b, range);
        Assert.That(expected, Is.GreaterThan(1e-3));
        AssertClose(fast.Distance(a, b, range), expected);
    }

    [Test]
    public void IdenticalImagesGiveExactlyZero()
    {
        var a = RandomImage(48, 40, 5);
        Assert.That(Alex.Value.Fast.Distance(a, a), Is.EqualTo(0.0));
        Assert.That(Vgg.Value.Fast.Distance(a, a), Is.EqualTo(0.0));
    }

    [Test]
    public void IsSymmetricAndDeterministic()
    {
        var a = RandomImage(64, 48, 6);
        var b = RandomImage(64, 48, 7);
        var net = Alex.Value.Fast;
        var ab = net.Distance(a, b);
        Assert.That(net.Distance(b, a), Is.EqualTo(ab));
        Assert.That(net.Distance(a, b), Is.EqualTo(ab));
    }

    /// <summary>
    /// conv1 channel 0 copies the scaled red value at its centre tap, channel 1 is the constant 1 (bias), all else
    /// is zero; lin keeps only tap 1 (channel 0: 1, channel 1: 0.5). On constant images every tap-1 pixel is
    /// f = (relu(x_R), 1). a: red 0.485 → 2·0.485 − 1 = −0.030 = shift → x_R = 0 → f̂ = (0, 1).
    /// b: red 0.65675 → 0.3135 → (0.3135 + 0.030)/0.458 = 0.75 → f = (0.75, 1), ‖f‖ = 1.25, f̂ = (0.6, 0.8).
    /// LPIPS = 1·0.6² + 0.5·0.2² = 0.36 + 0.02 = 0.38 (the deeper taps have zero lin weights and zero features).
    /// </summary>
    [Test]
    public void HandComputedSingleTapValue()
    {
        var net = HandNetwork((0, 0, 1f), (0, 1, 0.5f));
        var a = Constant(64, 64, 0.485f, 0.3f, 0.7f);
        var b = Constant(64, 64, 0.65675f, 0.1f, 0.9f);
        Assert.That(net.Distance(a, b), Is.EqualTo(0.38).Within(2e-6));
    }

    /// <summary>
    /// The lpipsPyTorch parity feeds values unchanged: x_R = (v + 0.030)/0.458, so v = −0.030 gives 0 and
    /// v = 0.3135 gives 0.75; the same 0.38 as above.
    /// </summary>
    [Test]
    public void HandComputedUnscaledValue()
    {
        var net = HandNetwork((0, 0, 1f), (0, 1, 0.5f));
        var a = Constant(40, 40, -0.030f, 0.3f, 0.7f);
        var b = Constant(40, 40, 0.3135f, 0.1f, 0.9f);
        Assert.That(net.Distance(a, b, LpipsInputRange.Unscaled), Is.EqualTo(0.38).Within(2e-6));
    }

    /// <summary>
    /// lpips.LPIPS.forward uses the lin weights as stored (the v0.1 files are non-negative because training
    /// clamped them, not because inference does): a negative weight gives −0.36 + 0.02 = −0.34.
    /// </summary>
    [Test]
    public void NegativeLinWeightsAreUsedAsStored()
    {
        var net = HandNetwork((0, 0, -1f), (0, 1, 0.5f));
        var a = Constant(64, 64, 0.485f, 0.3f, 0.7f);
        var b = Constant(64, 64, 0.65675f, 0.1f, 0.9f);
        Assert.That(net.Distance(a, b), Is.EqualTo(-0.34).Within(2e-6));
        Assert.That(net.LinWeights(0)[0], Is.EqualTo(-1f));
    }

    [Test]
    public void ZeroFeaturesGiveZeroNotNaN()
    {
        // All-zero trunk: every tap is zero, f/(0 + 1e-10) = 0.
        var trunk = LpipsTestWeights.Trunk(LpipsNet.Alex, 1).Select(t => SafetensorsTensor.FromFloat32(t.Name, new float[t.ElementCount], t.Shape)).ToList();
        var net = LpipsNetwork.FromTensors(LpipsNet.Alex, trunk, LpipsTestWeights.Lin(LpipsNet.Alex, 2));
        Assert.That(net.Distance(RandomImage(40, 40, 1), RandomImage(40, 40, 2)), Is.EqualTo(0.0));
    }

    [Test]
    public void ZeroToOneEqualsUnscaledOnRescaledInput()
    {
        var a = RandomImage(50, 40, 8);
        var b = RandomImage(50, 40, 9);
        var net = Alex.Value.Fast;
        var scaled = net.Distance(a, b, LpipsInputRange.ZeroToOne);
        var manual = net.Distance(Map(a, v => (2f * v) - 1f), Map(b, v => (2f * v) - 1f), LpipsInputRange.Unscaled);
        Assert.That(manual, Is.EqualTo(scaled));
        Assert.That(net.Distance(a, b, LpipsInputRange.Unscaled), Is.Not.EqualTo(scaled), "the lpipsPyTorch parity is a different quantity");
    }

    [Test]
    public void BatchedDistancesMatchOnePairAtATime()
    {
        FloatImage[] a = [RandomImage(48, 40, 10), RandomImage(48, 40, 11), RandomImage(33, 35, 12), RandomImage(48, 40, 13)];
        FloatImage[] b = [RandomImage(48, 40, 20), RandomImage(48, 40, 21), RandomImage(33, 35, 22), RandomImage(48, 40, 23)];
        var net = Alex.Value.Fast;
        var batched = net.Distances(a, b, LpipsInputRange.ZeroToOne, maxPairsPerBatch: 3);
        for (var i = 0; i < a.Length; i++)
        {
            Assert.That(batched[i], Is.EqualTo(net.Distance(a[i], b[i])).Within(1e-6 * batched[i]), $"pair {i}");
        }
    }

    [Test]
    public void TensorInputMatchesImageInput()
    {
        var a = RandomImage(40, 36, 30);
        var b = RandomImage(40, 36, 31);
        var net = Alex.Value.Fast;
        var x0 = Tensor.FromArray(Planar(a), 1, 3, 36, 40);
        var x1 = Tensor.FromArray(Planar(b), 1, 3, 36, 40);
        Assert.That(net.Distances(x0, x1)[0], Is.EqualTo(net.Distance(a, b)));
    }

    [Test]
    public void RejectsBadInputsWithClearMessages()
    {
        var net = Alex.Value.Fast;
        Assert.That(
            () => net.Distance(RandomImage(30, 40, 1), RandomImage(30, 40, 2)),
            Throws.ArgumentException.With.Message.Contains("30x40").And.Message.Contains("at least 31x31"));
        Assert.That(
            () => net.Distance(RandomImage(40, 40, 1), RandomImage(41, 40, 2)),
            Throws.ArgumentException.With.Message.Contains("40x40x3 against 41x40x3"));
        Assert.That(
            () => net.Distance(new FloatImage(40, 40, 1), new FloatImage(40, 40, 1)),
            Throws.ArgumentException.With.Message.Contains("3 channels"));
        Assert.That(
            () => net.Distances(Tensor.Zeros<float>(1, 4, 40, 40), Tensor.Zeros<float>(1, 4, 40, 40)),
            Throws.ArgumentException.With.Message.Contains("[N, 3, H, W]"));
    }

    [Test]
    public void TapSizesMatchTheSpecification()
    {
        Assert.That(LpipsArchitecture.TapSizes(LpipsNet.Alex, 512, 512), Is.EqualTo(new[] { (127, 127), (63, 63), (31, 31), (31, 31), (31, 31) }));
        Assert.That(LpipsArchitecture.TapSizes(LpipsNet.Alex, 224, 224), Is.EqualTo(new[] { (55, 55), (27, 27), (13, 13), (13, 13), (13, 13) }));
        Assert.That(LpipsArchitecture.TapSizes(LpipsNet.Vgg, 64, 64), Is.EqualTo(new[] { (64, 64), (32, 32), (16, 16), (8, 8), (4, 4) }));
        Assert.That(LpipsArchitecture.MinimumSide(LpipsNet.Alex), Is.EqualTo(31));
        Assert.That(LpipsArchitecture.MinimumSide(LpipsNet.Vgg), Is.EqualTo(16));
        Assert.That(Alex.Value.Fast.TapChannels, Is.EqualTo(new[] { 64, 192, 384, 256, 256 }));
        Assert.That(Vgg.Value.Fast.TapChannels, Is.EqualTo(new[] { 64, 128, 256, 512, 512 }));
    }

    [Test]
    public void VariantsFollowTheHarnessNames()
    {
        Assert.That(LpipsVariant.Find("alex_v0.1_normalize"), Is.EqualTo(new LpipsVariant("alex_v0.1_normalize", LpipsNet.Alex, LpipsInputRange.ZeroToOne)));
        Assert.That(LpipsVariant.Find("vgg_lpipsPyTorch_unscaled")!.InputRange, Is.EqualTo(LpipsInputRange.Unscaled));
        Assert.That(LpipsVariant.Find("squeeze"), Is.Null);
    }

    private static float[] Planar(FloatImage image)
    {
        var pixels = image.Width * image.Height;
        var result = new float[3 * pixels];
        for (var i = 0; i < pixels; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                result[(c * pixels) + i] = image.Data[(3 * i) + c];
            }
        }

        return result;
    }

    private static LpipsNetwork HandNetwork(params (int Tap, int Channel, float Value)[] lin)
    {
        var trunk = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in LpipsTestWeights.AlexConvs)
        {
            var w = new float[outCh * inCh * k * k];
            var b = new float[outCh];
            if (index == 0)
            {
                w[(((0 * inCh) + 0) * k * k) + (5 * k) + 5] = 1f; // out 0 ← red at the centre tap
                b[1] = 1f;
            }

            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", w, [outCh, inCh, k, k]));
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", b, [outCh]));
        }

        return LpipsNetwork.FromTensors(LpipsNet.Alex, trunk, LpipsTestWeights.SparseLin(LpipsNet.Alex, lin));
    }
}
