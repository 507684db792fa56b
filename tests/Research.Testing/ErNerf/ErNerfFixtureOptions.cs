using Research.Datasets.ErNerf;

namespace Research.Testing.ErNerf;

/// <summary>What <see cref="ErNerfFixture.Write"/> puts into a small ER-NeRF layout folder.</summary>
public sealed record ErNerfFixtureOptions
{
    /// <summary>Number of frames.</summary>
    public int Frames { get; init; } = 12;

    /// <summary>Frame width (at least 40).</summary>
    public int Width { get; init; } = 40;

    /// <summary>Frame height (at least 48).</summary>
    public int Height { get; init; } = 48;

    /// <summary>Write ori_imgs (and gt_imgs, bc) as .jpg through ffmpeg instead of .png.</summary>
    public bool Jpeg { get; init; }

    /// <summary>Write parsing maps; null for none.</summary>
    public ParsingChannelOrder? Parsing { get; init; } = ParsingChannelOrder.Rgb;

    /// <summary>Write landmark files.</summary>
    public bool Landmarks { get; init; } = true;

    /// <summary>Write au.csv; with <see cref="AuLeadingSpaces"/> false the header uses plain commas.</summary>
    public bool ActionUnits { get; init; } = true;

    /// <summary>OpenFace 2.2 header style (", " separators).</summary>
    public bool AuLeadingSpaces { get; init; } = true;

    /// <summary>Rows in au.csv; null for one per frame.</summary>
    public int? AuRows { get; init; }

    /// <summary>Name of the audio feature file; null for none.</summary>
    public string? AudioFeatureFile { get; init; } = "aud_ds.npy";

    /// <summary>Window and channels of the audio features.</summary>
    public (int Window, int Channels) AudioFeatureShape { get; init; } = (16, 29);

    /// <summary>Rows of the audio features; null for one per frame.</summary>
    public int? AudioFeatureRows { get; init; }

    /// <summary>Seconds of aud.wav; null for frames / 25; negative for no file.</summary>
    public double? AudioSeconds { get; init; }

    /// <summary>Write teeth_mask/*.npy.</summary>
    public bool TeethMasks { get; init; }

    /// <summary>Write torso_imgs/*.png.</summary>
    public bool Torso { get; init; } = true;

    /// <summary>Write gt_imgs.</summary>
    public bool GroundTruth { get; init; } = true;

    /// <summary>Write bc.png / bc.jpg.</summary>
    public bool Background { get; init; } = true;

    /// <summary>Write transforms_train.json and transforms_val.json.</summary>
    public bool Transforms { get; init; } = true;
}
