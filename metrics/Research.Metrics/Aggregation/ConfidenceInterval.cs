using System.Text.Json.Serialization;

namespace Research.Metrics.Aggregation;

/// <summary>
/// A two-sided confidence interval. NaN bounds (no finite values) serialize as the JSON string "NaN".
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record ConfidenceInterval
{
    /// <summary>Lower bound.</summary>
    [JsonPropertyName("lower")]
    public required double Lower { get; init; }

    /// <summary>Upper bound.</summary>
    [JsonPropertyName("upper")]
    public required double Upper { get; init; }

    /// <summary>Nominal coverage, e.g. 0.95.</summary>
    [JsonPropertyName("level")]
    public required double Level { get; init; }

    /// <summary>Upper − lower.</summary>
    [JsonIgnore]
    public double Width => Upper - Lower;

    /// <summary>True when lower ≤ <paramref name="value"/> ≤ upper.</summary>
    public bool Contains(double value) => Lower <= value && value <= Upper;
}
