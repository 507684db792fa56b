namespace Research.Media.Imaging;

/// <summary>
/// A float image with interleaved channels (row-major, H×W×C), nominal range [0, 1].
/// Metrics and methods compute on this form.
/// </summary>
public sealed class FloatImage
{
    /// <summary>Creates an image over existing data (not copied).</summary>
    public FloatImage(int width, int height, int channels, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ImageShape.Validate(width, height, channels);
        if (data.LongLength != (long)width * height * channels)
        {
            throw new ArgumentException($"Data holds {data.LongLength} values but {width}x{height}x{channels} needs {(long)width * height * channels}.", nameof(data));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Data = data;
    }

    /// <summary>Creates an all-zero image.</summary>
    public FloatImage(int width, int height, int channels)
        : this(width, height, channels, new float[checked(width * height * channels)])
    {
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved channels per pixel (1–4).</summary>
    public int Channels { get; }

    /// <summary>Values, row-major, channels interleaved.</summary>
    public float[] Data { get; }

    /// <summary>Quantises to 8 bits: clamp to [0, 1], scale by 255, round half away from zero.</summary>
    public ByteImage ToBytes()
    {
        var pixels = new byte[Data.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            var v = Math.Clamp(Data[i], 0f, 1f) * 255f;
            pixels[i] = (byte)MathF.Round(v, MidpointRounding.AwayFromZero);
        }

        return new ByteImage(Width, Height, Channels, pixels);
    }

    /// <summary>True when both images have the same width, height and channel count.</summary>
    public bool SameShapeAs(FloatImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Width == other.Width && Height == other.Height && Channels == other.Channels;
    }
}
