using System.Numerics;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Networks;

/// <summary>Small autograd helpers shared by the motion networks.</summary>
internal static class MotionMath
{
    /// <summary>
    /// Row norms ‖v‖ [N, 1] of v [N, D]. Rows that are exactly zero (e.g. an all-negative ReLU attention) get norm 0
    /// and gradient 0, as PyTorch's norm backward, instead of the NaN of a plain sqrt: sqrt(s + m) − m with the constant
    /// mask m = (s == 0), which is exact for s &gt; 0.
    /// </summary>
    public static Tensor<T> RowNorm<T>(Tensor<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = v.Mul(v).Sum(1, keepDim: true);
        var mask = s.ToArray();
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = mask[i] == T.Zero ? T.One : T.Zero;
        }

        var m = Tensor.FromArray(mask, s.Shape[0], 1);
        return s.Add(m).Sqrt().Sub(m);
    }

    /// <summary>[1, D] (or [D]) repeated to [N, D] as a broadcast view (official <c>repeat(N, 1)</c>).</summary>
    public static Tensor<T> RepeatRows<T>(Tensor<T> row, int n, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (row.Rank == 1)
        {
            row = row.Unsqueeze(0);
        }

        if (row.Rank != 2 || row.Shape[0] != 1)
        {
            throw new ArgumentException($"{op}: encoded audio {MotionMath.FormatShape(row.Shape)} must be [1, D] or [D].", nameof(row));
        }

        return row.Expand(n, row.Shape[1]);
    }

    /// <summary>"[a, b, c]" for error messages.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>Checks positions [N, 3].</summary>
    public static void CheckPositions<T>(Tensor<T> positions, string op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Rank != 2 || positions.Shape[1] != 3)
        {
            throw new ArgumentException($"{op}: positions {MotionMath.FormatShape(positions.Shape)} must be [N, 3].", nameof(positions));
        }
    }
}
