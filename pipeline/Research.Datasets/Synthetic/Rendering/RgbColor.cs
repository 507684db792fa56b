namespace Research.Datasets.Synthetic.Rendering;

/// <summary>A colour with channels in [0, 1] (display values; shading multiplies them directly).</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct RgbColor(float R, float G, float B)
{
    /// <summary>A colour from 0–255 channel values.</summary>
    public static RgbColor FromBytes(int r, int g, int b) => new(r / 255f, g / 255f, b / 255f);

    /// <summary>A colour from hue (turns, wrapped), saturation and value in [0, 1].</summary>
    public static RgbColor FromHsv(double hue, double saturation, double value)
    {
        hue -= Math.Floor(hue);
        var sector = (int)(hue * 6) % 6;
        var f = (hue * 6) - Math.Floor(hue * 6);
        var p = value * (1 - saturation);
        var q = value * (1 - (f * saturation));
        var t = value * (1 - ((1 - f) * saturation));
        var (r, g, b) = sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
        return new RgbColor((float)r, (float)g, (float)b);
    }

    /// <summary>Linear interpolation towards <paramref name="other"/> (t = 0 gives this colour).</summary>
    public RgbColor Lerp(RgbColor other, double t) =>
        new((float)(R + ((other.R - R) * t)), (float)(G + ((other.G - G) * t)), (float)(B + ((other.B - B) * t)));

    /// <summary>Every channel multiplied by <paramref name="factor"/>.</summary>
    public RgbColor Scale(double factor) => new((float)(R * factor), (float)(G * factor), (float)(B * factor));

    /// <summary>Channel-wise product.</summary>
    public RgbColor Multiply(RgbColor other) => new(R * other.R, G * other.G, B * other.B);

    /// <summary>The colour as 0–255 bytes (rounded, clamped).</summary>
    public (byte R, byte G, byte B) ToBytes() => (ToByte(R), ToByte(G), ToByte(B));

    /// <summary>Rounds a [0, 1] value to a byte, clamping out-of-range values.</summary>
    public static byte ToByte(float value) => (byte)Math.Clamp((int)((value * 255f) + 0.5f), 0, 255);
}
