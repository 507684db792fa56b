using NUnit.Framework;
using Research.Media.Imaging;
using Research.Media.Jpeg;
using Research.Testing;

namespace Research.Media.Tests.Jpeg;

public sealed class JpegEncoderTests
{
    // Measured 48.5 (4:2:0), 48.3 (4:2:2) and 49.9 dB (4:4:4).
    [TestCase(JpegSubsampling.Yuv420)]
    [TestCase(JpegSubsampling.Yuv422)]
    [TestCase(JpegSubsampling.Yuv444)]
    public void Smooth_image_round_trips_above_35_db_at_quality_95(JpegSubsampling subsampling)
    {
        var image = JpegTestImages.Smooth(128, 96);

        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(image, 95, subsampling));

        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((128, 96, 3)));
        Assert.That(JpegTestImages.Psnr(decoded.Pixels, image.Pixels), Is.GreaterThan(35));
    }

    [Test]
    public void Gray_image_is_written_as_one_component()
    {
        var image = JpegTestImages.Smooth(50, 30, channels: 1);

        var bytes = JpegEncoder.Encode(image);
        var decoded = JpegDecoder.Decode(bytes);

        Assert.That(decoded.Channels, Is.EqualTo(1));
        Assert.That(JpegTestImages.Psnr(decoded.Pixels, image.Pixels), Is.GreaterThan(40));
        var sof = JpegTestImages.HeaderSegments(bytes).Single(s => s.Marker == 0xC0).Body;
        Assert.That(sof[5], Is.EqualTo(1), "component count");
    }

    [TestCase(JpegSubsampling.Yuv420, 0x22)]
    [TestCase(JpegSubsampling.Yuv422, 0x21)]
    [TestCase(JpegSubsampling.Yuv444, 0x11)]
    public void Frame_header_declares_the_requested_subsampling(JpegSubsampling subsampling, int lumaSampling)
    {
        var bytes = JpegEncoder.Encode(JpegTestImages.Smooth(20, 10), 80, subsampling);

        var segments = JpegTestImages.HeaderSegments(bytes);
        var sof = segments.Single(s => s.Marker == 0xC0).Body;
        Assert.That(sof[0], Is.EqualTo(8), "precision");
        Assert.That((sof[1] << 8) | sof[2], Is.EqualTo(10), "height");
        Assert.That((sof[3] << 8) | sof[4], Is.EqualTo(20), "width");
        Assert.That(sof.AsSpan(5).ToArray(), Is.EqualTo(new byte[] { 3, 1, (byte)lumaSampling, 0, 2, 0x11, 1, 3, 0x11, 1 }));
        Assert.That(segments[0].Marker, Is.EqualTo(0xE0), "JFIF APP0 first");
        Assert.That(segments[0].Body.AsSpan(0, 5).ToArray(), Is.EqualTo("JFIF\0"u8.ToArray()));
    }

    [Test]
    public void Tables_equal_libjpegs_at_the_same_quality()
    {
        // baseline_420.jpg was written by libjpeg at quality 90 with its default (annex K) Huffman tables.
        var libjpeg = JpegTestImages.HeaderSegments(File.ReadAllBytes(JpegTestImages.Fixture("baseline_420.jpg")));
        var ours = JpegTestImages.HeaderSegments(JpegEncoder.Encode(JpegTestImages.Smooth(45, 29), 90));

        Assert.That(Tables(ours, 0xDB), Is.EqualTo(Tables(libjpeg, 0xDB)), "quantisation tables");
        Assert.That(Tables(ours, 0xC4), Is.EqualTo(Tables(libjpeg, 0xC4)), "Huffman tables");
    }

    [Test]
    public void Quality_50_is_annex_k_and_quality_100_is_all_ones()
    {
        // Annex K table K.1, natural order, as printed in the standard.
        int[] k1 =
        [
            16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
        ];

        Assert.That(JpegEncoder.ScaledQuantTable(JpegStandardTables.LuminanceQuant, 50).Select(b => (int)b), Is.EqualTo(k1));
        Assert.That(JpegEncoder.ScaledQuantTable(JpegStandardTables.LuminanceQuant, 100), Is.All.EqualTo(1));
        Assert.That(JpegEncoder.ScaledQuantTable(JpegStandardTables.ChrominanceQuant, 1), Is.All.EqualTo(255));
    }

    [TestCase(1, 1)]
    [TestCase(7, 3)]
    [TestCase(37, 23)]
    [TestCase(16, 16)]
    [TestCase(17, 33)]
    public void Sizes_that_are_not_whole_mcus_round_trip(int width, int height)
    {
        var image = JpegTestImages.Smooth(width, height);

        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(image, 95, JpegSubsampling.Yuv444));

        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((width, height)));
        Assert.That(JpegTestImages.Psnr(decoded.Pixels, image.Pixels), Is.GreaterThan(35));
    }

    [Test]
    public void Extreme_qualities_encode_valid_files()
    {
        var image = JpegTestImages.Smooth(40, 24);

        var worst = JpegDecoder.Decode(JpegEncoder.Encode(image, 1));
        var best = JpegDecoder.Decode(JpegEncoder.Encode(image, 100, JpegSubsampling.Yuv444));

        Assert.That(JpegTestImages.Psnr(worst.Pixels, image.Pixels), Is.GreaterThan(15));
        Assert.That(JpegTestImages.Psnr(best.Pixels, image.Pixels), Is.GreaterThan(45));
    }

    [Test]
    public void Saturated_colours_and_noise_stay_within_the_huffman_tables()
    {
        // Full-range noise at quality 100 drives coefficients to their largest magnitudes.
        var pixels = new byte[64 * 32 * 3];
        new Random(5).NextBytes(pixels);
        var image = new ByteImage(64, 32, 3, pixels);

        var decoded = JpegDecoder.Decode(JpegEncoder.Encode(image, 100, JpegSubsampling.Yuv444));

        Assert.That(JpegTestImages.Psnr(decoded.Pixels, image.Pixels), Is.GreaterThan(30));
    }

    [Test]
    public void Output_depends_only_on_the_input()
    {
        var first = JpegEncoder.Encode(JpegTestImages.Smooth(61, 47), 90);
        var second = JpegEncoder.Encode(JpegTestImages.Smooth(61, 47), 90);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Stream_overload_writes_the_same_bytes()
    {
        var image = JpegTestImages.Smooth(30, 20);
        using var stream = new MemoryStream();

        JpegEncoder.Encode(image, stream, 85, JpegSubsampling.Yuv422);

        Assert.That(stream.ToArray(), Is.EqualTo(JpegEncoder.Encode(image, 85, JpegSubsampling.Yuv422)));
    }

    [Test]
    public void Invalid_arguments_are_rejected()
    {
        var rgba = new ByteImage(4, 4, 4);
        var rgb = new ByteImage(4, 4, 3);

        Assert.That(() => JpegEncoder.Encode(rgba), Throws.ArgumentException.With.Message.Contains("alpha"));
        Assert.That(() => JpegEncoder.Encode(new ByteImage(4, 4, 2)), Throws.ArgumentException);
        Assert.That(() => JpegEncoder.Encode(rgb, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => JpegEncoder.Encode(rgb, 101), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => JpegEncoder.Encode(rgb, 90, (JpegSubsampling)7), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => JpegEncoder.Encode(new ByteImage(70000, 1, 1)), Throws.ArgumentException.With.Message.Contains("65535"));
    }

    [Test]
    public void File_write_replaces_atomically_and_reads_back()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("sub", "frame.jpg");
        File.WriteAllBytes(dir.Combine("placeholder"), []);
        var image = JpegTestImages.Smooth(32, 24);

        JpegFile.Write(path, new ByteImage(8, 8, 3));
        JpegFile.Write(path, image, 95);

        var decoded = JpegFile.Read(path);
        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((32, 24)));
        Assert.That(Directory.GetFiles(dir.Combine("sub")), Has.Length.EqualTo(1), "no temporary files left behind");
    }

    [Test]
    public void Ffmpeg_decodes_our_files_to_the_same_planes_and_close_to_the_source()
    {
        ExternalTools.RequireFfmpeg();
        using var dir = new TempDirectory();
        var image = JpegTestImages.Smooth(99, 75);
        var cases = new[] { (JpegSubsampling.Yuv420, "yuvj420p"), (JpegSubsampling.Yuv422, "yuvj422p"), (JpegSubsampling.Yuv444, "yuvj444p") };
        foreach (var (subsampling, pixFmt) in cases)
        {
            JpegFile.Write(dir.Combine($"{pixFmt}.jpg"), image, 95, subsampling);
        }

        Png.FfmpegFrames.DecodeToRaw(cases.SelectMany(c => new[]
        {
            (dir.Combine($"{c.Item2}.jpg"), c.Item2, dir.Combine($"{c.Item2}.raw")),
            (dir.Combine($"{c.Item2}.jpg"), "rgb24", dir.Combine($"{c.Item2}.rgb")),
        }));

        foreach (var (_, pixFmt) in cases)
        {
            using var frame = JpegDecoder.DecodeFrame(File.ReadAllBytes(dir.Combine($"{pixFmt}.jpg")), pixFmt);
            var ours = frame.Components.SelectMany(c => Enumerable.Range(0, c.Height).SelectMany(y => c.Plane.AsSpan(y * c.Stride, c.Width).ToArray())).ToArray();
            var (max, _) = JpegTestImages.Difference(ours, File.ReadAllBytes(dir.Combine($"{pixFmt}.raw")));
            Assert.That(max, Is.LessThanOrEqualTo(1), $"{pixFmt}: ffmpeg's planes against ours (IDCT rounding only)");
            Assert.That(JpegTestImages.Psnr(File.ReadAllBytes(dir.Combine($"{pixFmt}.rgb")), image.Pixels), Is.GreaterThan(35), $"{pixFmt}: ffmpeg's RGB against the source");
        }
    }

    private static List<string> Tables(List<(byte Marker, byte[] Body)> segments, byte marker) =>
        segments.Where(s => s.Marker == marker).Select(s => Convert.ToHexString(s.Body)).Order(StringComparer.Ordinal).ToList();
}
