using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Per-frame PSNR, SSIM and (when computed) LPIPS of a sequence with their aggregates. Serializes to camelCase JSON as is
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

    /// <summary>LPIPS aggregate; absent when LPIPS was not computed.</summary>
    [JsonPropertyName("lpips")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MetricAggregate? Lpips { get; init; }

    /// <summary>Name of the LPIPS variant used, e.g. <c>alex_v0.1_normalize</c>; absent without LPIPS.</summary>
    [JsonPropertyName("lpipsVariant")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LpipsVariant { get; init; }

    /// <summary>The LPIPS trunk and lin files, with their hashes; absent without LPIPS.</summary>
    [JsonPropertyName("lpipsWeights")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WeightFile>? LpipsWeights { get; init; }

    /// <summary>Per-frame values, in evaluation order.</summary>
    [JsonPropertyName("frames")]
    public required IReadOnlyList<FrameMetrics> Frames { get; init; }
}
