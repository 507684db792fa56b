using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.ActionUnits;

/// <summary>AUE of one action-unit set.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record AueSetResult
{
    /// <summary>The units of the set, e.g. <see cref="ActionUnitSets.Upper"/>.</summary>
    [JsonPropertyName("units")]
    public required IReadOnlyList<string> Units { get; init; }

    /// <summary>
    /// <see cref="MetricAggregate.Mean"/> is the reference AUE: Σ over units of the per-unit mean squared difference
    /// (<see cref="PerUnit"/>). The count and the bootstrap interval are those of the finite per-frame values; without
    /// NaN inputs the mean equals the mean of the per-frame values (up to rounding).
    /// </summary>
    [JsonPropertyName("aggregate")]
    public required MetricAggregate Aggregate { get; init; }

    /// <summary>Mean over paired rows of (I_pred − I_gt)² per unit (rows where either value is NaN are skipped, as pandas does).</summary>
    [JsonPropertyName("perUnit")]
    public required IReadOnlyDictionary<string, double> PerUnit { get; init; }
}
