using Research.Metrics.ActionUnits;
using Research.Metrics.Sync;

namespace Research.Metrics.Evaluation;

/// <summary>
/// What <see cref="ClipEvaluator"/> computes: image metrics (with LPIPS when loaded), Sync when a SyncNet model is
/// loaded, AUE and LMD when OpenFace is configured, and the metrics already known to be unavailable (with reasons).
/// </summary>
public sealed record ClipMetricsSetup
{
    /// <summary>PSNR, SSIM and LPIPS settings.</summary>
    public ImageMetricsOptions Image { get; init; } = ImageMetricsOptions.Default;

    /// <summary>Loaded SyncNet; null: no Sync.</summary>
    public SyncNetModel? SyncNet { get; init; }

    /// <summary>The file <see cref="SyncNet"/> came from.</summary>
    public WeightFile? SyncNetWeights { get; init; }

    /// <summary>Crop mode; null picks <see cref="SyncCropMode.FaceCrop"/> when the clip has landmarks, else <see cref="SyncCropMode.Resize224"/>.</summary>
    public SyncCropMode? SyncCrop { get; init; }

    /// <summary>Offset search range.</summary>
    public int SyncVShift { get; init; } = SyncOffsetSearch.DefaultVShift;

    /// <summary>OpenFace <c>FeatureExtraction</c>; null: no AUE or LMD.</summary>
    public OpenFaceRunner? OpenFace { get; init; }

    /// <summary>Compute AUE from the OpenFace CSVs.</summary>
    public bool Aue { get; init; } = true;

    /// <summary>Compute LMD from the OpenFace CSVs' 2-D landmarks.</summary>
    public bool Lmd { get; init; } = true;

    /// <summary>Metrics that were asked for but cannot run (missing weights or tools), with the reason.</summary>
    public IReadOnlyList<UnavailableMetric> Unavailable { get; init; } = [];
}
