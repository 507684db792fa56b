using System.Buffers;
using Research.Media.Imaging;

namespace Research.Media.Jpeg;

/// <summary>
/// Decodes JPEG files into <see cref="ByteImage"/>s: 3-channel RGB for colour files, 1-channel for grayscale.
/// </summary>
/// <remarks>
/// <para>Supported: baseline (SOF0), extended sequential 8-bit (SOF1) and progressive (SOF2) Huffman-coded files with
/// one or three components, any sampling factors from 1 to 4, restart intervals, 8- and 16-bit quantisation tables.
/// APPn and COM segments (EXIF, ICC profiles, comments) are skipped; ICC profiles are not applied.</para>
/// <para>Colour: three components are YCbCr converted with the JFIF full-range formulas, unless an Adobe APP14
/// segment says they are untransformed RGB (or, without JFIF or Adobe segments, the component ids are 'R','G','B').
/// Chroma sampled at half width (4:2:2), half height (4:4:0) or both (4:2:0) is upsampled with libjpeg's default
/// triangle filter; other ratios replicate samples. The IDCT is an accurate floating-point one. EXIF orientation is
/// not applied.</para>
/// <para>Rejected with <see cref="MediaFormatException"/>: arithmetic coding, lossless and hierarchical files,
/// 12-bit samples, 2- and 4-component (CMYK/YCCK) files, and truncated or corrupt data (naming the file).</para>
/// </remarks>
public static class JpegDecoder
{
    private const string DefaultSource = "JPEG data";

    /// <summary>Decodes a JPEG held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="sourceName">File name or description used in error messages.</param>
    /// <returns>The image: 3 channels (RGB) or 1 (grayscale).</returns>
    /// <exception cref="MediaFormatException">The data is not a valid JPEG or uses an unsupported feature.</exception>
    public static ByteImage Decode(ReadOnlySpan<byte> data, string sourceName = DefaultSource)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        using var frame = DecodeFrame(data, sourceName);
        return frame.Components.Length == 1 ? ToGray(frame) : ToRgb(frame);
    }

    /// <summary>Decodes up to the component planes (before upsampling and colour conversion).</summary>
    internal static JpegFrame DecodeFrame(ReadOnlySpan<byte> data, string sourceName)
    {
        try
        {
            return JpegParser.Parse(data, sourceName);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            // Backstop: every read is meant to be bounds-checked, but damaged input must never surface as a crash.
            throw new MediaFormatException(sourceName, "the file is corrupt (the decoder hit an inconsistency); " + JpegErrors.CorruptFix + ".", e);
        }
    }

    private static ByteImage ToGray(JpegFrame frame)
    {
        var c = frame.Components[0];
        var width = frame.Width;
        var pixels = GC.AllocateUninitializedArray<byte>(width * frame.Height);
        for (var y = 0; y < frame.Height; y++)
        {
            c.Plane.AsSpan(y * c.Stride, width).CopyTo(pixels.AsSpan(y * width, width));
        }

        return new ByteImage(width, frame.Height, 1, pixels);
    }

    private static ByteImage ToRgb(JpegFrame frame)
    {
        var width = frame.Width;
        var components = frame.Components;
        var isRgb = frame.AdobeTransform == 0
            || (frame.AdobeTransform < 0 && !frame.HasJfif && components[0].Id == 'R' && components[1].Id == 'G' && components[2].Id == 'B');
        var upsamplers = new JpegUpsampler[3];
        for (var i = 0; i < 3; i++)
        {
            upsamplers[i] = new JpegUpsampler(frame, components[i]);
        }

        var scratch = JpegUpsampler.ScratchLength(frame);
        var rows = ArrayPool<byte>.Shared.Rent(3 * scratch);
        var sums = ArrayPool<int>.Shared.Rent(scratch);
        try
        {
            var pixels = GC.AllocateUninitializedArray<byte>(width * frame.Height * 3);
            for (var y = 0; y < frame.Height; y++)
            {
                var c0 = upsamplers[0].Row(y, rows.AsSpan(0, scratch), sums);
                var c1 = upsamplers[1].Row(y, rows.AsSpan(scratch, scratch), sums);
                var c2 = upsamplers[2].Row(y, rows.AsSpan(2 * scratch, scratch), sums);
                var destination = pixels.AsSpan(y * width * 3, width * 3);
                if (isRgb)
                {
                    JpegColorConverter.Interleave(c0, c1, c2, destination, width);
                }
                else
                {
                    JpegColorConverter.YCbCrToRgb(c0, c1, c2, destination, width);
                }
            }

            return new ByteImage(width, frame.Height, 3, pixels);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rows);
            ArrayPool<int>.Shared.Return(sums);
        }
    }
}
