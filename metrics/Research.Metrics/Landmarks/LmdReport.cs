using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.Landmarks;

/// <summary>Per-frame LMD of a sequence with its mean and bootstrap interval.</summary>
public sealed record LmdReport
{
    /// <summary>Where the predicted landmarks came from.</summary>
    [JsonPropertyName("pred")]
    public required string Pred { get; init; }

    /// <summary>Where the ground-truth landmarks came from.</summary>
    [JsonPropertyName("gt")]
    public required string Gt { get; init; }

    /// <summary>Bootstrap settings behind the interval.</summary>
    [JsonPropertyName("bootstrap")]
    public required BootstrapOptions Bootstrap { get; init; }

    /// <summary>Mean of the per-frame values (pixels), count and interval.</summary>
    [JsonPropertyName("lmd")]
    public required MetricAggregate Lmd { get; init; }

    /// <summary>Per-frame values in frame order.</summary>
    [JsonPropertyName("frames")]
    public required IReadOnlyList<LmdFrame> Frames { get; init; }
}
