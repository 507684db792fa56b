using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>
/// Decodes files written by libjpeg-turbo 2.1 (Jpeg/Fixtures/make-fixtures.sh) and compares with libjpeg's own decode
/// at default settings, stored beside each file. libjpeg's default IDCT is an integer approximation ("islow") while
/// ours is float, and that is the only intended difference: measured at most 3 levels and a mean of at most 0.027
/// over all fixtures (most samples identical), so the bounds below are max 3, mean 0.05.
/// </summary>
public sealed class JpegLibjpegFixtureTests
{
    private static readonly string[] Names =
    [
        "baseline_420",
        "baseline_422_restart",
        "baseline_440",
        "baseline_411",
        "baseline_mixed",
        "baseline_444_exif",
        "baseline_gray",
        "baseline_gray_2x2",
        "adobe_rgb",
        "extended_16bit_quant",
        "progressive_420",
        "progressive_444_restart",
        "progressive_gray",
    ];

    [TestCaseSource(nameof(Names))]
    public void Decode_matches_libjpeg(string name)
    {
        var expected = JpegTestImages.ReadPnm(JpegTestImages.Fixture(name + ".libjpeg.pnm"));

        var image = JpegFile.Read(JpegTestImages.Fixture(name + ".jpg"));

        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((expected.Width, expected.Height, expected.Channels)));
        var (max, mean) = JpegTestImages.Difference(image.Pixels, expected.Pixels);
        Assert.That(max, Is.LessThanOrEqualTo(3), "largest difference from libjpeg");
        Assert.That(mean, Is.LessThanOrEqualTo(0.05), "mean difference from libjpeg");
    }

    [Test]
    public void Fixtures_use_the_features_their_names_claim()
    {
        // Guards against a regenerated fixture silently losing what it is there to test.
        Assert.That(Markers("baseline_422_restart"), Does.Contain(0xDD).And.Contain(0xD0));
        Assert.That(Markers("progressive_444_restart"), Does.Contain(0xC2).And.Contain(0xDD).And.Contain(0xD0));
        Assert.That(Markers("progressive_420"), Does.Contain(0xC2));
        Assert.That(Markers("extended_16bit_quant"), Does.Contain(0xC1));
        Assert.That(Markers("baseline_444_exif"), Does.Contain(0xE1).And.Contain(0xFE));
        Assert.That(Markers("adobe_rgb"), Does.Contain(0xEE));
        Assert.That(Markers("arithmetic"), Does.Contain(0xC9));
    }

    [Test]
    public void Progressive_file_uses_refinement_scans()
    {
        var bytes = File.ReadAllBytes(JpegTestImages.Fixture("progressive_420.jpg"));
        var refinements = 0;
        for (var i = 0; i + 4 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xDA)
            {
                var count = bytes[i + 4];
                var approximation = bytes[i + 5 + (2 * count) + 2];
                refinements += approximation >> 4 != 0 ? 1 : 0;
            }
        }

        Assert.That(refinements, Is.GreaterThanOrEqualTo(2), "DC and AC successive-approximation scans");
    }

    [Test]
    public void Adobe_rgb_file_is_not_colour_converted()
    {
        // Same pixels stored as RGB (Adobe transform 0) and as YCbCr 4:4:4 decode alike; converting the RGB file as
        // YCbCr would shift colours by tens of levels.
        var rgb = JpegFile.Read(JpegTestImages.Fixture("adobe_rgb.jpg"));
        var ycc = JpegFile.Read(JpegTestImages.Fixture("baseline_444_exif.jpg"));

        Assert.That(JpegTestImages.Psnr(rgb.Pixels, ycc.Pixels), Is.GreaterThan(30));
    }

    [Test]
    public void Gray_files_decode_to_one_channel()
    {
        Assert.That(JpegFile.Read(JpegTestImages.Fixture("baseline_gray.jpg")).Channels, Is.EqualTo(1));
        Assert.That(JpegFile.Read(JpegTestImages.Fixture("progressive_gray.jpg")).Channels, Is.EqualTo(1));
    }

    private static List<int> Markers(string name)
    {
        var bytes = File.ReadAllBytes(JpegTestImages.Fixture(name + ".jpg"));
        var markers = new List<int>();
        for (var i = 0; i + 1 < bytes.Length; i++)
        {
            if (bytes[i] == 0xFF && bytes[i + 1] is not 0x00 and not 0xFF)
            {
                markers.Add(bytes[i + 1]);
            }
        }

        return markers;
    }
}
