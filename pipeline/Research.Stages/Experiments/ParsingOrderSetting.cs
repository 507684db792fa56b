namespace Research.Stages.Experiments;

/// <summary>Channel order of parsing maps in an ER-NeRF-layout dataset.</summary>
public enum ParsingOrderSetting
{
    /// <summary>Detect from the maps (the face lies above the cloth).</summary>
    Auto,

    /// <summary>Colours as TalkingGaussian writes them (face blue when read as RGB).</summary>
    Rgb,

    /// <summary>Red and blue swapped (maps written with RGB triples through OpenCV).</summary>
    Bgr,
}
