using System.Text.Json.Serialization;

namespace Research.Metrics.Landmarks;

/// <summary>LMD of one frame: mean Euclidean distance (pixels) between the mean-centred mouth points 48–67.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record LmdFrame
{
    /// <summary>Frame name from the predicted source.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Frame name from the ground-truth source.</summary>
    [JsonPropertyName("gtName")]
    public required string GtName { get; init; }

    /// <summary>Distance in pixels of the evaluated frame.</summary>
    [JsonPropertyName("lmd")]
    public required double Lmd { get; init; }
}
