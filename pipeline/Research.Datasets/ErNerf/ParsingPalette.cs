namespace Research.Datasets.ErNerf;

/// <summary>
/// TalkingGaussian's parsing colours as they read in RGB order (talkinggaussian.md §1 step 4): background white,
/// face blue, inner mouth grey 100, neck green, cloth red, hair black.
/// </summary>
public static class ParsingPalette
{
    /// <summary>The file colour of <paramref name="label"/>, RGB.</summary>
    public static (byte R, byte G, byte B) ColorOf(ParsingClass label) => label switch
    {
        ParsingClass.Background => (255, 255, 255),
        ParsingClass.Face => (0, 0, 255),
        ParsingClass.InnerMouth => (100, 100, 100),
        ParsingClass.Neck => (0, 255, 0),
        ParsingClass.Cloth => (255, 0, 0),
        ParsingClass.Hair => (0, 0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "unknown parsing class"),
    };

    /// <summary>
    /// The class of an RGB colour, or null when it is not one of the six palette colours (e.g. a resampled or
    /// lossy-compressed map).
    /// </summary>
    public static ParsingClass? Classify(byte r, byte g, byte b) => (r, g, b) switch
    {
        (255, 255, 255) => ParsingClass.Background,
        (0, 0, 255) => ParsingClass.Face,
        (100, 100, 100) => ParsingClass.InnerMouth,
        (0, 255, 0) => ParsingClass.Neck,
        (255, 0, 0) => ParsingClass.Cloth,
        (0, 0, 0) => ParsingClass.Hair,
        _ => null,
    };
}
