using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>
/// Batch normalisation layer for inference (like PyTorch's <c>_BatchNorm</c> in eval mode): parameters "weight"
/// (ones) and "bias" (zeros) when affine, buffers "running_mean" (zeros) and "running_var" (ones), all [C].
/// PyTorch's int64 "num_batches_tracked" buffer is not kept (it only matters for training with momentum = None);
/// skip it when loading a state dict. Only evaluation mode is supported: <see cref="Forward"/> throws while the
/// module is in training mode, so call <see cref="Module{T}.Eval"/> first.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public abstract class BatchNormBase<T> : Module<T>, ILayer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels.</summary>
    protected BatchNormBase(int numFeatures, double eps, bool affine)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        NumFeatures = numFeatures;
        Eps = eps;
        Weight = affine ? RegisterParameter("weight", Tensor.Ones<T>(numFeatures)) : null;
        Bias = affine ? RegisterParameter("bias", Tensor.Zeros<T>(numFeatures)) : null;
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros<T>(numFeatures));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones<T>(numFeatures));
    }

    /// <summary>Channels (dimension 1 of the input).</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>Scale [C], or null when not affine.</summary>
    public Tensor<T>? Weight { get; }

    /// <summary>Shift [C], or null when not affine.</summary>
    public Tensor<T>? Bias { get; }

    /// <summary>Running mean [C] (a buffer; overwrite its values when loading weights).</summary>
    public Tensor<T> RunningMean { get; }

    /// <summary>Running variance [C] (a buffer; overwrite its values when loading weights).</summary>
    public Tensor<T> RunningVar { get; }

    /// <summary>Name used in error messages ("BatchNorm2d").</summary>
    protected abstract string OpName { get; }

    /// <summary>Input ranks the layer accepts.</summary>
    protected abstract IReadOnlyList<int> Ranks { get; }

    /// <summary>Normalises with the running statistics (evaluation mode only).</summary>
    /// <exception cref="InvalidOperationException">The module is in training mode.</exception>
    public Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (IsTraining)
        {
            throw new InvalidOperationException($"{OpName}: training mode (batch statistics) is not supported; call Eval() to normalise with the running statistics.");
        }

        if (!Ranks.Contains(input.Rank) || input.Shape[1] != NumFeatures)
        {
            throw new ArgumentException($"{OpName}: input {Tensor<T>.FormatShape(input.Shape)} must have rank {string.Join(" or ", Ranks)} and {NumFeatures} channels in dimension 1.", nameof(input));
        }

        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Eps);
    }
}
