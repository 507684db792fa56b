using Research.Media.Imaging;

namespace Research.Metrics.Tests.Reference;

/// <summary>A <see cref="FloatImage"/> with zero-outside pixel access and seeded generators.</summary>
internal sealed class TestImage
{
    public TestImage(FloatImage image) => Image = image;

    public FloatImage Image { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    public int Channels => Image.Channels;

    public static TestImage Random(int width, int height, int channels, int seed)
    {
        var rng = new Random(seed);
        var data = new float[width * height * channels];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = rng.NextSingle();
        }

        return new TestImage(new FloatImage(width, height, channels, data));
    }

    /// <summary><paramref name="source"/> plus uniform noise of ±<paramref name="amplitude"/>, clamped to [0, 1].</summary>
    public static TestImage Noisy(TestImage source, float amplitude, int seed)
    {
        var rng = new Random(seed);
        var data = (float[])source.Image.Data.Clone();
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Math.Clamp(data[i] + (amplitude * ((2 * rng.NextSingle()) - 1)), 0f, 1f);
        }

        return new TestImage(new FloatImage(source.Width, source.Height, source.Channels, data));
    }

    /// <summary>A smooth diagonal gradient: low local variance, the hard case for E[x²] − μ² cancellation.</summary>
    public static TestImage Gradient(int width, int height, int channels)
    {
        var data = new float[width * height * channels];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                for (var ch = 0; ch < channels; ch++)
                {
                    data[(((r * width) + c) * channels) + ch] = 0.2f + (0.6f * (r + c + ch) / (width + height + channels));
                }
            }
        }

        return new TestImage(new FloatImage(width, height, channels, data));
    }

    public static TestImage Constant(int width, int height, int channels, float value)
    {
        var data = new float[width * height * channels];
        Array.Fill(data, value);
        return new TestImage(new FloatImage(width, height, channels, data));
    }

    public float At(int row, int col, int channel) =>
        row < 0 || row >= Height || col < 0 || col >= Width ? 0f : Image.Data[(((row * Width) + col) * Channels) + channel];
}
