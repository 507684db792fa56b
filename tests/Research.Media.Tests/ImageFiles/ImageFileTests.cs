using NUnit.Framework;
using Research.Media.ImageFiles;
using Research.Media.Imaging;
using Research.Media.Jpeg;
using Research.Media.Png;
using Research.Testing;

namespace Research.Media.Tests.ImageFiles;

public sealed class ImageFileTests
{
    [Test]
    public void Png_and_jpeg_are_read_by_content_whatever_the_extension()
    {
        using var dir = new TempDirectory();
        var image = Gradient(24, 16);
        var png = dir.Combine("really-a-png.jpg");
        var jpg = dir.Combine("really-a-jpeg.png");
        PngFile.Write(png, image);
        JpegFile.Write(jpg, image, 95, JpegSubsampling.Yuv444);

        var fromPng = ImageFile.Read(png);
        var fromJpg = ImageFile.Read(jpg);

        Assert.That(fromPng.Pixels, Is.EqualTo(image.Pixels), "PNG is lossless");
        Assert.That(fromJpg.Pixels, Is.EqualTo(JpegFile.Read(jpg).Pixels), "JPEG goes through the JPEG decoder");
        Assert.That((fromJpg.Width, fromJpg.Height, fromJpg.Channels), Is.EqualTo((24, 16, 3)));
    }

    [Test]
    public void Formats_are_detected_from_the_first_bytes()
    {
        Assert.That(ImageFile.DetectFormat(PngEncoder.Encode(Gradient(2, 2))), Is.EqualTo(ImageFileFormat.Png));
        Assert.That(ImageFile.DetectFormat(JpegEncoder.Encode(Gradient(2, 2))), Is.EqualTo(ImageFileFormat.Jpeg));
        Assert.That(ImageFile.DetectFormat([0xFF, 0xD8]), Is.EqualTo(ImageFileFormat.Unknown));
        Assert.That(ImageFile.DetectFormat("GIF89a"u8), Is.EqualTo(ImageFileFormat.Unknown));
        Assert.That(ImageFile.DetectFormat([]), Is.EqualTo(ImageFileFormat.Unknown));
    }

    [Test]
    public void Unknown_formats_name_the_file_and_a_fix()
    {
        using var dir = new TempDirectory();
        var gif = dir.Combine("frame.gif");
        var empty = dir.Combine("empty.png");
        var text = dir.Combine("notes.jpg");
        File.WriteAllBytes(gif, "GIF89a\x01\x00\x01\x00"u8.ToArray());
        File.WriteAllBytes(empty, []);
        File.WriteAllText(text, "hello");

        Assert.That(() => ImageFile.Read(gif), Throws.TypeOf<MediaFormatException>()
            .With.Message.StartsWith(gif + ": ").And.Message.Contains("GIF").And.Message.Contains("ffmpeg"));
        Assert.That(() => ImageFile.Read(empty), Throws.TypeOf<MediaFormatException>()
            .With.Message.StartsWith(empty + ": ").And.Message.Contains("empty"));
        Assert.That(() => ImageFile.Read(text), Throws.TypeOf<MediaFormatException>()
            .With.Message.StartsWith(text + ": ").And.Message.Contains("68656C6C6F"));
    }

    [Test]
    public void Damaged_files_report_the_decoders_error()
    {
        var bytes = JpegEncoder.Encode(Gradient(16, 16));

        Assert.That(() => ImageFile.Decode(bytes.AsMemory(0, bytes.Length - 20), "cut.jpg"),
            Throws.TypeOf<MediaFormatException>().With.Message.StartsWith("cut.jpg: ").And.Message.Contains("truncated"));
    }

    private static ByteImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)((i * 7) % 251);
        }

        return new ByteImage(width, height, 3, pixels);
    }
}
