using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Image;
using Research.Metrics.Tests.Reference;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class SsimTests
{
    // Fast path vs naive float64 reference. Both accumulate in float64; only the summation order differs
    // (separable vs 2-D, FMA vs separate multiply/add), which moves results by ~1e-15.
    private const double MeanTolerance = 1e-12;
    private const double MapTolerance = 1e-12;

    private static readonly object[] Shapes =
    [
        new object[] { 11, 11, 1 },
        new object[] { 11, 11, 3 },
        new object[] { 12, 17, 1 },
        new object[] { 12, 17, 3 },
        new object[] { 37, 23, 1 },
        new object[] { 37, 23, 3 },
        new object[] { 64, 64, 1 },
        new object[] { 64, 64, 3 },
    ];

    private static readonly string[] VariantIds = ["gaussian11-valid", "3dgs-zero-pad", "skimage-default-7x7"];

    [TestCaseSource(nameof(Shapes))]
    public void Canonical_matches_reference_on_random_images(int width, int height, int channels)
    {
        var x = TestImage.Random(width, height, channels, seed: (width * 100) + height);
        var y = TestImage.Random(width, height, channels, seed: (width * 100) + height + 1);
        var fast = Ssim.Compute(x.Image, y.Image);
        Assert.That(fast, Is.EqualTo(ReferenceSsim.Gaussian11Valid(x, y)).Within(MeanTolerance));
    }

    [TestCaseSource(nameof(Shapes))]
    public void Every_variant_matches_reference_on_correlated_images(int width, int height, int channels)
    {
        // Noisy copies give SSIM well inside (0, 1), unlike independent noise (≈ 0).
        var x = TestImage.Random(width, height, channels, seed: width + height);
        var y = TestImage.Noisy(x, 0.1f, seed: 7);
        foreach (var id in VariantIds)
        {
            var variant = SsimVariantExtensions.Parse(id);
            var fast = Ssim.Compute(x.Image, y.Image, variant);
            Assert.That(fast, Is.EqualTo(ReferenceSsim.MeanFor(id, x, y)).Within(MeanTolerance), id);
        }
    }

    [TestCase("gaussian11-valid", 37, 23, 3)]
    [TestCase("3dgs-zero-pad", 37, 23, 3)]
    [TestCase("skimage-default-7x7", 37, 23, 3)]
    [TestCase("gaussian11-valid", 12, 17, 1)]
    [TestCase("3dgs-zero-pad", 12, 17, 1)]
    [TestCase("skimage-default-7x7", 12, 17, 1)]
    public void Map_matches_reference_value_by_value(string id, int width, int height, int channels)
    {
        var x = TestImage.Gradient(width, height, channels);
        var y = TestImage.Noisy(x, 0.02f, seed: 11);
        var map = Ssim.ComputeMap(x.Image, y.Image, SsimVariantExtensions.Parse(id), out var mapWidth, out var mapHeight);
        var expected = ReferenceSsim.MapFor(id, x, y);
        var pad = id == "3dgs-zero-pad" ? 5 : 0;
        var size = id == "skimage-default-7x7" ? 7 : 11;
        Assert.Multiple(() =>
        {
            Assert.That(mapWidth, Is.EqualTo(width + (2 * pad) - size + 1));
            Assert.That(mapHeight, Is.EqualTo(height + (2 * pad) - size + 1));
            Assert.That(map, Has.Length.EqualTo(expected.Length));
            Assert.That(map, Is.EqualTo(expected).Within(MapTolerance));
        });
    }

    [Test]
    public void Smooth_images_match_reference()
    {
        // Near-constant windows: the variance is a small difference of large sums.
        var x = TestImage.Gradient(40, 31, 3);
        var y = TestImage.Noisy(x, 0.001f, seed: 3);
        foreach (var id in VariantIds)
        {
            var fast = Ssim.Compute(x.Image, y.Image, SsimVariantExtensions.Parse(id));
            Assert.That(fast, Is.EqualTo(ReferenceSsim.MeanFor(id, x, y)).Within(MeanTolerance), id);
        }
    }

    [Test]
    public void Parallel_path_matches_reference_and_is_bit_identical_for_every_thread_count()
    {
        // 128×96×3 has enough map values to take the multi-threaded path.
        var x = TestImage.Random(128, 96, 3, seed: 1);
        var y = TestImage.Noisy(x, 0.2f, seed: 2);
        foreach (var id in VariantIds)
        {
            var variant = SsimVariantExtensions.Parse(id);
            var single = Ssim.Compute(x.Image, y.Image, new SsimOptions { Variant = variant, MaxDegreeOfParallelism = 1 });
            var two = Ssim.Compute(x.Image, y.Image, new SsimOptions { Variant = variant, MaxDegreeOfParallelism = 2 });
            var all = Ssim.Compute(x.Image, y.Image, new SsimOptions { Variant = variant });
            var again = Ssim.Compute(x.Image, y.Image, new SsimOptions { Variant = variant });
            Assert.Multiple(() =>
            {
                Assert.That(two, Is.EqualTo(single), id);
                Assert.That(all, Is.EqualTo(single), id);
                Assert.That(again, Is.EqualTo(all), id);
                Assert.That(single, Is.EqualTo(ReferenceSsim.MeanFor(id, x, y)).Within(MeanTolerance), id);
            });
        }
    }

    [TestCase(SsimVariant.Gaussian11Valid)]
    [TestCase(SsimVariant.ThreeDgsZeroPad)]
    [TestCase(SsimVariant.SkimageDefault7x7)]
    public void Identical_images_score_exactly_one(SsimVariant variant)
    {
        var x = TestImage.Random(37, 23, 3, seed: 5);
        var copy = new FloatImage(37, 23, 3, (float[])x.Image.Data.Clone());
        Assert.That(Ssim.Compute(x.Image, copy, variant), Is.EqualTo(1.0));
    }

    [TestCase(0.5f, 0.25f, SsimVariant.Gaussian11Valid, 11)]
    [TestCase(0.8f, 0.3f, SsimVariant.Gaussian11Valid, 11)]
    [TestCase(0.5f, 0.25f, SsimVariant.SkimageDefault7x7, 7)]
    [TestCase(0.1f, 0.9f, SsimVariant.SkimageDefault7x7, 9)]
    public void Constant_images_reduce_to_the_luminance_term(float a, float b, SsimVariant variant, int size)
    {
        // σx² = σy² = σxy = 0, so the contrast-structure factor is C2/C2 = 1 and SSIM = (2ab + C1)/(a² + b² + C1).
        double da = a, db = b;
        var c1 = 0.01 * 0.01;
        var expected = ((2 * da * db) + c1) / ((da * da) + (db * db) + c1);
        var x = TestImage.Constant(size, size, 3, a);
        var y = TestImage.Constant(size, size, 3, b);
        Assert.That(Ssim.Compute(x.Image, y.Image, variant), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void Constant_images_hand_value_for_half_and_quarter()
    {
        // (2·0.5·0.25 + 1e-4)/(0.25 + 0.0625 + 1e-4) = 0.2501/0.3126.
        var x = TestImage.Constant(11, 11, 1, 0.5f);
        var y = TestImage.Constant(11, 11, 1, 0.25f);
        Assert.That(Ssim.Compute(x.Image, y.Image), Is.EqualTo(0.2501 / 0.3126).Within(1e-12));
    }

    [Test]
    public void Zero_padding_lowers_ssim_of_constant_images()
    {
        // Border windows see zeros: means shrink and spurious variance appears, as metrics.md §3 row D says.
        var x = TestImage.Constant(20, 20, 3, 0.6f);
        var y = TestImage.Constant(20, 20, 3, 0.5f);
        var valid = Ssim.Compute(x.Image, y.Image, SsimVariant.Gaussian11Valid);
        var padded = Ssim.Compute(x.Image, y.Image, SsimVariant.ThreeDgsZeroPad);
        Assert.Multiple(() =>
        {
            Assert.That(padded, Is.LessThan(valid));
            Assert.That(padded, Is.EqualTo(ReferenceSsim.ThreeDgsZeroPad(x, y)).Within(MeanTolerance));
        });
    }

    [Test]
    public void Zero_padding_accepts_images_smaller_than_the_window()
    {
        var x = TestImage.Random(5, 3, 3, seed: 1);
        var y = TestImage.Noisy(x, 0.1f, seed: 2);
        Assert.That(Ssim.Compute(x.Image, y.Image, SsimVariant.ThreeDgsZeroPad), Is.EqualTo(ReferenceSsim.ThreeDgsZeroPad(x, y)).Within(MeanTolerance));
    }

    [TestCase(10, 20)]
    [TestCase(20, 10)]
    [TestCase(1, 1)]
    public void Canonical_rejects_images_smaller_than_11(int width, int height)
    {
        var x = new FloatImage(width, height, 3);
        var y = new FloatImage(width, height, 3);
        Assert.That(
            () => Ssim.Compute(x, y),
            Throws.ArgumentException.With.Message.Contains($"{width}x{height}").And.Message.Contains("11x11"));
    }

    [Test]
    public void Skimage_variant_needs_seven_pixels()
    {
        var ok = TestImage.Random(7, 7, 1, seed: 1);
        Assert.Multiple(() =>
        {
            Assert.That(() => Ssim.Compute(ok.Image, ok.Image, SsimVariant.SkimageDefault7x7), Throws.Nothing);
            Assert.That(
                () => Ssim.Compute(new FloatImage(6, 9, 1), new FloatImage(6, 9, 1), SsimVariant.SkimageDefault7x7),
                Throws.ArgumentException.With.Message.Contains("6x9").And.Message.Contains("7x7"));
        });
    }

    [Test]
    public void Shape_mismatch_names_both_shapes()
    {
        var x = new FloatImage(32, 24, 3);
        var y = new FloatImage(32, 25, 1);
        Assert.That(
            () => Ssim.Compute(x, y),
            Throws.ArgumentException.With.Message.Contains("32x24x3").And.Message.Contains("32x25x1"));
    }

    [Test]
    public void Minimum_sizes_per_variant()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ssim.MinimumSize(SsimVariant.Gaussian11Valid), Is.EqualTo(11));
            Assert.That(Ssim.MinimumSize(SsimVariant.ThreeDgsZeroPad), Is.EqualTo(1));
            Assert.That(Ssim.MinimumSize(SsimVariant.SkimageDefault7x7), Is.EqualTo(7));
        });
    }

    [Test]
    public void Constants_follow_metrics_md()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ssim.C1, Is.EqualTo(0.0001).Within(1e-18));
            Assert.That(Ssim.C2, Is.EqualTo(0.0009).Within(1e-18));
        });
    }
}
