using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.Png;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class ErNerfImagesTests
{
    [Test]
    public void ReadSize_Png_FromHeader()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("a.png");
        PngFile.Write(path, new ByteImage(37, 23, 4));

        Assert.That(ErNerfImages.ReadSize(path), Is.EqualTo((37, 23)));
    }

    [Test]
    public void ReadSize_JpegWrittenByFfmpeg_FromStartOfFrame()
    {
        ExternalTools.RequireFfmpeg();
        using var dir = new TempDirectory();
        var path = dir.Combine("a.jpg");
        ErNerfFixture.ConvertToJpeg(ErNerfFixture.Frame(0, 38, 22), path);

        Assert.That(ErNerfImages.ReadSize(path), Is.EqualTo((38, 22)));
    }

    [Test]
    public void Read_PngWithJpgExtension_IsDispatchedOnMagicBytes()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("0.jpg");
        var image = ErNerfFixture.Frame(1, 8, 6);
        PngFile.Write(path, image);

        Assert.That(ErNerfImages.Read(path).Pixels, Is.EqualTo(image.Pixels).AsCollection);
    }

    [Test]
    public void Read_Jpeg_DecodesCloseToTheSource()
    {
        ExternalTools.RequireFfmpeg();
        JpegSupport.RequireDecoder();
        using var dir = new TempDirectory();
        var path = dir.Combine("a.jpg");
        var source = ErNerfFixture.Frame(2, 40, 48);
        ErNerfFixture.ConvertToJpeg(source, path);

        var decoded = ErNerfImages.ReadRgb(path);

        Assert.That(decoded.Width, Is.EqualTo(40));
        Assert.That(MeanAbsoluteDifference(decoded, source), Is.LessThan(6), "q:v 2 JPEG of a smooth pattern");
    }

    [TestCase(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25 }, "neither PNG nor JPEG")]
    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xD9 }, "start-of-frame")]
    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 }, "start-of-frame")]
    public void ReadSize_Garbage_NamesTheFile(byte[] bytes, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("bad.jpg");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<MediaFormatException>(() => ErNerfImages.ReadSize(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain(expected));
    }

    internal static double MeanAbsoluteDifference(ByteImage a, ByteImage b)
    {
        double sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        }

        return sum / a.Pixels.Length;
    }
}
