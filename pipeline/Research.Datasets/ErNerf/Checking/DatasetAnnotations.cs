namespace Research.Datasets.ErNerf.Checking;

/// <summary>Which parts of the ER-NeRF layout a dataset has.</summary>
public sealed record DatasetAnnotations
{
    /// <summary><c>ori_imgs/&lt;i&gt;.lms</c>.</summary>
    public required bool Landmarks { get; init; }

    /// <summary><c>parsing/</c>.</summary>
    public required bool Parsing { get; init; }

    /// <summary><c>teeth_mask/</c>.</summary>
    public required bool TeethMask { get; init; }

    /// <summary><c>torso_imgs/</c>.</summary>
    public required bool TorsoImages { get; init; }

    /// <summary><c>gt_imgs/</c>.</summary>
    public required bool GtImages { get; init; }

    /// <summary><c>bc.jpg</c> or <c>bc.png</c>.</summary>
    public required bool Background { get; init; }

    /// <summary><c>au.csv</c>.</summary>
    public required bool ActionUnits { get; init; }

    /// <summary><c>aud.wav</c>.</summary>
    public required bool Audio { get; init; }

    /// <summary><c>transforms_train.json</c>.</summary>
    public required bool TransformsTrain { get; init; }

    /// <summary><c>transforms_val.json</c>.</summary>
    public required bool TransformsVal { get; init; }
}
