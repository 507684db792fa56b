using NUnit.Framework;
using Research.Media.Png;

namespace Research.Media.Tests.Png;

/// <summary>Malformed files fail with a <see cref="MediaFormatException"/> that names the problem and the source.</summary>
public sealed class PngErrorTests
{
    private static byte[] ValidFile() => PngEncoder.Encode(PngTestImages.Smooth(16, 9, 3));

    [Test]
    public void Bad_signature()
    {
        AssertRejected("hello, world, not an image"u8.ToArray(), "not a PNG file");
        AssertRejected([], "not a PNG file");
    }

    [Test]
    public void Jpeg_is_named()
    {
        AssertRejected([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46], "JPEG");
    }

    [Test]
    public void Signature_damaged_by_text_mode_transfer()
    {
        var file = ValidFile();
        byte[] damaged = [.. file.AsSpan(0, 4), 0x0A, .. file.AsSpan(6)]; // CR LF became LF

        AssertRejected(damaged, "signature is damaged");
    }

    [Test]
    public void Crc_mismatch()
    {
        var file = ValidFile();
        file[PngTestFiles.FindChunk(file, "IDAT") + 10] ^= 0x40;

        AssertRejected(file, "CRC mismatch in chunk IDAT");
    }

    [Test]
    public void Truncated_inside_a_chunk()
    {
        var file = ValidFile();

        AssertRejected(file.AsSpan(0, file.Length / 2).ToArray(), "truncated");
        AssertRejected(file.AsSpan(0, 20).ToArray(), "truncated");
    }

    [Test]
    public void Missing_iend()
    {
        var file = ValidFile();

        AssertRejected(file.AsSpan(0, file.Length - 12).ToArray(), "without an IEND chunk");
    }

    [Test]
    public void Unknown_critical_chunk()
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(1, 1, 8, 0), PngTestFiles.Chunk("CgBI", [0]), PngTestFiles.Idat([0, 7]), PngTestFiles.Iend());

        AssertRejected(file, "unknown critical chunk CgBI");
    }

    [Test]
    public void First_chunk_not_ihdr()
    {
        var file = PngTestFiles.File(PngTestFiles.Chunk("tEXt", [65, 0, 66]), PngTestFiles.Ihdr(1, 1, 8, 0), PngTestFiles.Idat([0, 7]), PngTestFiles.Iend());

        AssertRejected(file, "not IHDR");
    }

    [TestCase(2, 4)]
    [TestCase(3, 16)]
    [TestCase(6, 2)]
    [TestCase(5, 8)]
    public void Invalid_colour_type_and_depth(int colorType, int bitDepth)
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(1, 1, bitDepth, colorType), PngTestFiles.Idat([0, 0, 0, 0, 0, 0, 0, 0, 0]), PngTestFiles.Iend());

        AssertRejected(file, $"invalid colour type {colorType} with bit depth {bitDepth}");
    }

    [Test]
    public void Palette_image_without_plte()
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(1, 1, 8, 3), PngTestFiles.Idat([0, 0]), PngTestFiles.Iend());

        AssertRejected(file, "without a PLTE chunk");
    }

    [Test]
    public void Palette_index_out_of_range()
    {
        var file = PngTestFiles.File(
            PngTestFiles.Ihdr(3, 1, 8, 3), PngTestFiles.Chunk("PLTE", [1, 2, 3, 4, 5, 6]), PngTestFiles.Idat([0, 0, 1, 2]), PngTestFiles.Iend());

        AssertRejected(file, "palette index 2 is out of range");
    }

    [Test]
    public void Idat_chunks_not_consecutive()
    {
        var z = PngTestFiles.Deflate([0, 1, 0, 2]);
        var file = PngTestFiles.File(
            PngTestFiles.Ihdr(1, 2, 8, 0),
            PngTestFiles.Chunk("IDAT", z[..4]),
            PngTestFiles.Chunk("tEXt", [65, 0, 66]),
            PngTestFiles.Chunk("IDAT", z[4..]),
            PngTestFiles.Iend());

        AssertRejected(file, "not consecutive");
    }

    [Test]
    public void No_idat()
    {
        AssertRejected(PngTestFiles.File(PngTestFiles.Ihdr(1, 1, 8, 0), PngTestFiles.Iend()), "no IDAT");
    }

    [Test]
    public void Image_data_too_short()
    {
        // Three rows promised, two delivered.
        var file = PngTestFiles.File(PngTestFiles.Ihdr(2, 3, 8, 0), PngTestFiles.Idat([0, 1, 2, 0, 3, 4]), PngTestFiles.Iend());

        AssertRejected(file, "image data is short");
    }

    [Test]
    public void Image_data_far_too_long_decompression_bomb()
    {
        // A 1x1 header over 16 MB of zeros: reading must stop shortly after the 2 expected bytes.
        var file = PngTestFiles.File(PngTestFiles.Ihdr(1, 1, 8, 0), PngTestFiles.Idat(new byte[16 << 20]), PngTestFiles.Iend());

        AssertRejected(file, "inflates to more than");
    }

    [Test]
    public void Header_claims_more_than_the_data_could_hold()
    {
        // 30000x30000 would need 900 MB; refused before any allocation.
        var file = PngTestFiles.File(PngTestFiles.Ihdr(30000, 30000, 8, 0), PngTestFiles.Idat(new byte[100]), PngTestFiles.Iend());

        AssertRejected(file, "cannot hold a 30000x30000 image");
    }

    [Test]
    public void Header_too_large_for_memory()
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(100000, 100000, 8, 6), PngTestFiles.Idat(new byte[100]), PngTestFiles.Iend());

        AssertRejected(file, "too large");
    }

    [Test]
    public void Unknown_filter_type()
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(2, 2, 8, 0), PngTestFiles.Idat([0, 1, 2, 7, 3, 4]), PngTestFiles.Iend());

        AssertRejected(file, "row 1 uses unknown filter type 7");
    }

    [Test]
    public void Corrupt_zlib_stream()
    {
        var file = PngTestFiles.File(PngTestFiles.Ihdr(2, 2, 8, 0), PngTestFiles.Chunk("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF]), PngTestFiles.Iend());

        AssertRejected(file, "compressed image data is corrupt");
    }

    [Test]
    public void Message_names_the_file()
    {
        Assert.That(
            () => PngDecoder.Decode(new byte[] { 1, 2, 3 }, "frames/000042.png"),
            Throws.TypeOf<MediaFormatException>()
                .With.Message.StartsWith("frames/000042.png: ")
                .And.Property(nameof(MediaFormatException.FilePath)).EqualTo("frames/000042.png"));
    }

    private static void AssertRejected(byte[] file, string expectedText)
    {
        Assert.That(
            () => PngDecoder.Decode(file, "test.png"),
            Throws.TypeOf<MediaFormatException>().With.Message.Contains(expectedText));
    }
}
