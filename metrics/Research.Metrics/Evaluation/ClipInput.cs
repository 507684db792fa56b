using System.Numerics;
using Research.Media.Audio;
using Research.Media.Imaging;

namespace Research.Metrics.Evaluation;

/// <summary>
/// A predicted clip and its ground truth as <see cref="ClipEvaluator"/> reads them: frames loaded one pair at a time,
/// optional audio (Sync), optional ground-truth landmarks (Sync face crop) and optional inputs for OpenFace (AUE, LMD).
/// </summary>
public sealed record ClipInput
{
    /// <summary>Frame names in order; one per frame pair.</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>Loads predicted frame i (RGB).</summary>
    public required Func<int, ByteImage> LoadPred { get; init; }

    /// <summary>Loads ground-truth frame i (RGB, same size).</summary>
    public required Func<int, ByteImage> LoadGt { get; init; }

    /// <summary>Frames per second of both clips (SyncNet assumes 25).</summary>
    public double Fps { get; init; } = 25;

    /// <summary>The audio that goes with the frames, starting at frame 0; null: no Sync.</summary>
    public AudioClip? Audio { get; init; }

    /// <summary>68-point ground-truth landmarks per frame, in pixels; needed for the Sync face crop.</summary>
    public IReadOnlyList<Vector2[]>? Landmarks { get; init; }

    /// <summary>What OpenFace reads for the prediction: a folder of frames or a video; null: no AUE / LMD.</summary>
    public string? PredOpenFaceInput { get; init; }

    /// <summary>What OpenFace reads for the ground truth: a folder of frames or a video.</summary>
    public string? GtOpenFaceInput { get; init; }

    /// <summary>Where OpenFace writes its CSVs (subfolders <c>pred</c> and <c>gt</c>); a temp folder when null.</summary>
    public string? WorkDirectory { get; init; }
}
