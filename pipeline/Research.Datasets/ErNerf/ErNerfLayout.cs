using System.Globalization;

namespace Research.Datasets.ErNerf;

/// <summary>
/// File and folder names of the dataset layout written by the ER-NeRF / TalkingGaussian preprocessing
/// (<c>data_utils/process.py</c>); frame files are named by 0-based integer index.
/// </summary>
public static class ErNerfLayout
{
    /// <summary>Original frames: <c>ori_imgs/&lt;i&gt;.jpg|png</c>, with landmarks <c>ori_imgs/&lt;i&gt;.lms</c>.</summary>
    public const string OriginalImages = "ori_imgs";

    /// <summary>Colour-coded face parsing maps <c>parsing/&lt;i&gt;.png</c>.</summary>
    public const string Parsing = "parsing";

    /// <summary>Boolean H×W teeth masks <c>teeth_mask/&lt;i&gt;.npy</c> (optional).</summary>
    public const string TeethMasks = "teeth_mask";

    /// <summary>RGBA neck and torso images <c>torso_imgs/&lt;i&gt;.png</c>.</summary>
    public const string TorsoImages = "torso_imgs";

    /// <summary>Frames with the background replaced by the plate <c>gt_imgs/&lt;i&gt;.jpg|png</c>.</summary>
    public const string GroundTruthImages = "gt_imgs";

    /// <summary>Static background plate, <c>bc.jpg</c> or <c>bc.png</c> (without extension).</summary>
    public const string BackgroundStem = "bc";

    /// <summary>16 kHz audio track.</summary>
    public const string Audio = "aud.wav";

    /// <summary>OpenFace 2.2 action units.</summary>
    public const string ActionUnits = "au.csv";

    /// <summary>Training cameras (first 10/11 of frames).</summary>
    public const string TransformsTrain = "transforms_train.json";

    /// <summary>Held-out cameras (last 1/11 of frames).</summary>
    public const string TransformsVal = "transforms_val.json";

    /// <summary>Ground truth that only the synthetic generator can write (blendshapes, pose, identity).</summary>
    public const string SyntheticFolder = "synthetic";

    /// <summary>The clip as a video with audio (synthetic datasets, when ffmpeg is present).</summary>
    public const string Clip = "clip.mp4";

    /// <summary>Landmark file extension.</summary>
    public const string LandmarkExtension = ".lms";

    /// <summary>File names of precomputed audio features, in the order the importer prefers them.</summary>
    public static IReadOnlyList<string> AudioFeatureFiles { get; } = ["aud_ds.npy", "aud_hu.npy", "aud_eo.npy", "aud.npy"];

    /// <summary><c>&lt;root&gt;/&lt;folder&gt;/&lt;index&gt;&lt;extension&gt;</c>, e.g. <c>ori_imgs/12.png</c>.</summary>
    public static string FramePath(string root, string folder, int index, string extension) =>
        Path.Combine(root, folder, index.ToString(CultureInfo.InvariantCulture) + extension);
}
