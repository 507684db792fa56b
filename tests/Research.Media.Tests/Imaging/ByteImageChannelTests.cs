using NUnit.Framework;
using Research.Media.Imaging;

namespace Research.Media.Tests.Imaging;

public class ByteImageChannelTests
{
    [Test]
    public void Should_drop_alpha_and_keep_gray_or_colour()
    {
        var rgba = new ByteImage(2, 1, 4, [1, 2, 3, 200, 4, 5, 6, 100]);
        var grayAlpha = new ByteImage(2, 1, 2, [7, 255, 8, 0]);

        Assert.That(rgba.WithoutAlpha().Pixels, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(rgba.WithoutAlpha().Channels, Is.EqualTo(3));
        Assert.That(grayAlpha.WithoutAlpha().Pixels, Is.EqualTo(new byte[] { 7, 8 }));
        Assert.That(grayAlpha.WithoutAlpha().Channels, Is.EqualTo(1));
    }

    [Test]
    public void Should_convert_gray_and_rgba_to_rgb()
    {
        var gray = new ByteImage(2, 1, 1, [9, 10]);
        var rgba = new ByteImage(1, 1, 4, [1, 2, 3, 4]);
        var rgb = new ByteImage(1, 1, 3, [5, 6, 7]);

        Assert.That(gray.ToRgb().Pixels, Is.EqualTo(new byte[] { 9, 9, 9, 10, 10, 10 }));
        Assert.That(rgba.ToRgb().Pixels, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(rgb.ToRgb(), Is.SameAs(rgb));
    }
}
