using Research.Datasets.ErNerf;
using Research.Media.Imaging;

namespace Research.Datasets.Tests;

/// <summary>Builds small parsing maps and images for the mask and background tests.</summary>
internal static class TestImages
{
    /// <summary>An RGB parsing map from one class per pixel (row-major).</summary>
    public static ByteImage FromClasses(int width, int height, Func<int, int, ParsingClass> classAt)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = ParsingPalette.ColorOf(classAt(x, y));
                var o = ((y * width) + x) * 3;
                (pixels[o], pixels[o + 1], pixels[o + 2]) = (r, g, b);
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }

    /// <summary>An RGB image from a colour function.</summary>
    public static ByteImage Image(int width, int height, Func<int, int, (byte R, byte G, byte B)> colourAt)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                (pixels[o], pixels[o + 1], pixels[o + 2]) = colourAt(x, y);
            }
        }

        return new ByteImage(width, height, 3, pixels);
    }

    /// <summary>The RGB triple at (x, y).</summary>
    public static (byte R, byte G, byte B) At(ByteImage image, int x, int y)
    {
        var o = ((y * image.Width) + x) * image.Channels;
        return (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2]);
    }
}
