using System.Text.Json.Serialization;

namespace Research.Metrics.Pairing;

/// <summary>One predicted frame and its ground truth, as files.</summary>
public sealed record FramePair
{
    /// <summary>Frame name reported in results: the shared file name, or the pred file name for a single pair.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Path of the predicted (rendered) image.</summary>
    [JsonPropertyName("predPath")]
    public required string PredPath { get; init; }

    /// <summary>Path of the ground-truth image.</summary>
    [JsonPropertyName("gtPath")]
    public required string GtPath { get; init; }
}
