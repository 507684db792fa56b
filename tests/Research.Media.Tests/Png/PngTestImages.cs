using Research.Media.Imaging;

namespace Research.Media.Tests.Png;

/// <summary>Synthetic images for PNG tests.</summary>
internal static class PngTestImages
{
    /// <summary>Uniformly random bytes: every filter sees wrap-around and every predictor branch.</summary>
    public static ByteImage Noise(int width, int height, int channels, int seed)
    {
        var pixels = new byte[width * height * channels];
        new Random(seed).NextBytes(pixels);
        return new ByteImage(width, height, channels, pixels);
    }

    /// <summary>Smooth gradients with a little texture, like a rendered frame; filters matter here.</summary>
    public static ByteImage Smooth(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var v = (x * (c + 1) * 255 / Math.Max(1, width - 1)) + (y * 128 / Math.Max(1, height - 1)) + ((x * y) % 7);
                    pixels[(((y * width) + x) * channels) + c] = (byte)(v / 2);
                }
            }
        }

        return new ByteImage(width, height, channels, pixels);
    }
}
