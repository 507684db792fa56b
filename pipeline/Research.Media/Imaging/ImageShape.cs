namespace Research.Media.Imaging;

/// <summary>Shape checks shared by the image types.</summary>
internal static class ImageShape
{
    public static void Validate(int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        }

        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"Images have 1 to 4 channels, got {channels}.");
        }
    }
}
