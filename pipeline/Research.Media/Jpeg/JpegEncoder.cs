using System.Buffers;
using System.Numerics;
using Research.Media.Imaging;

namespace Research.Media.Jpeg;

/// <summary>
/// Encodes <see cref="ByteImage"/>s as baseline JPEG (SOF0) with a JFIF APP0 header: gray images as one component,
/// RGB as full-range YCbCr with chroma subsampled 4:2:0 (default), 4:2:2 or 4:4:4. Quantisation uses the annex K
/// tables scaled by libjpeg's quality formula, entropy coding the annex K Huffman tables. Output depends only on the
/// pixels and the arguments.
/// </summary>
public static class JpegEncoder
{
    /// <summary>Encodes an image to a new byte array.</summary>
    /// <param name="image">A 1-channel (gray) or 3-channel (RGB) image; drop alpha first (<see cref="ByteImage.WithoutAlpha"/>).</param>
    /// <param name="quality">1–100 on the libjpeg scale (50 = the annex K tables as printed, 100 = all quantisers 1).</param>
    /// <param name="subsampling">Chroma subsampling for RGB images (ignored for gray).</param>
    /// <returns>The complete JPEG file.</returns>
    public static byte[] Encode(ByteImage image, int quality = 95, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        var writer = EncodeToWriter(image, quality, subsampling);
        return writer.Written.ToArray();
    }

    /// <summary>Encodes an image and writes the complete JPEG file to a stream.</summary>
    /// <param name="image">A 1-channel (gray) or 3-channel (RGB) image.</param>
    /// <param name="destination">Receives the file; left open.</param>
    /// <param name="quality">1–100 on the libjpeg scale.</param>
    /// <param name="subsampling">Chroma subsampling for RGB images (ignored for gray).</param>
    public static void Encode(ByteImage image, Stream destination, int quality = 95, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var writer = EncodeToWriter(image, quality, subsampling);
        destination.Write(writer.Written);
    }

    /// <summary>
    /// The quantisation table for a quality on libjpeg's scale (natural order): the annex K table scaled by
    /// 5000/q percent below 50 and 200−2q percent from 50, rounded, clamped to 1–255.
    /// </summary>
    internal static byte[] ScaledQuantTable(ReadOnlySpan<byte> baseTable, int quality)
    {
        var percent = quality < 50 ? 5000 / quality : 200 - (2 * quality);
        var table = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            table[i] = (byte)Math.Clamp(((baseTable[i] * percent) + 50) / 100, 1, 255);
        }

