namespace Research.Media.Png;

/// <summary>
/// How <see cref="PngEncoder"/> filters each scanline before compression. The fixed values equal the PNG filter type
/// byte written in front of every row.
/// </summary>
public enum PngFilterStrategy
{
    /// <summary>Filter type 0: rows are stored as they are.</summary>
    None = 0,

    /// <summary>Filter type 1: each byte minus the byte one pixel to the left.</summary>
    Sub = 1,

    /// <summary>Filter type 2: each byte minus the byte above.</summary>
    Up = 2,

    /// <summary>Filter type 3: each byte minus the floored mean of left and above.</summary>
    Average = 3,

    /// <summary>Filter type 4: each byte minus the Paeth predictor of left, above and upper-left.</summary>
    Paeth = 4,

    /// <summary>
    /// Per row, try all five filters and keep the one with the smallest sum of absolute signed bytes (the libpng
    /// heuristic). Usually the smallest files for photographic frames.
    /// </summary>
    Adaptive = 5,
}
