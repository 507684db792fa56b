using Research.Media.Imaging;

namespace Research.Datasets.Prepared;

/// <summary>
/// What a method sees of a dataset: frames streamed from disk on demand (never all preloaded), per-frame audio
/// feature windows, and the train/test split.
/// </summary>
public interface ITalkingHeadData
{
    /// <summary>Number of video frames.</summary>
    int FrameCount { get; }

    /// <summary>Frame width in pixels.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>Frames per second.</summary>
    double Fps { get; }

    /// <summary>Training frame indices (the first part of the clip).</summary>
    IReadOnlyList<int> TrainFrames { get; }

    /// <summary>Held-out frame indices (the last part of the clip).</summary>
    IReadOnlyList<int> TestFrames { get; }

    /// <summary>Audio feature windows, shape [FrameCount, steps, channels].</summary>
    Research.Datasets.AudioFeatures.FeatureWindows AudioFeatures { get; }

    /// <summary>One RGB ground-truth frame; the image may be shared through a cache, so do not modify it.</summary>
    ByteImage LoadFrame(int index);
}
