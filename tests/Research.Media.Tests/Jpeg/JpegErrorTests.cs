using NUnit.Framework;
using Research.Media.Jpeg;

namespace Research.Media.Tests.Jpeg;

/// <summary>Damaged and unsupported files fail with a <see cref="MediaFormatException"/> naming the file.</summary>
public sealed class JpegErrorTests
{
    private const string Name = "frames/000123.jpg";

    private static readonly string[] Fixtures = ["baseline_420", "baseline_422_restart", "progressive_420", "progressive_444_restart", "baseline_gray"];

    [TestCaseSource(nameof(Fixtures))]
    public void Every_truncation_fails_with_the_file_name(string fixture)
    {
        var bytes = File.ReadAllBytes(JpegTestImages.Fixture(fixture + ".jpg"));
        for (var length = 0; length < bytes.Length; length++)
        {
            var e = Assert.Throws<MediaFormatException>(() => JpegDecoder.Decode(bytes.AsSpan(0, length), Name), $"cut at {length}");
            Assert.That(e!.Message, Does.StartWith(Name + ": "));
            Assert.That(e.FilePath, Is.EqualTo(Name));
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Random_damage_decodes_or_fails_cleanly(string fixture)
    {
        var original = File.ReadAllBytes(JpegTestImages.Fixture(fixture + ".jpg"));
        var random = new Random(fixture.Length);
        var failures = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var bytes = (byte[])original.Clone();
            var edits = random.Next(1, 5);
            for (var e = 0; e < edits; e++)
            {
                // Mostly hit the header area, where lengths, counts and table ids live; sometimes the scan data.
                var position = trial % 2 == 0 ? random.Next(2, Math.Min(bytes.Length, 700)) : random.Next(2, bytes.Length);
                bytes[position] = trial % 3 == 0 ? (byte)0xFF : (byte)random.Next(256);
            }

            try
            {
                var image = JpegDecoder.Decode(bytes, Name);
                Assert.That(image.Width * image.Height, Is.Positive);
            }
            catch (MediaFormatException e)
            {
                Assert.That(e.Message, Does.StartWith(Name + ": "));
                failures++;
            }
        }

        Assert.That(failures, Is.Positive, "some damage must be detected");
    }

    [Test]
    public void Not_a_jpeg()
    {
        AssertFails([], "not a JPEG");
        AssertFails("\x89PNG\r\n\x1A\n"u8.ToArray(), "not a JPEG");
        AssertFails([0xFF, 0xD8], "truncated");
    }

    [Test]
    public void Arithmetic_coding_is_rejected_with_advice()
    {
        var e = AssertFails(File.ReadAllBytes(JpegTestImages.Fixture("arithmetic.jpg")), "arithmetic-coded JPEG");
        Assert.That(e.Message, Does.Contain("not supported").And.Contain("ffmpeg -i in.jpg out.png"));
    }

    [TestCase(0xC3, "lossless JPEG")]
    [TestCase(0xC5, "hierarchical JPEG")]
    [TestCase(0xCA, "arithmetic-coded JPEG")]
    public void Other_frame_types_are_rejected(int marker, string message)
    {
        var bytes = Fixture("baseline_420");
        bytes[SegmentOffset(bytes, 0xC0) + 1] = (byte)marker;

        AssertFails(bytes, message);
    }

    [Test]
    public void Twelve_bit_samples_are_rejected()
    {
        var bytes = Fixture("extended_16bit_quant");
        bytes[SegmentOffset(bytes, 0xC1) + 4] = 12;

        AssertFails(bytes, "12-bit JPEG is not supported");
    }

    [Test]
    public void Four_component_files_are_rejected()
    {
        byte[] sof = [0xFF, 0xC0, 0, 20, 8, 0, 8, 0, 8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0];
        AssertFails([0xFF, 0xD8, .. sof, 0xFF, 0xD9], "4-component (CMYK or YCCK) JPEG is not supported");
    }

    [Test]
    public void Height_given_by_dnl_is_rejected()
    {
        var bytes = Fixture("baseline_gray");
        var sof = SegmentOffset(bytes, 0xC0);
        bytes[sof + 5] = 0;
        bytes[sof + 6] = 0;

        AssertFails(bytes, "DNL");
    }

    [Test]
    public void Oversubscribed_huffman_table_is_rejected()
    {
        var bytes = Fixture("baseline_gray");
        var dht = SegmentOffset(bytes, 0xC4);

        // Three codes of length 1 cannot exist.
        bytes[dht + 5] = 3;

        AssertFails(bytes, "Huffman");
    }

    [Test]
    public void Undefined_tables_are_rejected()
    {
        var quant = Fixture("baseline_gray");
        quant[SegmentOffset(quant, 0xC0) + 12] = 3;
        AssertFails(quant, "quantisation table 3, which is not defined");

        var huffman = Fixture("baseline_gray");
        huffman[SegmentOffset(huffman, 0xDA) + 6] = 0x33;
        AssertFails(huffman, "Huffman table that is not defined");
    }

    [Test]
    public void Wrong_restart_marker_is_rejected()
    {
        var bytes = Fixture("baseline_422_restart");
        var rst = SegmentOffset(bytes, 0xD0);
        bytes[rst + 1] = 0xD3;

        AssertFails(bytes, "expected restart marker RST0");
    }

    [Test]
    public void Missing_end_of_image_is_reported_as_truncation()
    {
        var bytes = Fixture("baseline_420");

        AssertFails(bytes[..^2], "truncated (no end-of-image marker)");
    }

    [Test]
    public void Scan_data_cut_inside_a_restart_interval_is_reported_as_truncation()
    {
        var bytes = Fixture("baseline_422_restart");
        var rst = SegmentOffset(bytes, 0xD0);

        AssertFails(bytes[..(rst - 3)], "truncated");
    }

    [Test]
    public void Marker_inside_the_scan_data_is_reported_as_corruption()
    {
        var bytes = Fixture("baseline_420");
        var sos = SegmentOffset(bytes, 0xDA);
        var start = sos + 2 + ((bytes[sos + 2] << 8) | bytes[sos + 3]);

        // An early EOI cuts the scan short while data follows.
        bytes[start + 10] = 0xFF;
        bytes[start + 11] = 0xD9;

        AssertFails(bytes, "corrupt");
    }

    [Test]
    public void Second_start_of_image_is_rejected()
    {
        var bytes = Fixture("baseline_gray");

        AssertFails([0xFF, 0xD8, .. bytes], "second start-of-image");
    }

    private static byte[] Fixture(string name) => File.ReadAllBytes(JpegTestImages.Fixture(name + ".jpg"));

    private static MediaFormatException AssertFails(byte[] bytes, string message)
    {
        var e = Assert.Throws<MediaFormatException>(() => JpegDecoder.Decode(bytes, Name))!;
        Assert.That(e.Message, Does.StartWith(Name + ": ").And.Contain(message));
        return e;
    }

    /// <summary>Offset of the first marker FF <paramref name="marker"/> outside APP and COM payloads.</summary>
    private static int SegmentOffset(byte[] bytes, int marker)
    {
        var position = 2;
        while (position + 1 < bytes.Length)
        {
            if (bytes[position] != 0xFF)
            {
                position++;
                continue;
            }

            int code = bytes[position + 1];
            if (code == marker)
            {
                return position;
            }

            // Skip segments by length so payload bytes are never mistaken for markers; inside scan data step bytewise.
            position += code is >= 0xC0 and <= 0xFE and not (>= 0xD0 and <= 0xD9) ? 2 + ((bytes[position + 2] << 8) | bytes[position + 3]) : 2;
        }

        throw new InvalidOperationException($"No marker FF{marker:X2}.");
    }
}
