using Research.Datasets.AudioFeatures;

namespace Research.Methods;

/// <summary>
/// What drives a novel-audio render: per-frame feature windows of the new audio [N, steps, C] and, for every output
/// frame, the dataset frame whose pose, AUs and torso/background are replayed.
/// </summary>
public sealed record AudioDrive
{
    /// <summary>Creates a drive; <paramref name="sourceFrames"/> needs one entry per feature frame.</summary>
    public AudioDrive(FeatureWindows features, IReadOnlyList<int> sourceFrames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(sourceFrames);
        if (sourceFrames.Count != features.Frames)
        {
            throw new ArgumentException($"AudioDrive: {sourceFrames.Count} source frames for {features.Frames} audio feature frames; give one per frame.", nameof(sourceFrames));
        }

        Features = features;
        SourceFrames = sourceFrames;
    }

    /// <summary>The new audio's feature windows, one per output frame.</summary>
    public FeatureWindows Features { get; }

    /// <summary>Dataset frame replayed for each output frame (camera, AUs, torso/background).</summary>
    public IReadOnlyList<int> SourceFrames { get; }

    /// <summary>Number of output frames (= feature frames).</summary>
    public int FrameCount => Features.Frames;

    /// <summary>Replays <paramref name="poses"/> in order and from the start again when the audio is longer: output frame k uses <c>poses[k mod count]</c>.</summary>
    public static AudioDrive Replay(FeatureWindows features, IReadOnlyList<int> poses)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(poses);
        if (poses.Count == 0)
        {
            throw new ArgumentException("AudioDrive.Replay: no frames to replay poses from (the chosen split is empty).", nameof(poses));
        }

        return new AudioDrive(features, [.. Enumerable.Range(0, features.Frames).Select(k => poses[k % poses.Count])]);
    }
}
