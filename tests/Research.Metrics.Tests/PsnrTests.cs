using NUnit.Framework;
using Research.Media.Imaging;
using Research.Metrics.Image;
using Research.Metrics.Tests.Reference;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class PsnrTests
{
    [Test]
    public void Half_against_quarter_is_12_0412_db()
    {
        // MSE = 0.25² = 0.0625, PSNR = 10·log10(1/0.0625) = 12.0412 dB.
        var x = TestImage.Constant(16, 9, 3, 0.5f);
        var y = TestImage.Constant(16, 9, 3, 0.25f);
        var psnr = Psnr.Compute(x.Image, y.Image);
        Assert.Multiple(() =>
        {
            Assert.That(psnr, Is.EqualTo(10 * Math.Log10(1 / 0.0625)).Within(1e-12));
            Assert.That(psnr, Is.EqualTo(12.0412).Within(5e-5));
            Assert.That(Psnr.MeanSquaredError(x.Image, y.Image), Is.EqualTo(0.0625));
        });
    }

    [TestCase(11, 11, 1)]
    [TestCase(12, 17, 3)]
    [TestCase(37, 23, 3)]
    [TestCase(64, 64, 3)]
    [TestCase(300, 250, 3)]
    public void Matches_reference_on_random_images(int width, int height, int channels)
    {
        // Only the summation order differs (vector lanes and fixed chunks vs one running sum).
        var x = TestImage.Random(width, height, channels, seed: 1);
        var y = TestImage.Random(width, height, channels, seed: 2);
        Assert.That(Psnr.Compute(x.Image, y.Image), Is.EqualTo(ReferencePsnr.Compute(x, y)).Within(1e-10));
    }

    [Test]
    public void Identical_images_give_positive_infinity()
    {
        var x = TestImage.Random(20, 20, 3, seed: 4);
        Assert.That(Psnr.Compute(x.Image, x.Image), Is.EqualTo(double.PositiveInfinity));
    }

    [Test]
    public void Result_is_the_same_every_run()
    {
        var x = TestImage.Random(512, 300, 3, seed: 1);
        var y = TestImage.Noisy(x, 0.05f, seed: 2);
        var first = Psnr.Compute(x.Image, y.Image);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Psnr.Compute(x.Image, y.Image), Is.EqualTo(first));
        }
    }

    [Test]
    public void Shape_mismatch_names_both_shapes()
    {
        Assert.That(
            () => Psnr.Compute(new FloatImage(8, 8, 3), new FloatImage(8, 8, 4)),
            Throws.ArgumentException.With.Message.Contains("8x8x3").And.Message.Contains("8x8x4"));
    }

    [Test]
    public void From_mse_handles_zero()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Psnr.FromMeanSquaredError(0), Is.EqualTo(double.PositiveInfinity));
            Assert.That(Psnr.FromMeanSquaredError(0.01), Is.EqualTo(20.0).Within(1e-12));
        });
    }
}
