using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Per-frame PSNR and SSIM of a sequence with their aggregates. Serializes to camelCase JSON as is
/// (see <see cref="MetricsJson"/>); +∞ and NaN appear as the strings "Infinity" and "NaN".
/// </summary>
public sealed record ImageMetricsReport
{
    /// <summary>Id of the SSIM variant used, e.g. <c>gaussian11-valid</c>.</summary>
    [JsonPropertyName("ssimVariant")]
    public required string SsimVariant { get; init; }

    /// <summary>Bootstrap settings behind the intervals.</summary>
    [JsonPropertyName("bootstrap")]
    public required BootstrapOptions Bootstrap { get; init; }

    /// <summary>PSNR aggregate; +∞ frames are excluded from the mean and counted in <see cref="MetricAggregate.InfiniteCount"/>.</summary>
    [JsonPropertyName("psnr")]
    public required MetricAggregate Psnr { get; init; }

    /// <summary>SSIM aggregate.</summary>
    [JsonPropertyName("ssim")]
    public required MetricAggregate Ssim { get; init; }

    /// <summary>Per-frame values, in evaluation order.</summary>
    [JsonPropertyName("frames")]
    public required IReadOnlyList<FrameMetrics> Frames { get; init; }
}
