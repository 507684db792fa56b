using NUnit.Framework;
using Research.Media.Png;

namespace Research.Media.Tests.Png;

/// <summary>Layouts ffmpeg does not write: 2/4-bit samples, small palettes, tRNS rules, odd chunk sequences.</summary>
public sealed class PngDecoderTests
{
    [TestCase(1, 0, 255)]
    [TestCase(2, 0, 85)]
    [TestCase(4, 0, 17)]
    [TestCase(1, 1, 255)]
    [TestCase(2, 1, 85)]
    [TestCase(4, 1, 17)]
    public void Low_bit_gray_is_unpacked_and_scaled(int bits, int interlace, int scale)
    {
        var values = Samples(11, 9, 1 << bits);
        var file = PngTestFiles.File(
            PngTestFiles.Ihdr(11, 9, bits, colorType: 0, interlace),
            PngTestFiles.Idat(Scanlines(values, bits, interlace == 1)),
            PngTestFiles.Iend());

        var image = PngDecoder.Decode(file);

        Assert.That(image.Channels, Is.EqualTo(1));
        Assert.That(image.Pixels, Is.EqualTo(values.Cast<int>().Select(v => (byte)(v * scale)).ToArray()));
    }

    [TestCase(1, 0, false)]
    [TestCase(2, 0, true)]
    [TestCase(4, 1, false)]
    [TestCase(8, 1, true)]
    public void Palette_expands_to_rgb_or_rgba_with_trns(int bits, int interlace, bool withTrns)
    {
        var entries = 1 << bits;
        var palette = new byte[entries * 3];
        for (var i = 0; i < palette.Length; i++)
        {
            palette[i] = (byte)((i * 37) + 5);
        }

        // Fewer tRNS entries than palette entries: the rest stay opaque.
        var alpha = Enumerable.Range(0, Math.Max(1, entries / 2)).Select(i => (byte)(i * 9)).ToArray();
        var values = Samples(13, 6, entries);
        var chunks = new List<byte[]> { PngTestFiles.Ihdr(13, 6, bits, colorType: 3, interlace), PngTestFiles.Chunk("PLTE", palette) };
        if (withTrns)
        {
            chunks.Add(PngTestFiles.Chunk("tRNS", alpha));
        }

        chunks.Add(PngTestFiles.Idat(Scanlines(values, bits, interlace == 1)));
        chunks.Add(PngTestFiles.Iend());

        var image = PngDecoder.Decode(PngTestFiles.File([.. chunks]));

        var channels = withTrns ? 4 : 3;
        var expected = new List<byte>();
        foreach (var index in values)
        {
            expected.AddRange(palette.AsSpan(index * 3, 3).ToArray());
            if (withTrns)
            {
                expected.Add(index < alpha.Length ? alpha[index] : (byte)255);
            }
        }

        Assert.That(image.Channels, Is.EqualTo(channels));
        Assert.That(image.Pixels, Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void Trns_on_rgb_is_ignored_and_ancillary_chunks_are_skipped()
    {
        byte[] rgb = [10, 20, 30, 40, 50, 60];
        var file = PngTestFiles.File(
            PngTestFiles.Ihdr(2, 1, 8, colorType: 2),
            PngTestFiles.Chunk("gAMA", [0, 0, 0xB1, 0x8F]),
            PngTestFiles.Chunk("tRNS", [0, 10, 0, 20, 0, 30]),
            PngTestFiles.Chunk("teSt", [1, 2, 3]),
            PngTestFiles.Idat([0, .. rgb]),
            PngTestFiles.Chunk("tEXt", "Comment\0hello"u8.ToArray()),
            PngTestFiles.Iend(),
            [1, 2, 3, 4]); // Bytes after IEND are ignored.

        var image = PngDecoder.Decode(file);

        Assert.That(image.Channels, Is.EqualTo(3));
        Assert.That(image.Pixels, Is.EqualTo(rgb));
    }

    [Test]
    public void Image_data_split_over_many_idat_chunks_including_empty_ones()
    {
        var image = PngTestImages.Noise(7, 5, 4, seed: 3);
        var scanlines = new List<byte>();
        for (var y = 0; y < 5; y++)
        {
            scanlines.Add(0);
            scanlines.AddRange(image.Pixels.AsSpan(y * 28, 28).ToArray());
        }

        var z = PngTestFiles.Deflate([.. scanlines]);
        var chunks = new List<byte[]> { PngTestFiles.Ihdr(7, 5, 8, colorType: 6), PngTestFiles.Chunk("IDAT", []) };
        for (var i = 0; i < z.Length; i += 3)
        {
            chunks.Add(PngTestFiles.Chunk("IDAT", z.AsSpan(i, Math.Min(3, z.Length - i)).ToArray()));
        }

        chunks.Add(PngTestFiles.Iend());

        PngRoundTripTests.AssertSame(PngDecoder.Decode(PngTestFiles.File([.. chunks])), image);
    }

    [Test]
    public void Sixteen_bit_rounding_covers_the_whole_range()
    {
        var width = 256;
        var height = 256;
        var scanlines = new byte[height * (1 + (2 * width))];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = (y * (1 + (2 * width))) + 1 + (2 * x);
                scanlines[o] = (byte)y;
                scanlines[o + 1] = (byte)x;
            }
        }

        var image = PngDecoder.Decode(PngTestFiles.File(PngTestFiles.Ihdr(width, height, 16, colorType: 0), PngTestFiles.Idat(scanlines), PngTestFiles.Iend()));

        var expected = Enumerable.Range(0, 65536).Select(v => (byte)Math.Round(v * 255.0 / 65535.0)).ToArray();
        Assert.That(image.Pixels, Is.EqualTo(expected));
    }

    /// <summary>Deterministic sample values below <paramref name="levels"/>, covering every level.</summary>
    private static int[,] Samples(int width, int height, int levels)
    {
        var v = new int[height, width];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                v[y, x] = ((x * 5) + (y * 3) + (x * y)) % levels;
            }
        }

        return v;
    }

    /// <summary>Packs one-sample pixels into filter-0 scanlines, per Adam7 pass when interlaced.</summary>
    private static byte[] Scanlines(int[,] values, int bits, bool interlaced)
    {
        int height = values.GetLength(0), width = values.GetLength(1);
        (int X0, int Y0, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        var output = new List<byte>();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            for (var y = y0; y < height; y += dy)
            {
                var row = new List<int>();
                for (var x = x0; x < width; x += dx)
                {
                    row.Add(values[y, x]);
                }

                if (row.Count == 0)
                {
                    break;
                }

                output.Add(0);
                var packed = new byte[((row.Count * bits) + 7) / 8];
                for (var i = 0; i < row.Count; i++)
                {
                    packed[i * bits / 8] |= (byte)(row[i] << (8 - bits - (i * bits % 8)));
                }

                output.AddRange(packed);
            }
        }

        return [.. output];
    }
}
