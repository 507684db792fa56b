namespace Research.Datasets.Generated;

/// <summary>A colour with channels on the 0–255 scale, kept as floats for blending.</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>Linear interpolation towards another colour (t = 0 gives this colour).</summary>
    public Rgb Lerp(Rgb other, double t) =>
        new((float)(R + ((other.R - R) * t)), (float)(G + ((other.G - G) * t)), (float)(B + ((other.B - B) * t)));

    /// <summary>Scales every channel.</summary>
    public Rgb Scale(double factor) => new((float)(R * factor), (float)(G * factor), (float)(B * factor));
}
