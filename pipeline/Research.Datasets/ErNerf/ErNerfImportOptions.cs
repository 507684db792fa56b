namespace Research.Datasets.ErNerf;

/// <summary>How <see cref="ErNerfDataset.Open"/> interprets a dataset folder.</summary>
public sealed record ErNerfImportOptions
{
    /// <summary>The defaults.</summary>
    public static ErNerfImportOptions Default { get; } = new();

    /// <summary>Frame rate; the layout does not store it and ER-NeRF preprocessing resamples to 25 fps.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>Force the channel order of parsing maps instead of detecting it.</summary>
    public ParsingChannelOrder? ParsingChannelOrder { get; init; }

    /// <summary>How many parsing maps (spread over the clip) the channel-order detection looks at.</summary>
    public int ParsingDetectionFrames { get; init; } = 5;

    /// <summary>
    /// Largest RGB distance at which an off-palette parsing colour (e.g. from a resized or JPEG-compressed map) still
    /// takes the nearest palette class; palette colours are at least 173 apart.
    /// </summary>
    public int ParsingColorTolerance { get; init; } = 60;

    /// <summary>Audio feature file name to use (e.g. <c>aud_hu.npy</c>) instead of the first present in <see cref="ErNerfLayout.AudioFeatureFiles"/>.</summary>
    public string? AudioFeatureFile { get; init; }
}
