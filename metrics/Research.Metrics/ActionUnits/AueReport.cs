using System.Text.Json.Serialization;
using Research.Metrics.Aggregation;

namespace Research.Metrics.ActionUnits;

/// <summary>AUE-U, AUE-L and the 17-unit AUE of a predicted video against its ground truth, with per-frame values.</summary>
public sealed record AueReport
{
    /// <summary>The predicted OpenFace CSV.</summary>
    [JsonPropertyName("predPath")]
    public required string PredPath { get; init; }

    /// <summary>The ground-truth OpenFace CSV.</summary>
    [JsonPropertyName("gtPath")]
    public required string GtPath { get; init; }

    /// <summary>Row pairing used, e.g. <c>RowIndex</c>.</summary>
    [JsonPropertyName("alignment")]
    public required string Alignment { get; init; }

    /// <summary>Data rows in the predicted CSV.</summary>
    [JsonPropertyName("predRows")]
    public required int PredRows { get; init; }

    /// <summary>Data rows in the ground-truth CSV.</summary>
    [JsonPropertyName("gtRows")]
    public required int GtRows { get; init; }

    /// <summary>Bootstrap settings behind the intervals.</summary>
    [JsonPropertyName("bootstrap")]
    public required BootstrapOptions Bootstrap { get; init; }

    /// <summary>AUE-U (upper face, 8 units).</summary>
    [JsonPropertyName("upper")]
    public required AueSetResult Upper { get; init; }

    /// <summary>AUE-L (lower face, 9 units).</summary>
    [JsonPropertyName("lower")]
    public required AueSetResult Lower { get; init; }

    /// <summary>AUE over all 17 units (the first value <c>auerror.py</c> prints; = U + L).</summary>
    [JsonPropertyName("all")]
    public required AueSetResult All { get; init; }

    /// <summary>Per-frame errors of the paired rows, in pairing order.</summary>
    [JsonPropertyName("frames")]
    public required IReadOnlyList<AueFrame> Frames { get; init; }
}
