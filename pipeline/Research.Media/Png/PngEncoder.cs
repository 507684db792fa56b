using System.Buffers.Binary;
using System.Buffers;
using System.IO.Compression;
using Research.Media.Imaging;

namespace Research.Media.Png;

/// <summary>
/// Encodes <see cref="ByteImage"/>s as 8-bit, non-interlaced PNG: 1 channel as gray, 2 as gray+alpha, 3 as RGB,
/// 4 as RGBA. Output bytes depend only on the pixels and the options (no timestamps or other metadata chunks).
/// </summary>
public static class PngEncoder
{
    // Filtered rows are batched before each deflate call; one native call per row costs measurable time.
    private const int StagingBytes = 64 * 1024;

    /// <summary>Encodes an image to a new byte array.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="options">Filtering and compression; <see cref="PngEncoderOptions.Default"/> when null.</param>
    /// <returns>The complete PNG file.</returns>
    public static byte[] Encode(ByteImage image, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream((image.Pixels.Length / 2) + 1024);
        Encode(image, buffer, options);
        return buffer.ToArray();
    }

    /// <summary>Encodes an image and writes the complete PNG file to a stream.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="destination">Receives the file; left open.</param>
    /// <param name="options">Filtering and compression; <see cref="PngEncoderOptions.Default"/> when null.</param>
    public static void Encode(ByteImage image, Stream destination, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= PngEncoderOptions.Default;
        if (!Enum.IsDefined(options.Filter))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Filter, "Unknown PNG filter strategy.");
        }

        if (!Enum.IsDefined(options.CompressionLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompressionLevel, "Unknown compression level.");
        }

        destination.Write(PngChunks.Signature);

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)image.Height);
        ihdr[8] = 8;
        ihdr[9] = image.Channels switch
        {
            1 => PngHeader.ColorGray,
            2 => PngHeader.ColorGrayAlpha,
            3 => PngHeader.ColorRgb,
            _ => PngHeader.ColorRgba,
        };
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering method
        ihdr[12] = 0; // not interlaced
        PngChunks.Write(destination, PngChunks.Ihdr, ihdr);

        using (var idat = new IdatWriteStream(destination))
        {
            using (var zlib = new ZLibStream(idat, options.CompressionLevel, leaveOpen: true))
            {
                WriteScanlines(image, zlib, options.Filter);
            }

            idat.Complete();
        }

        PngChunks.Write(destination, PngChunks.Iend, []);
    }

    private static void WriteScanlines(ByteImage image, Stream zlib, PngFilterStrategy strategy)
    {
        var stride = image.Stride;
        var bpp = image.Channels;
        var line = stride + 1;
        var staging = ArrayPool<byte>.Shared.Rent(Math.Max(StagingBytes, line));

        // Adaptive needs one scratch row per filter type 1–4 (type 0 is the row itself); row 0 sees a zero row above.
        var scratch = ArrayPool<byte>.Shared.Rent(5 * stride);
        try
        {
            var zeros = scratch.AsSpan(4 * stride, stride);
            zeros.Clear();
            var pixels = image.Pixels.AsSpan();
            var used = 0;
            for (var y = 0; y < image.Height; y++)
            {
                var row = pixels.Slice(y * stride, stride);
                ReadOnlySpan<byte> prev = y == 0 ? zeros : pixels.Slice((y - 1) * stride, stride);
                if (used + line > staging.Length)
                {
                    zlib.Write(staging, 0, used);
                    used = 0;
                }

                var output = staging.AsSpan(used, line);
                if (strategy == PngFilterStrategy.Adaptive)
                {
                    var best = PngFilters.None;
                    var bestCost = PngFilters.SumAbsSigned(row);
                    for (var f = PngFilters.Sub; f <= PngFilters.Paeth; f++)
                    {
                        var candidate = scratch.AsSpan((f - 1) * stride, stride);
                        PngFilters.Filter(f, row, prev, candidate, bpp);
                        var cost = PngFilters.SumAbsSigned(candidate);
                        if (cost < bestCost)
                        {
                            bestCost = cost;
                            best = f;
                        }
                    }

                    output[0] = (byte)best;
                    ReadOnlySpan<byte> chosen = best == PngFilters.None ? row : scratch.AsSpan((best - 1) * stride, stride);
                    chosen.CopyTo(output[1..]);
                }
                else
                {
                    output[0] = (byte)strategy;
                    PngFilters.Filter((int)strategy, row, prev, output[1..], bpp);
                }

                used += line;
            }

            zlib.Write(staging, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(staging);
        }
    }
}
