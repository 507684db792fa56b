using System.Buffers.Binary;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.Png;

namespace Research.Datasets.ErNerf;

/// <summary>
/// The one place the ER-NeRF importer decodes images: dispatches on magic bytes (PNG, JPEG), whatever the extension.
/// Also reads image sizes from headers alone, so size checks over thousands of frames need no decoding.
/// </summary>
internal static class ErNerfImages
{
    /// <summary>Message fragment tests look for while JPEG decoding is not available.</summary>
    internal const string JpegPendingMessage = "JPEG support pending";

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes a PNG or JPEG file.</summary>
    public static ByteImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (IsPng(bytes))
        {
            return PngFile.Read(path);
        }

        if (IsJpeg(bytes))
        {
            // Seam: switched to Research.Media.Imaging.ImageFile.Read when the JPEG decoder is merged.
            throw new MediaFormatException(path, JpegPendingMessage + ": this build cannot decode JPEG frames yet; convert them to PNG (ffmpeg -i 0.jpg 0.png) or use a build with the JPEG decoder.");
        }

        throw new MediaFormatException(path, "is neither PNG nor JPEG (unknown magic bytes).");
    }

    /// <summary>Decodes a file and converts it to RGB (gray replicated, alpha dropped).</summary>
    public static ByteImage ReadRgb(string path) => Read(path).ToRgb();

    /// <summary>Width and height from the PNG IHDR or the JPEG start-of-frame segment, without decoding pixels.</summary>
    public static (int Width, int Height) ReadSize(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> head = stackalloc byte[24];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n >= 24 && IsPng(head))
        {
            return (BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]));
        }

        if (n >= 3 && IsJpeg(head))
        {
            stream.Position = 2;
            return ReadJpegSize(stream, path);
        }

        throw new MediaFormatException(path, "is neither PNG nor JPEG (unknown magic bytes).");
    }

    private static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.Length >= 8 && bytes[..8].SequenceEqual(PngSignature);

    private static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    private static (int Width, int Height) ReadJpegSize(Stream stream, string path)
    {
        Span<byte> buffer = stackalloc byte[7];
        while (true)
        {
            // Markers may be preceded by any number of 0xFF fill bytes.
            var b = stream.ReadByte();
            if (b != 0xFF)
            {
                throw Truncated(path);
            }

            int marker;
            do
            {
                marker = stream.ReadByte();
            }
            while (marker == 0xFF);

            if (marker < 0 || marker == 0xD9 || marker == 0xDA)
            {
                throw Truncated(path);
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue; // standalone markers without a length
            }

            if (stream.ReadAtLeast(buffer[..2], 2, throwOnEndOfStream: false) < 2)
            {
                throw Truncated(path);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(buffer);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                if (length < 7 || stream.ReadAtLeast(buffer[..5], 5, throwOnEndOfStream: false) < 5)
                {
                    throw Truncated(path);
                }

                return (BinaryPrimitives.ReadUInt16BigEndian(buffer[3..]), BinaryPrimitives.ReadUInt16BigEndian(buffer[1..]));
            }

            if (length < 2)
            {
                throw Truncated(path);
            }

            stream.Seek(length - 2, SeekOrigin.Current);
        }
    }

    private static MediaFormatException Truncated(string path) =>
        new(path, "JPEG without a start-of-frame segment before the image data; the file is truncated or damaged.");
}
