namespace Research.Media.Imaging;

/// <summary>
/// An 8-bit image with interleaved channels (row-major, H×W×C). Channel counts: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA.
/// This is what PNG files hold; convert to <see cref="FloatImage"/> for arithmetic.
/// </summary>
public sealed class ByteImage
{
    /// <summary>Creates an image over existing pixels (not copied).</summary>
    public ByteImage(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ImageShape.Validate(width, height, channels);
        if (pixels.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"Pixel buffer holds {pixels.LongLength} bytes but {width}x{height}x{channels} needs {(long)width * height * channels}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Creates a black (all-zero) image.</summary>
    public ByteImage(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)])
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved channels per pixel (1–4).</summary>
    public int Channels { get; }

    /// <summary>Pixels, row-major, channels interleaved.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per row.</summary>
    public int Stride => Width * Channels;

    /// <summary>Converts to floats in [0, 1] by dividing by 255.</summary>
    public FloatImage ToFloat()
    {
        var data = new float[Pixels.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Pixels[i] / 255f;
        }

        return new FloatImage(Width, Height, Channels, data);
    }

    /// <summary>Drops the alpha channel (gray+alpha → gray, RGBA → RGB); gray and RGB images are returned as they are.</summary>
    public ByteImage WithoutAlpha() => Channels switch
    {
        2 => SelectChannels([0]),
        4 => SelectChannels([0, 1, 2]),
        _ => this,
    };

    /// <summary>Converts to 3-channel RGB: gray is replicated, alpha dropped; RGB images are returned as they are.</summary>
    public ByteImage ToRgb() => Channels switch
    {
        1 or 2 => SelectChannels([0, 0, 0]),
        4 => SelectChannels([0, 1, 2]),
        _ => this,
    };

    private ByteImage SelectChannels(ReadOnlySpan<int> sources)
    {
        var count = Width * Height;
        var pixels = new byte[count * sources.Length];
        for (var p = 0; p < count; p++)
        {
            for (var c = 0; c < sources.Length; c++)
            {
                pixels[(p * sources.Length) + c] = Pixels[(p * Channels) + sources[c]];
            }
        }

        return new ByteImage(Width, Height, sources.Length, pixels);
    }
}
