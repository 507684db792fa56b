using System.Globalization;
using Research.Media.Imaging;
using Research.Media.Jpeg;
using Research.Media.Png;

namespace Research.Media.ImageFiles;

/// <summary>
/// Reads PNG and JPEG files through one call, choosing the decoder from the file's first bytes rather than its
/// extension, so datasets can hold either (or misnamed files) transparently.
/// </summary>
public static class ImageFile
{
    private const string ConvertFix = "convert it with ffmpeg -i in.ext out.png";

    /// <summary>Reads and decodes a PNG or JPEG file.</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The decoded image (channels as <see cref="PngDecoder"/> or <see cref="JpegDecoder"/> produce them).</returns>
    /// <exception cref="MediaFormatException">The file is neither PNG nor JPEG, or is damaged.</exception>
    public static ByteImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes a PNG or JPEG held in memory.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="sourceName">File name or description used in error messages.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="MediaFormatException">The data is neither PNG nor JPEG, or is damaged.</exception>
    public static ByteImage Decode(ReadOnlyMemory<byte> data, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        return DetectFormat(data.Span) switch
        {
            ImageFileFormat.Png => PngDecoder.Decode(data, sourceName),
            ImageFileFormat.Jpeg => JpegDecoder.Decode(data.Span, sourceName),
            _ => throw new MediaFormatException(sourceName, Describe(data.Span)),
        };
    }

    /// <summary>Identifies the format from the first bytes of a file.</summary>
    /// <param name="header">The start of the file (8 bytes suffice).</param>
    /// <returns>The format, or <see cref="ImageFileFormat.Unknown"/>.</returns>
    public static ImageFileFormat DetectFormat(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFileFormat.Png;
        }

        // SOI, then the 0xFF of the next marker (APPn, DQT, ...): two bytes alone would also match random data.
        return header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF
            ? ImageFileFormat.Jpeg
            : ImageFileFormat.Unknown;
    }

    private static string Describe(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return "the file is empty; expected a PNG or JPEG image.";
        }

        var guess = data switch
        {
            _ when data.StartsWith("GIF8"u8) => " (it looks like GIF)",
            _ when data.StartsWith("BM"u8) => " (it looks like BMP)",
            _ when data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8) => " (it looks like WebP)",
            _ when data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8) => " (it looks like TIFF)",
            _ when data.Length >= 12 && data[4..12].SequenceEqual("ftypavif"u8) => " (it looks like AVIF)",
            _ when data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]) || data.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, 0x6A, 0x50]) => " (it looks like JPEG 2000)",
            _ => string.Empty,
        };
        var head = Convert.ToHexString(data[..Math.Min(8, data.Length)]);
        return string.Create(CultureInfo.InvariantCulture, $"not a PNG or JPEG image{guess}; it starts with bytes {head}. Only PNG and JPEG are read; {ConvertFix}.");
    }
}
