namespace Research.Datasets.ErNerf;

/// <summary>How the importer settled on a <see cref="ParsingChannelOrder"/>.</summary>
public enum ParsingOrderSource
{
    /// <summary>From the maps: the face colour lies above the cloth colour.</summary>
    Detected,

    /// <summary>Set by <see cref="ErNerfImportOptions.ParsingChannelOrder"/>.</summary>
    Forced,

    /// <summary>No sampled map had both face and cloth pixels; RGB assumed (a warning says so).</summary>
    Default,
}
