using System.Text.Json.Serialization;

namespace Research.Tensors.Checkpoints;

/// <summary>One optimiser parameter group as stored in the checkpoint metadata (JSON, PyTorch's key names).</summary>
internal sealed class GroupRecord
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("lr")]
    public double Lr { get; set; }

    [JsonPropertyName("betas")]
    public double[]? Betas { get; set; }

    [JsonPropertyName("eps")]
    public double Eps { get; set; }

    [JsonPropertyName("weight_decay")]
    public double WeightDecay { get; set; }

    [JsonPropertyName("momentum")]
    public double Momentum { get; set; }

    [JsonPropertyName("params")]
    public string[]? Params { get; set; }
}
