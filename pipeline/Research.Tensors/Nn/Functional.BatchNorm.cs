using System.Numerics;
using Research.Tensors.Autograd;
using Research.Tensors.Threading;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace Research.Tensors.Nn;

/// <content>Batch normalisation with fixed statistics (evaluation mode).</content>
public static partial class Functional
{
    private const int BatchNormMinParallelElements = 1 << 15;

    /// <summary>
    /// Batch normalisation in evaluation mode (like <c>torch.nn.functional.batch_norm(training=False)</c>):
    /// y = (x − mean) / √(var + eps) · weight + bias per channel (dimension 1) of an [N, C, …] input.
    /// Without a gradient to record it is one fused pass y = x · α + β with α = weight / √(var + eps) and
    /// β = bias − mean · α (PyTorch's CPU formulation); when recording and any argument requires a gradient it is
    /// built from differentiable ops instead, so gradients reach the input, weight, bias and even the statistics.
    /// Batch statistics (training mode) are not supported.
    /// </summary>
    public static Tensor<T> BatchNorm<T>(Tensor<T> input, Tensor<T> runningMean, Tensor<T> runningVar, Tensor<T>? weight = null, Tensor<T>? bias = null, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVar);
        if (input.Rank < 2)
        {
            throw new ArgumentException($"BatchNorm: input {Tensor<T>.FormatShape(input.Shape)} needs at least 2 dimensions [N, C, …].", nameof(input));
        }

        var channels = input.Shape[1];
        foreach (var (name, t) in new[] { ("running mean", runningMean), ("running var", runningVar), ("weight", weight), ("bias", bias) })
        {
            if (t is not null && (t.Rank != 1 || t.Shape[0] != channels))
            {
                throw new ArgumentException($"BatchNorm: {name} {Tensor<T>.FormatShape(t.Shape)} does not match the {channels} channels of input {Tensor<T>.FormatShape(input.Shape)}.", nameof(input));
            }
        }

        if (!(eps >= 0))
        {
            throw new ArgumentException($"BatchNorm: eps must be non-negative, got {eps}.", nameof(eps));
        }

        var e = T.CreateChecked(eps);
        var needsGraph = GradMode.IsEnabled && (input.RequiresGrad || runningMean.RequiresGrad || runningVar.RequiresGrad
            || weight is { RequiresGrad: true } || bias is { RequiresGrad: true });
        if (needsGraph)
        {
            var view = Enumerable.Repeat(1, input.Rank).ToArray();
            view[1] = channels;
            var y = input.Sub(runningMean.Reshape(view)).Div(runningVar.Reshape(view).Add(e).Sqrt());
            if (weight is not null)
            {
                y = y.Mul(weight.Reshape(view));
            }

            return bias is null ? y : y.Add(bias.Reshape(view));
        }

        var mean = runningMean.ToArray();
        var variance = runningVar.ToArray();
        var w = weight?.ToArray();
        var b = bias?.ToArray();
        var scale = new T[channels];
        var shift = new T[channels];
        for (var c = 0; c < channels; c++)
        {
            scale[c] = (w is null ? T.One : w[c]) / T.Sqrt(variance[c] + e);
            shift[c] = (b is null ? T.Zero : b[c]) - (mean[c] * scale[c]);
        }

        var x = input.IsContiguous ? input : input.Clone();
        var result = new Tensor<T>(input.ShapeArray);
        var plane = channels == 0 ? 0 : input.ElementCount / (input.Shape[0] * channels);
        var planes = input.Shape[0] * channels;
        var (src, srcOffset, dst) = (x.Storage, x.Offset, result.Storage);
        ComputeThreads.For(planes, Math.Max(1, BatchNormMinParallelElements / Math.Max(1, plane)), (_, p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
            {
                var c = p % channels;
                var to = dst.AsSpan(p * plane, plane);
                TP.Multiply<T>(src.AsSpan(srcOffset + (p * plane), plane), scale[c], to);
                TP.Add<T>(to, shift[c], to);
            }
        });
        return result;
    }
}
