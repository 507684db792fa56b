using Research.Tensors;

namespace Research.Methods;

/// <summary>
/// A frozen perceptual distance usable as a training loss (LPIPS-alex v0.1 for TalkingGaussian), differentiable with
/// respect to the rendered images. Defined here so methods need not depend on the metrics library; the stage layer
/// builds it from the configured LPIPS weights and passes it in <see cref="MethodContext.PerceptualLoss"/>.
/// </summary>
public interface IPerceptualLoss
{
    /// <summary>One line for the training log naming the network and its weight files (paths and SHA-256).</summary>
    string Description { get; }

    /// <summary>Smallest image side the network accepts (31 for AlexNet).</summary>
    int MinimumSide { get; }

    /// <summary>
    /// The distance of each pair of two [N, 3, H, W] batches (or two [3, H, W] images) with values in [0, 1], as a
    /// tensor [N]; the gradient flows into <paramref name="images"/> only.
    /// </summary>
    Tensor<float> Distances(Tensor<float> images, Tensor<float> targets);
}
