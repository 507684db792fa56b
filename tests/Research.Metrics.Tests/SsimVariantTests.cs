using NUnit.Framework;
using Research.Metrics.Image;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class SsimVariantTests
{
    [TestCase(SsimVariant.Gaussian11Valid, "gaussian11-valid")]
    [TestCase(SsimVariant.ThreeDgsZeroPad, "3dgs-zero-pad")]
    [TestCase(SsimVariant.SkimageDefault7x7, "skimage-default-7x7")]
    public void Ids_round_trip(SsimVariant variant, string id)
    {
        Assert.Multiple(() =>
        {
            Assert.That(variant.ToId(), Is.EqualTo(id));
            Assert.That(SsimVariantExtensions.Parse(id), Is.EqualTo(variant));
            Assert.That(SsimVariantExtensions.Parse(id.Replace('-', '_').ToUpperInvariant()), Is.EqualTo(variant));
        });
    }

    [Test]
    public void Unknown_id_lists_the_valid_ones()
    {
        Assert.That(
            () => SsimVariantExtensions.Parse("ms-ssim"),
            Throws.ArgumentException.With.Message.Contains("gaussian11-valid, 3dgs-zero-pad, skimage-default-7x7"));
    }
}
