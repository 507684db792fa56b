using System.Numerics;
using Research.Tensors.Randomness;

namespace Research.Tensors.Nn;

/// <content>Dropout.</content>
public static partial class Functional
{
    /// <summary>
    /// Inverted dropout (like <c>torch.nn.functional.dropout</c>): in training each element is kept with probability
    /// 1 − <paramref name="p"/> and scaled by 1 / (1 − p), else zeroed. The keep mask draws one
    /// <see cref="Rng.NextDouble"/> per element in row-major order (element kept when the draw is ≥ p), so it is
    /// reproducible; the backward pass multiplies by the same mask. Returns <paramref name="input"/> itself (and draws
    /// nothing) when not training or p = 0; p = 1 gives zeros without drawing.
    /// </summary>
    public static Tensor<T> Dropout<T>(Tensor<T> input, double p, bool training, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout: probability {p} is not in [0, 1] (input {Tensor<T>.FormatShape(input.Shape)}).");
        }

        if (!training || p == 0)
        {
            return input;
        }

        var mask = new Tensor<T>((int[])input.ShapeArray.Clone());
        if (p < 1)
        {
            var scale = T.CreateChecked(1.0 / (1.0 - p));
            var m = mask.Span;
            for (var i = 0; i < m.Length; i++)
            {
                m[i] = rng.NextDouble() >= p ? scale : T.Zero;
            }
        }

        // The mask never requires a gradient, so Mul's backward is g · mask.
        return input.Mul(mask);
    }
}
