namespace Research.Datasets.ErNerf;

/// <summary>Channel order of parsing maps on disk.</summary>
public enum ParsingChannelOrder
{
    /// <summary>As TalkingGaussian writes them: face blue (0,0,255), cloth red (255,0,0) when read as RGB.</summary>
    Rgb,

    /// <summary>Red and blue swapped (face red, cloth blue), e.g. maps re-saved through a BGR/RGB mix-up.</summary>
    Bgr,
}
