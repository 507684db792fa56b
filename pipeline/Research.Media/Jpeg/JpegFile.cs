using Research.Media.Imaging;
using Research.Media.IO;

namespace Research.Media.Jpeg;

/// <summary>Reads and writes JPEG files on disk.</summary>
public static class JpegFile
{
    /// <summary>Reads and decodes a JPEG file (see <see cref="JpegDecoder"/> for what is supported).</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The decoded image: 3 channels (RGB) or 1 (grayscale).</returns>
    /// <exception cref="MediaFormatException">The file is not a valid JPEG or uses an unsupported feature.</exception>
    public static ByteImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return JpegDecoder.Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Encodes an image as a baseline JPEG and writes it atomically (temporary file, then one rename), so readers
    /// never see a half-written file and a failure leaves any previous file untouched.
    /// </summary>
    /// <param name="path">The destination (its folder is created). An existing file is replaced.</param>
    /// <param name="image">A 1-channel (gray) or 3-channel (RGB) image.</param>
    /// <param name="quality">1–100 on the libjpeg scale.</param>
    /// <param name="subsampling">Chroma subsampling for RGB images.</param>
    public static void Write(string path, ByteImage image, int quality = 95, JpegSubsampling subsampling = JpegSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        var bytes = JpegEncoder.Encode(image, quality, subsampling);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
