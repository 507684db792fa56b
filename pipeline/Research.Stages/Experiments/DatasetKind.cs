namespace Research.Stages.Experiments;

/// <summary>Where a dataset comes from.</summary>
public enum DatasetKind
{
    /// <summary>The built-in synthetic talking head, generated in the ER-NeRF layout with full ground truth.</summary>
    Synthetic,

    /// <summary>A directory in the ER-NeRF / TalkingGaussian layout (e.g. May or Obama preprocessed by the official scripts).</summary>
    Ernerf,

    /// <summary>A raw talking-head video: frames and 16 kHz mono audio are extracted with ffmpeg.</summary>
    Video,
}
