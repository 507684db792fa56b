namespace Research.Datasets.ErNerf;

/// <summary>
/// The six regions TalkingGaussian's parsing maps distinguish (BiSeNet classes merged by colour).
/// Stored as one byte per pixel in label maps.
/// </summary>
public enum ParsingClass : byte
{
    /// <summary>White: everything that is not the person.</summary>
    Background = 0,

    /// <summary>Blue: skin, brows, eyes, ears, nose, lips (BiSeNet classes 1–10, 12, 13, 18).</summary>
    Face = 1,

    /// <summary>Grey 100: the inner mouth, including teeth and tongue (class 11).</summary>
    InnerMouth = 2,

    /// <summary>Green: neck and necklace (classes 14, 15).</summary>
    Neck = 3,

    /// <summary>Red: cloth, i.e. the torso (class 16).</summary>
    Cloth = 4,

    /// <summary>Black: hair (class 17).</summary>
    Hair = 5,
}
