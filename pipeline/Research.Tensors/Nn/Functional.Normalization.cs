using System.Numerics;
using Research.Tensors.Kernels;

namespace Research.Tensors.Nn;

/// <content>Layer normalisation (fused forward and backward).</content>
public static partial class Functional
{
    /// <summary>
    /// Layer norm like <c>torch.nn.functional.layer_norm</c>: over the last dimensions given by
    /// <paramref name="normalizedShape"/>, y = (x − mean) / √(var + ε) · w + b with the biased variance.
    /// <paramref name="weight"/> and <paramref name="bias"/> (optional) have shape <paramref name="normalizedShape"/>.
    /// </summary>
    public static Tensor<T> LayerNorm<T>(Tensor<T> input, int[] normalizedShape, Tensor<T>? weight = null, Tensor<T>? bias = null, double eps = 1e-5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(normalizedShape);
        var k = normalizedShape.Length;
        var fits = k >= 1 && k <= input.Rank && input.Shape.Skip(input.Rank - k).SequenceEqual(normalizedShape)
            && (weight is null || weight.Shape.SequenceEqual(normalizedShape))
            && (bias is null || bias.Shape.SequenceEqual(normalizedShape));
        if (!fits)
        {
            var ws = weight is null ? "none" : Tensor<T>.FormatShape(weight.Shape);
            var b = bias is null ? "none" : Tensor<T>.FormatShape(bias.Shape);
            throw new ArgumentException($"LayerNorm: input {Tensor<T>.FormatShape(input.Shape)} does not end with normalized shape {Tensor<T>.FormatShape(normalizedShape)} (weight {ws}, bias {b}).", nameof(normalizedShape));
        }

        var cols = Tensor<T>.Numel(normalizedShape);
        var rows = cols == 0 ? 0 : input.ElementCount / cols;
        var x = input.IsContiguous ? input : input.Clone();
        var w = weight?.ToArray();
        var bArr = bias?.ToArray();
        var y = new Tensor<T>(input.ShapeArray.ToArray());
        var mean = new T[rows];
        var rstd = new T[rows];
        LayerNormKernel.Forward(x.Storage, x.Offset, w, bArr, T.CreateChecked(eps), rows, cols, y.Storage, mean, rstd);

        Tensor<T>[] inputs = weight is null && bias is null ? [input] : weight is null ? [input, bias!] : bias is null ? [input, weight] : [input, weight, bias];
        return Tensor<T>.Record(y, "LayerNorm", inputs, g =>
        {
            var gc = g.IsContiguous ? g : g.Clone();
            var ga = gc.Offset == 0 && gc.Storage.Length == gc.ElementCount ? gc.Storage : gc.ToArray();
            Tensor<T>? dx = null, dw = null, db = null;
            if (input.RequiresGrad)
            {
                dx = new Tensor<T>(input.ShapeArray.ToArray());
                LayerNormKernel.BackwardInput(x.Storage, x.Offset, ga, w, mean, rstd, rows, cols, dx.Storage);
            }

            var needW = weight is not null && weight.RequiresGrad;
            var needB = bias is not null && bias.RequiresGrad;
            if (needW || needB)
            {
                dw = needW ? new Tensor<T>((int[])normalizedShape.Clone()) : null;
                db = needB ? new Tensor<T>((int[])normalizedShape.Clone()) : null;
                LayerNormKernel.BackwardAffine(x.Storage, x.Offset, ga, mean, rstd, rows, cols, dw?.Storage, db?.Storage);
            }

            return weight is null && bias is null ? [dx] : weight is null ? [dx, db] : bias is null ? [dx, dw] : [dx, dw, db];
        });
    }
}
