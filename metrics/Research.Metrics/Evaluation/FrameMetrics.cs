using System.Text.Json.Serialization;

namespace Research.Metrics.Evaluation;

/// <summary>
/// Metric values of one frame. A PSNR of +∞ (frame identical to its ground truth) serializes as the JSON string
/// <c>"Infinity"</c> (<see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/>), and reads back as +∞.
/// </summary>
[JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
public sealed record FrameMetrics
{
    /// <summary>Frame name (file name when the frames come from files).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>PSNR in dB, peak 1; +∞ for identical frames.</summary>
    [JsonPropertyName("psnr")]
    public required double Psnr { get; init; }

    /// <summary>Mean SSIM with the report's variant.</summary>
    [JsonPropertyName("ssim")]
    public required double Ssim { get; init; }

    /// <summary>LPIPS with the report's variant; absent when LPIPS was not computed.</summary>
    [JsonPropertyName("lpips")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Lpips { get; init; }
}
