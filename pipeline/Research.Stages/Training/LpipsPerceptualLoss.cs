using Research.Metrics.Evaluation;
using Research.Metrics.Lpips;
using Research.Methods;
using Research.Tensors;

namespace Research.Stages.Training;

/// <summary>
/// <see cref="IPerceptualLoss"/> over the metrics library's differentiable LPIPS (<see cref="LpipsLoss"/>, [0, 1]
/// inputs scaled to [−1, 1]): the training-side twin of the evaluate stage's LPIPS metric, from the same files.
/// </summary>
public sealed class LpipsPerceptualLoss : IPerceptualLoss
{
    private readonly LpipsLoss loss;

    /// <summary>Wraps a loaded network; <paramref name="weights"/> are the files it came from (for the log line).</summary>
    public LpipsPerceptualLoss(LpipsNetwork network, IReadOnlyList<WeightFile> weights)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(weights);
        loss = new LpipsLoss(network, LpipsInputRange.ZeroToOne);
        var net = network.Net == LpipsNet.Alex ? "alex" : "vgg";
        Description = $"{net} weights {string.Join(", ", weights.Select(w => $"{w.Path} sha256 {w.Sha256}"))}";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public int MinimumSide => loss.Network.MinimumSide;

    /// <inheritdoc />
    public Tensor<float> Distances(Tensor<float> images, Tensor<float> targets) => loss.Distances(images, targets);
}
