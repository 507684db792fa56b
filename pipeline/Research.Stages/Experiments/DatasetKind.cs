namespace Research.Stages.Experiments;

/// <summary>Where a dataset's frames come from.</summary>
public enum DatasetKind
{
    /// <summary>A deterministic talking clip the tool generates itself (no files needed).</summary>
    Generated,

    /// <summary>A video file with audio, split into frames and 16 kHz audio by ffmpeg.</summary>
    Video,
}
