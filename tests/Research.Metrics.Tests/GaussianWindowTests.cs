using NUnit.Framework;
using Research.Metrics.Image;
using Research.Metrics.Tests.Reference;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class GaussianWindowTests
{
    // metrics.md §3, float64 taps of the 11-tap σ = 1.5 window (printed to 10 decimals).
    private static readonly double[] Listed =
    [
        0.0010283801, 0.0075987581, 0.0360007721, 0.1093606895, 0.2130055377, 0.2660117249,
        0.2130055377, 0.1093606895, 0.0360007721, 0.0075987581, 0.0010283801,
    ];

    [Test]
    public void Ssim_taps_match_the_listed_values()
    {
        Assert.That(GaussianWindow.SsimTaps, Is.EqualTo(Listed).Within(1e-10));
    }

    [Test]
    public void Taps_sum_to_one_and_are_symmetric()
    {
        var taps = GaussianWindow.Create(11, 1.5);
        Assert.Multiple(() =>
        {
            Assert.That(taps.Sum(), Is.EqualTo(1.0).Within(1e-15));
            for (var i = 0; i < taps.Length; i++)
            {
                Assert.That(taps[i], Is.EqualTo(taps[taps.Length - 1 - i]));
            }
        });
    }

    [Test]
    public void Outer_product_equals_the_direct_2d_gaussian()
    {
        var taps = GaussianWindow.Create(11, 1.5);
        var direct = ReferenceSsim.Gaussian2D(11, 1.5);
        for (var a = 0; a < 11; a++)
        {
            for (var b = 0; b < 11; b++)
            {
                Assert.That(taps[a] * taps[b], Is.EqualTo(direct[a, b]).Within(1e-16));
            }
        }
    }

    [TestCase(0, 1.5)]
    [TestCase(10, 1.5)]
    [TestCase(11, 0.0)]
    [TestCase(11, double.NaN)]
    public void Rejects_bad_arguments(int size, double sigma)
    {
        Assert.That(() => GaussianWindow.Create(size, sigma), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
