using System.Text.Json.Serialization;

namespace Research.Metrics.ActionUnits;

/// <summary>
/// Per-frame action-unit errors of one paired row: Σ over the set's units of (I_pred − I_gt)². The mean of these over
/// frames is the set's AUE. NaN when a unit of the set is NaN in either row (serialized as the string "NaN").
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record AueFrame
{
    /// <summary>OpenFace frame number of the predicted row (its <c>frame</c> column, or row + 1 without one).</summary>
    [JsonPropertyName("predFrame")]
    public required int PredFrame { get; init; }

    /// <summary>OpenFace frame number of the ground-truth row (its <c>frame</c> column, or row + 1 without one).</summary>
    [JsonPropertyName("gtFrame")]
    public required int GtFrame { get; init; }

    /// <summary>Upper-face error (AUE-U set).</summary>
    [JsonPropertyName("upper")]
    public required double Upper { get; init; }

    /// <summary>Lower-face error (AUE-L set).</summary>
    [JsonPropertyName("lower")]
    public required double Lower { get; init; }

    /// <summary>Error over all 17 units (= upper + lower).</summary>
    [JsonPropertyName("all")]
    public required double All { get; init; }
}
