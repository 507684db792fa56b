using System.Buffers.Binary;
using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Research.Media.Imaging;

namespace Research.Media.Png;

/// <summary>
/// Decodes PNG files into <see cref="ByteImage"/>s.
/// </summary>
/// <remarks>
/// <para>Supported: every colour type (gray, RGB, palette, gray+alpha, RGBA) at every bit depth the format allows,
/// Adam7 interlacing, and all five filter types. Output channels follow the file: gray 1, gray+alpha 2, RGB 3, RGBA 4;
/// palette images become RGB, or RGBA when a tRNS chunk is present. Gray at 1/2/4 bits is scaled to 0..255; 16-bit
/// samples are reduced to 8 bits with rounding (v * 255 / 65535).</para>
/// <para>Ignored: tRNS on gray and RGB images (the colour-key transparency is not turned into an alpha channel), gamma
/// and colour-space chunks, text and every other ancillary chunk, and data after IEND. APNG files decode to their
/// default image.</para>
/// <para>Rejected with <see cref="MediaFormatException"/>: a bad signature, a truncated file, a CRC mismatch, an unknown
/// critical chunk, invalid header fields, and image data that inflates to too few or far too many bytes (the raw size
/// is known from IHDR, which also bounds memory use against decompression bombs).</para>
/// </remarks>
public static class PngDecoder
{
    private const string DefaultSource = "PNG data";

    // Deflate cannot expand data by much more than 1032:1, so a header that needs more is lying or the data is missing.
    private const long MaxInflateRatio = 1032;

    // Some encoders leave a few stray bytes after the last scanline; tolerate that much surplus, reject more.
    private const int MaxSurplusBytes = 4096;

    private const string CorruptFix = "the file is corrupt; re-export or re-download it";
    private const string ConvertFix = "convert it with ffmpeg -i in.png -pix_fmt rgba out.png";

    // Adam7 passes: first column, first row, column step, row step.
    private static ReadOnlySpan<byte> Adam7X0 => [0, 4, 0, 2, 0, 1, 0];

    private static ReadOnlySpan<byte> Adam7Y0 => [0, 0, 4, 0, 2, 0, 1];

    private static ReadOnlySpan<byte> Adam7Dx => [8, 8, 4, 4, 2, 2, 1];

    private static ReadOnlySpan<byte> Adam7Dy => [8, 8, 8, 4, 4, 2, 2];

