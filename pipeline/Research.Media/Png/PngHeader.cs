namespace Research.Media.Png;

/// <summary>The IHDR fields the decoder needs, with the derived sizes.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    public const int ColorGray = 0;
    public const int ColorRgb = 2;
    public const int ColorPalette = 3;
    public const int ColorGrayAlpha = 4;
    public const int ColorRgba = 6;

    /// <summary>Samples per pixel as stored (a palette index is one sample).</summary>
    public int SamplesPerPixel => ColorType switch
    {
        ColorGray or ColorPalette => 1,
        ColorGrayAlpha => 2,
        ColorRgb => 3,
        _ => 4,
    };

    /// <summary>Filter distance: bytes per complete pixel, at least 1 for sub-byte depths.</summary>
    public int FilterBytesPerPixel => Math.Max(1, SamplesPerPixel * BitDepth / 8);

    /// <summary>Packed bytes in a scanline of <paramref name="width"/> pixels, without the filter byte.</summary>
    public long RowBytes(int width) => (((long)width * SamplesPerPixel * BitDepth) + 7) / 8;

    /// <summary>True for the colour type / bit depth pairs the PNG specification allows.</summary>
    public static bool IsValidCombination(int colorType, int bitDepth) => colorType switch
    {
        ColorGray => bitDepth is 1 or 2 or 4 or 8 or 16,
        ColorPalette => bitDepth is 1 or 2 or 4 or 8,
        ColorRgb or ColorGrayAlpha or ColorRgba => bitDepth is 8 or 16,
        _ => false,
    };
}
