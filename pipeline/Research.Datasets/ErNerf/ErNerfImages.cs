using System.Buffers.Binary;
using Research.Media;
using Research.Media.Imaging;
using Research.Media.ImageFiles;

namespace Research.Datasets.ErNerf;

/// <summary>
/// The one place the ER-NeRF importer decodes images: dispatches on magic bytes (PNG, JPEG), whatever the extension.
/// Also reads image sizes from headers alone, so size checks over thousands of frames need no decoding.
/// </summary>
internal static class ErNerfImages
{
    /// <summary>Decodes a PNG or JPEG file, whatever its extension says.</summary>
    public static ByteImage Read(string path) => ImageFile.Read(path);

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

    private static bool IsPng(ReadOnlySpan<byte> bytes) => ImageFile.DetectFormat(bytes) == ImageFileFormat.Png;

    private static bool IsJpeg(ReadOnlySpan<byte> bytes) => ImageFile.DetectFormat(bytes) == ImageFileFormat.Jpeg;

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
