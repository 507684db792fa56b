using Research.Media.Imaging;

namespace Research.Metrics.Evaluation;

/// <summary>A named predicted frame with its ground truth, already decoded.</summary>
public sealed record ImagePair
{
    /// <summary>Frame name reported in results.</summary>
    public required string Name { get; init; }

    /// <summary>Predicted (rendered) image in [0, 1].</summary>
    public required FloatImage Pred { get; init; }

    /// <summary>Ground-truth image in [0, 1], same shape as <see cref="Pred"/>.</summary>
    public required FloatImage Gt { get; init; }
}
