using System.Text.Json.Serialization;
using Research.Metrics.ActionUnits;
using Research.Metrics.Landmarks;
using Research.Metrics.Sync;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Every metric of one clip: image metrics per frame, Sync-C / Sync-D, AUE and LMD when their weights, audio and tools
/// were available, and for each metric that was asked for but not computed, the reason (<see cref="Unavailable"/>).
/// A section is absent (not zero) when its metric was not computed.
/// </summary>
public sealed record MetricsReport
{
    /// <summary>PSNR, SSIM and LPIPS per frame with aggregates.</summary>
    [JsonPropertyName("image")]
    public required ImageMetricsReport Image { get; init; }

    /// <summary>Sync-C / Sync-D of the predicted frames with the clip's audio.</summary>
    [JsonPropertyName("sync")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public SyncReport? Sync { get; init; }

    /// <summary>Action-unit errors from OpenFace CSVs of prediction and ground truth.</summary>
    [JsonPropertyName("aue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AueReport? Aue { get; init; }

    /// <summary>Mouth landmark distance.</summary>
    [JsonPropertyName("lmd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LmdReport? Lmd { get; init; }

    /// <summary>Metrics asked for but not computed, with the one-line reason.</summary>
    [JsonPropertyName("unavailable")]
    public IReadOnlyList<UnavailableMetric> Unavailable { get; init; } = [];
}
