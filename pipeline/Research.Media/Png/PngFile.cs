using Research.Media.IO;
using Research.Media.Imaging;

namespace Research.Media.Png;

/// <summary>Reads and writes PNG files on disk.</summary>
public static class PngFile
{
    /// <summary>Reads and decodes a PNG file (see <see cref="PngDecoder"/> for what is supported).</summary>
    /// <param name="path">The file to read.</param>
    /// <returns>The decoded image.</returns>
    /// <exception cref="MediaFormatException">The file is not a valid PNG or uses an unsupported feature.</exception>
    public static ByteImage Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PngDecoder.Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Encodes an image and writes it atomically: the bytes go to a temporary file next to <paramref name="path"/>,
    /// which then replaces <paramref name="path"/> in one rename, so readers never see a half-written file and a
    /// failure leaves any previous file untouched.
    /// </summary>
    /// <param name="path">The destination (its folder is created). An existing file is replaced.</param>
    /// <param name="image">The image to encode.</param>
    /// <param name="options">Filtering and compression; <see cref="PngEncoderOptions.Default"/> when null.</param>
    public static void Write(string path, ByteImage image, PngEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);

        AtomicFile.Write(path, stream => PngEncoder.Encode(image, stream, options));
    }
}
