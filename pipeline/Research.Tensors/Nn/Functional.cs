using System.Numerics;

namespace Research.Tensors.Nn;

/// <summary>Stateless layers and losses (like <c>torch.nn.functional</c>).</summary>
public static partial class Functional
{
    /// <summary>y = x · Wᵀ + b for x of shape [..., in], <paramref name="weight"/> [out, in], <paramref name="bias"/> [out].</summary>
    public static Tensor<T> Linear<T>(Tensor<T> input, Tensor<T> weight, Tensor<T>? bias = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2 || input.Rank < 1 || input.Shape[^1] != weight.Shape[1]
            || (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])))
        {
            var b = bias is null ? "none" : Tensor<T>.FormatShape(bias.Shape);
            throw new ArgumentException($"Linear: input {Tensor<T>.FormatShape(input.Shape)}, weight {Tensor<T>.FormatShape(weight.Shape)} and bias {b} do not fit.", nameof(input));
        }

        var outShape = input.Shape.ToArray();
        outShape[^1] = weight.Shape[0];
        var y = input.Reshape(-1, weight.Shape[1]).Matmul(weight.Transpose(0, 1));
        if (bias is not null)
        {
            y = y.Add(bias);
        }

        return y.Reshape(outShape);
    }

    /// <summary>Mean absolute error (mean reduction).</summary>
    public static Tensor<T> L1Loss<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLossShapes("L1Loss", prediction, target);
        return prediction.Sub(target).Abs().Mean();
    }

    /// <summary>Mean squared error (mean reduction).</summary>
    public static Tensor<T> MseLoss<T>(Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLossShapes("MseLoss", prediction, target);
        return Tensor<T>.MseLossFused(prediction, target);
    }

    private static void CheckLossShapes<T>(string op, Tensor<T> prediction, Tensor<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        Tensor<T>.CheckSameShape(op, prediction, target);
    }
}