        return table;
    }

    private static JpegBitWriter EncodeToWriter(ByteImage image, int quality, JpegSubsampling subsampling)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (!Enum.IsDefined(subsampling))
        {
            throw new ArgumentOutOfRangeException(nameof(subsampling), subsampling, "Unknown chroma subsampling.");
        }

        if (image.Channels is not (1 or 3))
        {
            throw new ArgumentException($"JPEG stores gray or RGB images, not {image.Channels} channels; drop the alpha channel first (ByteImage.WithoutAlpha).", nameof(image));
        }

        if (image.Width > ushort.MaxValue || image.Height > ushort.MaxValue)
        {
            throw new ArgumentException($"JPEG images are at most 65535 pixels wide and high, not {image.Width}x{image.Height}.", nameof(image));
        }

        var gray = image.Channels == 1;
        var (h, v) = gray ? (1, 1) : subsampling switch
        {
            JpegSubsampling.Yuv420 => (2, 2),
            JpegSubsampling.Yuv422 => (2, 1),
            _ => (1, 1),
        };

        var luminanceQuant = ScaledQuantTable(JpegStandardTables.LuminanceQuant, quality);
        var chrominanceQuant = ScaledQuantTable(JpegStandardTables.ChrominanceQuant, quality);
        var writer = new JpegBitWriter((image.Width * image.Height / 2) + 1024);
        WriteHeaders(writer, image, gray, h, v, luminanceQuant, chrominanceQuant);

        var mcusX = (image.Width + (8 * h) - 1) / (8 * h);
        var mcusY = (image.Height + (8 * v) - 1) / (8 * v);
        var planes = new EncoderPlanes(image, mcusX * 8 * h, mcusY * 8 * v, h, v);
        try
        {
            WriteScan(writer, planes, gray, h, v, mcusX, mcusY, luminanceQuant, chrominanceQuant);
        }
        finally
        {
            planes.Dispose();
        }

        writer.WriteBytes([0xFF, JpegMarkers.Eoi]);
        return writer;
    }

    private static void WriteHeaders(JpegBitWriter w, ByteImage image, bool gray, int h, int v, byte[] luminanceQuant, byte[] chrominanceQuant)
    {
        w.WriteBytes([0xFF, JpegMarkers.Soi]);

        // JFIF 1.01, no units, 1:1 pixel aspect, no thumbnail.
        w.WriteBytes([0xFF, JpegMarkers.App0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);

        WriteQuantTable(w, 0, luminanceQuant);
        if (!gray)
        {
            WriteQuantTable(w, 1, chrominanceQuant);
        }

        var components = gray ? 1 : 3;
        w.WriteBytes([0xFF, JpegMarkers.Sof0]);
        w.WriteUInt16(8 + (3 * components));
        w.WriteBytes([8]);
        w.WriteUInt16(image.Height);
        w.WriteUInt16(image.Width);
        w.WriteBytes([(byte)components, 1, (byte)((h << 4) | v), 0]);
        if (!gray)
        {
            w.WriteBytes([2, 0x11, 1, 3, 0x11, 1]);
        }

        WriteHuffmanTable(w, 0x00, JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcLuminanceSymbols);
        WriteHuffmanTable(w, 0x10, JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceSymbols);
        if (!gray)
        {
            WriteHuffmanTable(w, 0x01, JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcChrominanceSymbols);
            WriteHuffmanTable(w, 0x11, JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceSymbols);
        }

        w.WriteBytes([0xFF, JpegMarkers.Sos]);
        w.WriteUInt16(6 + (2 * components));
        w.WriteBytes([(byte)components, 1, 0x00]);
        if (!gray)
        {
            w.WriteBytes([2, 0x11, 3, 0x11]);
        }

        w.WriteBytes([0, 63, 0]);
    }

    private static void WriteQuantTable(JpegBitWriter w, int id, byte[] natural)
    {
        w.WriteBytes([0xFF, JpegMarkers.Dqt]);
        w.WriteUInt16(67);
        w.WriteBytes([(byte)id]);
        var zigzag = JpegZigZag.ToNatural;
        for (var k = 0; k < 64; k++)
        {
            w.WriteBytes([natural[zigzag[k]]]);
        }
    }

    private static void WriteHuffmanTable(JpegBitWriter w, int classAndId, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        w.WriteBytes([0xFF, JpegMarkers.Dht]);
        w.WriteUInt16(2 + 1 + 16 + symbols.Length);
        w.WriteBytes([(byte)classAndId]);
        w.WriteBytes(counts);
        w.WriteBytes(symbols);
    }

    private static void WriteScan(JpegBitWriter w, EncoderPlanes planes, bool gray, int h, int v, int mcusX, int mcusY, byte[] luminanceQuant, byte[] chrominanceQuant)
    {
        var dcLuminance = new JpegHuffmanEncoder(JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcLuminanceSymbols);
        var acLuminance = new JpegHuffmanEncoder(JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceSymbols);
        var dcChrominance = new JpegHuffmanEncoder(JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcChrominanceSymbols);
        var acChrominance = new JpegHuffmanEncoder(JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceSymbols);
        Span<float> luminanceReciprocals = stackalloc float[64];
        Span<float> chrominanceReciprocals = stackalloc float[64];
        for (var i = 0; i < 64; i++)
        {
            luminanceReciprocals[i] = 1f / luminanceQuant[i];
            chrominanceReciprocals[i] = 1f / chrominanceQuant[i];
        }

        Span<float> samples = stackalloc float[64];
        Span<int> coefficients = stackalloc int[64];
        var previousDc = new int[3];
        for (var mcuY = 0; mcuY < mcusY; mcuY++)
        {
            for (var mcuX = 0; mcuX < mcusX; mcuX++)
            {
                for (var by = 0; by < v; by++)
                {
                    for (var bx = 0; bx < h; bx++)
                    {
                        planes.LoadBlock(0, (mcuX * h) + bx, (mcuY * v) + by, samples);
                        JpegFdct.TransformAndQuantize(samples, luminanceReciprocals, coefficients);
                        EncodeBlock(w, coefficients, ref previousDc[0], dcLuminance, acLuminance);
                    }
                }

                if (!gray)
                {
                    for (var c = 1; c < 3; c++)
                    {
                        planes.LoadBlock(c, mcuX, mcuY, samples);
                        JpegFdct.TransformAndQuantize(samples, chrominanceReciprocals, coefficients);
                        EncodeBlock(w, coefficients, ref previousDc[c], dcChrominance, acChrominance);
                    }
                }
            }
        }

        w.FlushBits();
    }

    private static void EncodeBlock(JpegBitWriter w, ReadOnlySpan<int> coefficients, ref int previousDc, JpegHuffmanEncoder dc, JpegHuffmanEncoder ac)
    {
        // Eight-bit samples keep DC differences within 11 bits and AC values within 10; the clamps only guard that.
        var diff = Math.Clamp(coefficients[0] - previousDc, -2047, 2047);
        previousDc += diff;
        var size = Magnitude(diff);
        w.WriteBits(dc.Codes[size], dc.Lengths[size]);
        w.WriteBits(diff < 0 ? diff - 1 : diff, size);

        var zigzag = JpegZigZag.ToNatural;
        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = Math.Clamp(coefficients[zigzag[k]], -1023, 1023);
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run > 15; run -= 16)
            {
                w.WriteBits(ac.Codes[0xF0], ac.Lengths[0xF0]);
            }

            size = Magnitude(value);
            var symbol = (run << 4) | size;
            w.WriteBits(ac.Codes[symbol], ac.Lengths[symbol]);
            w.WriteBits(value < 0 ? value - 1 : value, size);
            run = 0;
        }

        if (run > 0)
        {
            w.WriteBits(ac.Codes[0x00], ac.Lengths[0x00]);
        }
    }

    private static int Magnitude(int value) => 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(value));

    /// <summary>
    /// The component planes, padded to whole MCUs by repeating the last column and row (padding that is cheap to code
    /// and does not bleed into the image when decoded). Chroma is averaged over each 2×2 or 2×1 cell.
    /// </summary>
    private sealed class EncoderPlanes : IDisposable
    {
        private readonly byte[][] planes;
        private readonly int[] strides;

        public EncoderPlanes(ByteImage image, int paddedWidth, int paddedHeight, int h, int v)
        {
            var count = image.Channels == 1 ? 1 : 3;
            planes = new byte[count][];
            strides = new int[count];
            var lumaSize = paddedWidth * paddedHeight;
            planes[0] = ArrayPool<byte>.Shared.Rent(lumaSize);
            strides[0] = paddedWidth;
            if (count == 1)
            {
                FillGray(image, paddedWidth, paddedHeight);
                return;
            }

            var cb = ArrayPool<byte>.Shared.Rent(lumaSize);
            var cr = ArrayPool<byte>.Shared.Rent(lumaSize);
            try
            {
                FillYCbCr(image, paddedWidth, paddedHeight, cb, cr);
                var chromaWidth = paddedWidth / h;
                var chromaHeight = paddedHeight / v;
                for (var c = 1; c < 3; c++)
                {
                    planes[c] = ArrayPool<byte>.Shared.Rent(chromaWidth * chromaHeight);
                    strides[c] = chromaWidth;
                    Downsample(c == 1 ? cb : cr, paddedWidth, planes[c], chromaWidth, chromaHeight, h, v);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(cb);
                ArrayPool<byte>.Shared.Return(cr);
            }
        }

        /// <summary>Copies the 8×8 block at block coordinates (bx, by) of a component, minus 128.</summary>
        public void LoadBlock(int component, int bx, int by, Span<float> samples)
        {
            var plane = planes[component];
            var stride = strides[component];
            for (var y = 0; y < 8; y++)
            {
                var row = plane.AsSpan((((by * 8) + y) * stride) + (bx * 8), 8);
                for (var x = 0; x < 8; x++)
                {
                    samples[(y * 8) + x] = row[x] - 128f;
                }
            }
        }

        public void Dispose()
        {
            foreach (var plane in planes)
            {
                if (plane is not null)
                {
                    ArrayPool<byte>.Shared.Return(plane);
                }
            }
        }

        private static void Downsample(byte[] full, int fullStride, byte[] plane, int width, int height, int h, int v)
        {
            var cells = h * v;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < v; dy++)
                    {
                        for (var dx = 0; dx < h; dx++)
                        {
                            sum += full[((((y * v) + dy) * fullStride) + (x * h)) + dx];
                        }
                    }

                    plane[(y * width) + x] = (byte)((sum + (cells / 2)) / cells);
                }
            }
        }

        private void FillGray(ByteImage image, int paddedWidth, int paddedHeight)
        {
            var plane = planes[0];
            for (var y = 0; y < paddedHeight; y++)
            {
                var source = image.Pixels.AsSpan(Math.Min(y, image.Height - 1) * image.Width, image.Width);
                var row = plane.AsSpan(y * paddedWidth, paddedWidth);
                source.CopyTo(row);
                row[image.Width..].Fill(source[^1]);
            }
        }

        // Full-range BT.601 (JFIF) in 16-bit fixed point, rounded; Cb/Cr clamped because 255.5 would round to 256.
        private void FillYCbCr(ByteImage image, int paddedWidth, int paddedHeight, byte[] cb, byte[] cr)
        {
            var luma = planes[0];
            var width = image.Width;
            for (var y = 0; y < paddedHeight; y++)
            {
                var source = image.Pixels.AsSpan(Math.Min(y, image.Height - 1) * width * 3, width * 3);
                var o = y * paddedWidth;
                for (var x = 0; x < paddedWidth; x++)
                {
                    var p = 3 * Math.Min(x, width - 1);
                    int r = source[p];
                    int g = source[p + 1];
                    int b = source[p + 2];
                    luma[o + x] = (byte)(((19595 * r) + (38470 * g) + (7471 * b) + 32768) >> 16);
                    cb[o + x] = (byte)Math.Min(((-11059 * r) - (21709 * g) + (32768 * b) + (128 << 16) + 32768) >> 16, 255);
                    cr[o + x] = (byte)Math.Min(((32768 * r) - (27439 * g) - (5329 * b) + (128 << 16) + 32768) >> 16, 255);
                }
            }
        }
    }
}