    /// <summary>Decodes a PNG held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="source">File name or description used in error messages.</param>
    /// <returns>The image with 1–4 channels as described on <see cref="PngDecoder"/>.</returns>
    /// <exception cref="MediaFormatException">The data is not a valid PNG or uses an unsupported feature.</exception>
    public static ByteImage Decode(ReadOnlyMemory<byte> data, string source = DefaultSource)
    {
        ArgumentNullException.ThrowIfNull(source);
        var chunks = ParseChunks(data.Span, source);
        var h = chunks.Header;
        var outChannels = h.ColorType switch
        {
            PngHeader.ColorGray => 1,
            PngHeader.ColorGrayAlpha => 2,
            PngHeader.ColorRgb => 3,
            PngHeader.ColorPalette => chunks.HasTransparency ? 4 : 3,
            _ => 4,
        };

        var pixelBytes = (long)h.Width * h.Height * outChannels;
        var rawBytes = RawSize(h);
        if (pixelBytes > Array.MaxLength || rawBytes > Array.MaxLength)
        {
            throw Error(source, $"the image is {h.Width}x{h.Height}, too large to decode into memory; scale it down with ffmpeg -vf scale first.");
        }

        if (rawBytes > (chunks.IdatBytes * MaxInflateRatio) + 1024)
        {
            throw Error(source, $"{chunks.IdatBytes} bytes of compressed image data cannot hold a {h.Width}x{h.Height} image (IHDR or IDAT is damaged); {CorruptFix}.");
        }

        var raw = ArrayPool<byte>.Shared.Rent((int)rawBytes);
        try
        {
            Inflate(data, chunks.IdatSegments, raw.AsSpan(0, (int)rawBytes), source);
            // Every byte is written below, so skip zeroing a buffer that is often megabytes.
            var pixels = GC.AllocateUninitializedArray<byte>((int)pixelBytes);
            var converter = new RowConverter(h, chunks.Palette, chunks.PaletteCount, outChannels, source);
            if (h.Interlaced)
            {
                ReconstructAdam7(h, raw.AsSpan(0, (int)rawBytes), pixels, converter, source);
            }
            else
            {
                Reconstruct(h, raw.AsSpan(0, (int)rawBytes), pixels, converter, source);
            }

            return new ByteImage(h.Width, h.Height, outChannels, pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Decodes a PNG read from a stream (read to its end).</summary>
    /// <param name="stream">Stream positioned at the PNG signature.</param>
    /// <param name="source">File name or description used in error messages.</param>
    /// <returns>The image with 1–4 channels as described on <see cref="PngDecoder"/>.</returns>
    /// <exception cref="MediaFormatException">The data is not a valid PNG or uses an unsupported feature.</exception>
    public static ByteImage Decode(Stream stream, string source = DefaultSource)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var capacity = stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position, 0, Array.MaxLength) : 0;
        using var copy = new MemoryStream(capacity);
        stream.CopyTo(copy);
        return Decode(copy.GetBuffer().AsMemory(0, (int)copy.Length), source);
    }

    private static ParsedChunks ParseChunks(ReadOnlySpan<byte> file, string source)
    {
        CheckSignature(file, source);
        var result = new ParsedChunks();
        var haveHeader = false;
        var havePalette = false;
        var idatState = 0; // 0 none yet, 1 inside the IDAT run, 2 after it
        var pos = PngChunks.Signature.Length;
        while (true)
        {
            if (pos == file.Length)
            {
                throw Error(source, $"the file ends after {pos} bytes without an IEND chunk (truncated); {CorruptFix}.");
            }

            if (file.Length - pos < PngChunks.Overhead)
            {
                throw Error(source, $"the file is truncated inside a chunk header at byte {pos}; {CorruptFix}.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(file[pos..]);
            var type = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 4)..]);
            var name = PngChunks.Name(type);
            if (!PngChunks.IsValidType(type) || length > int.MaxValue)
            {
                throw Error(source, $"invalid chunk header at byte {pos} (type {name}, length {length}); {CorruptFix}.");
            }

            if (file.Length - pos - PngChunks.Overhead < length)
            {
                throw Error(source, $"the file is truncated: chunk {name} at byte {pos} needs {length + PngChunks.Overhead} bytes but only {file.Length - pos} remain; {CorruptFix}.");
            }

            var body = file.Slice(pos + 8, (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(file[(pos + 8 + (int)length)..]);
            var computed = PngCrc32.Compute(file.Slice(pos + 4, 4 + (int)length));
            if (stored != computed)
            {
                throw Error(source, $"CRC mismatch in chunk {name} at byte {pos} (stored 0x{stored:X8}, computed 0x{computed:X8}); {CorruptFix}.");
            }

            if (!haveHeader && type != PngChunks.Ihdr)
            {
                throw Error(source, $"the first chunk is {name}, not IHDR; {CorruptFix}.");
            }

            if (idatState == 1 && type != PngChunks.Idat)
            {
                idatState = 2;
            }

            switch (type)
            {
                case PngChunks.Ihdr:
                    if (haveHeader)
                    {
                        throw Error(source, $"a second IHDR chunk at byte {pos}; {CorruptFix}.");
                    }

                    result.Header = ParseHeader(body, source);
                    haveHeader = true;
                    break;

                case PngChunks.Plte:
                    if (idatState != 0 || havePalette || length % 3 != 0 || length is 0 or > 768)
                    {
                        throw Error(source, $"invalid PLTE chunk ({length} bytes, must be 3 to 768 bytes in steps of 3, once, before IDAT); {CorruptFix}.");
                    }

                    if (result.Header.ColorType is PngHeader.ColorGray or PngHeader.ColorGrayAlpha)
                    {
                        throw Error(source, $"PLTE chunk in a gray image; {CorruptFix}.");
                    }

                    havePalette = true;
                    result.PaletteCount = (int)length / 3;
                    for (var i = 0; i < result.PaletteCount; i++)
                    {
                        result.Palette[(4 * i) + 0] = body[(3 * i) + 0];
                        result.Palette[(4 * i) + 1] = body[(3 * i) + 1];
                        result.Palette[(4 * i) + 2] = body[(3 * i) + 2];
                    }

                    break;

                case PngChunks.Trns:
                    // Only palette transparency becomes alpha; colour-key tRNS on gray/RGB is ignored (documented).
                    if (result.Header.ColorType == PngHeader.ColorPalette && idatState == 0)
                    {
                        if (!havePalette)
                        {
                            throw Error(source, $"tRNS chunk before PLTE; {CorruptFix}.");
                        }

                        // Entries beyond the palette are meaningless; ignore them as libpng does.
                        var entries = Math.Min((int)length, result.PaletteCount);
                        for (var i = 0; i < entries; i++)
                        {
                            result.Palette[(4 * i) + 3] = body[i];
                        }

                        result.HasTransparency = true;
                    }

                    break;

                case PngChunks.Idat:
                    if (idatState == 2)
                    {
                        throw Error(source, $"IDAT chunks are not consecutive (another IDAT at byte {pos}); {CorruptFix}.");
                    }

                    idatState = 1;
                    if (length > 0)
                    {
                        result.IdatSegments.Add((pos + 8, (int)length));
                        result.IdatBytes += length;
                    }

                    break;

                case PngChunks.Iend:
                    if (idatState == 0)
                    {
                        throw Error(source, $"the file has no IDAT chunk (no image data); {CorruptFix}.");
                    }

                    if (result.Header.ColorType == PngHeader.ColorPalette && !havePalette)
                    {
                        throw Error(source, $"palette image without a PLTE chunk; {CorruptFix}.");
                    }

                    return result;

                default:
                    if (PngChunks.IsCritical(type))
                    {
                        throw Error(source, $"unknown critical chunk {name} (a PNG extension we do not support); {ConvertFix}.");
                    }

                    break; // Ancillary chunks carry nothing we use.
            }

            pos += PngChunks.Overhead + (int)length;
        }
    }

    private static void CheckSignature(ReadOnlySpan<byte> file, string source)
    {
        var signature = PngChunks.Signature;
        if (file.Length >= signature.Length && file[..signature.Length].SequenceEqual(signature))
        {
            return;
        }

        if (file.Length >= 4 && file[0] == 0x89 && file[1] == 'P' && file[2] == 'N' && file[3] == 'G')
        {
            throw Error(source, $"the PNG signature is damaged (line endings converted by a text-mode transfer?); re-download the file in binary mode.");
        }

        if (file.Length >= 3 && file[0] == 0xFF && file[1] == 0xD8 && file[2] == 0xFF)
        {
            throw Error(source, $"not a PNG file (bad signature; this is a JPEG); convert it with ffmpeg -i in.jpg out.png.");
        }

        throw Error(source, $"not a PNG file (bad signature in the first 8 bytes, file length {file.Length}); convert it with ffmpeg -i <file> -frames:v 1 out.png.");
    }

    private static PngHeader ParseHeader(ReadOnlySpan<byte> body, string source)
    {
        if (body.Length != 13)
        {
            throw Error(source, $"IHDR chunk has {body.Length} bytes instead of 13; {CorruptFix}.");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int bitDepth = body[8];
        int colorType = body[9];
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            throw Error(source, $"invalid image size {width}x{height} in IHDR; {CorruptFix}.");
        }

        if (!PngHeader.IsValidCombination(colorType, bitDepth))
        {
            throw Error(source, $"invalid colour type {colorType} with bit depth {bitDepth} in IHDR; {CorruptFix}.");
        }

        if (body[10] != 0 || body[11] != 0)
        {
            throw Error(source, $"unknown compression method {body[10]} or filter method {body[11]} in IHDR (only 0 exists); {CorruptFix}.");
        }

        if (body[12] > 1)
        {
            throw Error(source, $"unknown interlace method {body[12]} in IHDR (0 none, 1 Adam7); {CorruptFix}.");
        }

        return new PngHeader((int)width, (int)height, bitDepth, colorType, body[12] == 1);
    }

    private static long RawSize(PngHeader h)
    {
        if (!h.Interlaced)
        {
            return h.Height * (1 + h.RowBytes(h.Width));
        }

        long total = 0;
        for (var p = 0; p < 7; p++)
        {
            var (w, rows) = PassSize(h, p);
            if (w > 0 && rows > 0)
            {
                total += rows * (1 + h.RowBytes(w));
            }
        }

        return total;
    }

    private static (int Width, int Height) PassSize(PngHeader h, int pass)
    {
        var w = h.Width > Adam7X0[pass] ? (h.Width - Adam7X0[pass] + Adam7Dx[pass] - 1) / Adam7Dx[pass] : 0;
        var rows = h.Height > Adam7Y0[pass] ? (h.Height - Adam7Y0[pass] + Adam7Dy[pass] - 1) / Adam7Dy[pass] : 0;
        return (w, rows);
    }

    private static void Inflate(ReadOnlyMemory<byte> file, List<(int Offset, int Length)> segments, Span<byte> raw, string source)
    {
        try
        {
            using var zlib = new ZLibStream(new IdatReadStream(file, segments), CompressionMode.Decompress);
            var got = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (got < raw.Length)
            {
                throw Error(source, $"the image data is short: it inflates to {got} bytes but the {raw.Length} bytes IHDR implies are needed (truncated or damaged IDAT); {CorruptFix}.");
            }

            // Reading to the end also makes zlib verify its Adler-32 checksum.
            Span<byte> scratch = stackalloc byte[512];
            long surplus = 0;
            int n;
            while ((n = zlib.Read(scratch)) > 0)
            {
                surplus += n;
                if (surplus > MaxSurplusBytes)
                {
                    throw Error(source, $"the image data inflates to more than {raw.Length + MaxSurplusBytes} bytes although IHDR implies {raw.Length} (IHDR does not match the data); {CorruptFix}.");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new MediaFormatException(source, $"the compressed image data is corrupt ({e.Message}); {CorruptFix}.", e);
        }
    }

    private static void Reconstruct(PngHeader h, Span<byte> raw, byte[] pixels, RowConverter converter, string source)
    {
        var rowBytes = (int)h.RowBytes(h.Width);
        var stride = h.Width * converter.OutChannels;
        var bpp = h.FilterBytesPerPixel;

        // 8-bit gray/GA/RGB/RGBA rows are already output pixels: unfilter straight into the image.
        var direct = h.BitDepth == 8 && h.ColorType != PngHeader.ColorPalette;
        var zeros = ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            Array.Clear(zeros, 0, rowBytes);
            ReadOnlySpan<byte> prev = zeros.AsSpan(0, rowBytes);
            for (var y = 0; y < h.Height; y++)
            {
                var line = raw.Slice(y * (rowBytes + 1), rowBytes + 1);
                var filter = CheckFilter(line[0], y, source);
                var src = line[1..];
                var dst = pixels.AsSpan(y * stride, stride);
                if (direct)
                {
                    PngFilters.Unfilter(filter, src, dst, prev, bpp);
                    prev = dst;
                }
                else
                {
                    PngFilters.Unfilter(filter, src, src, prev, bpp);
                    prev = src;
                    converter.Convert(src, dst, h.Width);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }

    private static void ReconstructAdam7(PngHeader h, Span<byte> raw, byte[] pixels, RowConverter converter, string source)
    {
        var oc = converter.OutChannels;
        var bpp = h.FilterBytesPerPixel;
        var maxRowBytes = (int)h.RowBytes(h.Width);
        var zeros = ArrayPool<byte>.Shared.Rent(maxRowBytes);
        var line = ArrayPool<byte>.Shared.Rent(h.Width * oc);
        try
        {
            Array.Clear(zeros, 0, maxRowBytes);
            var offset = 0;
            for (var pass = 0; pass < 7; pass++)
            {
                var (pw, ph) = PassSize(h, pass);
                if (pw == 0 || ph == 0)
                {
                    continue; // Empty passes have no scanlines, not even filter bytes.
                }

                var rowBytes = (int)h.RowBytes(pw);
                ReadOnlySpan<byte> prev = zeros.AsSpan(0, rowBytes);
                int x0 = Adam7X0[pass], dx = Adam7Dx[pass];
                for (var j = 0; j < ph; j++)
                {
                    var y = Adam7Y0[pass] + (j * Adam7Dy[pass]);
                    var filter = CheckFilter(raw[offset], y, source);
                    var src = raw.Slice(offset + 1, rowBytes);
                    offset += rowBytes + 1;
                    PngFilters.Unfilter(filter, src, src, prev, bpp);
                    prev = src;
                    converter.Convert(src, line, pw);

                    // Scatter the pass row into every dx-th pixel of image row y.
                    var dstRow = pixels.AsSpan(y * h.Width * oc, h.Width * oc);
                    for (var i = 0; i < pw; i++)
                    {
                        line.AsSpan(i * oc, oc).CopyTo(dstRow[((x0 + (i * dx)) * oc)..]);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
            ArrayPool<byte>.Shared.Return(zeros);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CheckFilter(byte filter, int row, string source) =>
        filter <= PngFilters.Paeth ? filter : throw Error(source, $"row {row} uses unknown filter type {filter} (0 to 4 exist); {CorruptFix}.");

    private static MediaFormatException Error(string source, FormattableString message) =>
        new(source, message.ToString(CultureInfo.InvariantCulture));

    /// <summary>What the chunk walk collected.</summary>
    private sealed class ParsedChunks
    {
        public PngHeader Header { get; set; }

        /// <summary>RGBA per entry; alpha 255 unless tRNS says otherwise. Always 256 entries so any index is safe.</summary>
        public byte[] Palette { get; } = CreateOpaquePalette();

        public int PaletteCount { get; set; }

        public bool HasTransparency { get; set; }

        public List<(int Offset, int Length)> IdatSegments { get; } = [];

        public long IdatBytes { get; set; }

        private static byte[] CreateOpaquePalette()
        {
            var p = new byte[256 * 4];
            for (var i = 3; i < p.Length; i += 4)
            {
                p[i] = 255;
            }

            return p;
        }
    }

    /// <summary>Turns one unfiltered scanline into output pixels (unpacking, scaling, palette lookup).</summary>
    private sealed class RowConverter(PngHeader header, byte[] palette, int paletteCount, int outChannels, string source)
    {
        public int OutChannels => outChannels;

        public void Convert(ReadOnlySpan<byte> src, Span<byte> dst, int width)
        {
            if (header.ColorType == PngHeader.ColorPalette)
            {
                ConvertPalette(src, dst, width);
            }
            else if (header.BitDepth == 8)
            {
                src[..(width * outChannels)].CopyTo(dst);
            }
            else if (header.BitDepth == 16)
            {
                Reduce16(src, dst, width * outChannels);
            }
            else
            {
                UnpackGray(src, dst, width);
            }
        }

        private static void Reduce16(ReadOnlySpan<byte> src, Span<byte> dst, int samples)
        {
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            for (var k = 0; k < samples; k++)
            {
                var v = ((uint)Unsafe.Add(ref s, 2 * k) << 8) | Unsafe.Add(ref s, (2 * k) + 1);

                // round(v * 255 / 65535) == round(v / 257) == (v + 128) / 257, since v / 257 is never exactly x.5.
                Unsafe.Add(ref d, k) = (byte)((v + 128) / 257);
            }
        }

        private void UnpackGray(ReadOnlySpan<byte> src, Span<byte> dst, int width)
        {
            var bits = header.BitDepth;
            var mask = (1 << bits) - 1;
            var scale = 255 / mask; // 1-bit ×255, 2-bit ×85, 4-bit ×17: full range maps to 0..255 exactly.
            var perByte = 8 / bits;
            for (var x = 0; x < width; x++)
            {
                var shift = 8 - (bits * ((x % perByte) + 1));
                dst[x] = (byte)(((src[x / perByte] >> shift) & mask) * scale);
            }
        }

        private void ConvertPalette(ReadOnlySpan<byte> src, Span<byte> dst, int width)
        {
            var bits = header.BitDepth;
            var mask = (1 << bits) - 1;
            var perByte = 8 / bits;
            var maxIndex = 0;
            ref var pal = ref MemoryMarshal.GetArrayDataReference(palette);
            for (var x = 0; x < width; x++)
            {
                var index = bits == 8 ? src[x] : (src[x / perByte] >> (8 - (bits * ((x % perByte) + 1)))) & mask;
                maxIndex = Math.Max(maxIndex, index);
                ref var entry = ref Unsafe.Add(ref pal, index * 4);
                if (outChannels == 4)
                {
                    Unsafe.WriteUnaligned(ref dst[x * 4], Unsafe.ReadUnaligned<uint>(ref entry));
                }
                else
                {
                    var o = x * 3;
                    dst[o] = entry;
                    dst[o + 1] = Unsafe.Add(ref entry, 1);
                    dst[o + 2] = Unsafe.Add(ref entry, 2);
                }
            }

            if (maxIndex >= paletteCount)
            {
                throw Error(source, $"palette index {maxIndex} is out of range (PLTE has {paletteCount} entries); {CorruptFix}.");
            }
        }
    }
}
