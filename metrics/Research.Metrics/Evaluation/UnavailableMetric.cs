using System.Text.Json.Serialization;

namespace Research.Metrics.Evaluation;

/// <summary>A metric that was asked for but not computed, with the one-line reason (e.g. which weight files are missing and where they come from).</summary>
public sealed record UnavailableMetric
{
    /// <summary>Metric id: <c>lpips</c>, <c>sync</c>, <c>aue</c> or <c>lmd</c>.</summary>
    [JsonPropertyName("metric")]
    public required string Metric { get; init; }

    /// <summary>Why it is missing and how to get it.</summary>
    [JsonPropertyName("reason")]
    public required string Reason { get; init; }
}
