using System.Numerics;

namespace Research.Tensors.Nn;

/// <content>Recurrent cells (compositions of existing ops, so backward comes from autograd).</content>
public static partial class Functional
{
    /// <summary>
    /// One GRU step exactly like <c>torch.nn.GRUCell</c> (gate order r, z, n):
    /// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
    /// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
    /// <paramref name="input"/> is [batch, in] or [in]; <paramref name="hidden"/> [batch, H] or [H] (null = zeros);
    /// <paramref name="weightIh"/> [3H, in], <paramref name="weightHh"/> [3H, H], biases [3H].
    /// </summary>
    public static Tensor<T> GruCell<T>(Tensor<T> input, Tensor<T>? hidden, Tensor<T> weightIh, Tensor<T> weightHh, Tensor<T>? biasIh = null, Tensor<T>? biasHh = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weightIh);
        ArgumentNullException.ThrowIfNull(weightHh);
        var h3 = weightIh.Rank == 2 ? weightIh.Shape[0] : -1;
        var size = h3 / 3;
        var batched = input.Rank == 2;
        var fits = input.Rank is 1 or 2 && h3 > 0 && h3 % 3 == 0 && weightIh.Shape[1] == input.Shape[^1]
            && weightHh.Rank == 2 && weightHh.Shape[0] == h3 && weightHh.Shape[1] == size
            && (biasIh is null || (biasIh.Rank == 1 && biasIh.Shape[0] == h3))
            && (biasHh is null || (biasHh.Rank == 1 && biasHh.Shape[0] == h3))
            && (hidden is null || (hidden.Rank == input.Rank && hidden.Shape[^1] == size && (!batched || hidden.Shape[0] == input.Shape[0])));
        if (!fits)
        {
            static string S(Tensor<T>? t) => t is null ? "none" : Tensor<T>.FormatShape(t.Shape);
            throw new ArgumentException($"GruCell: input {S(input)}, hidden {S(hidden)}, weight_ih {S(weightIh)}, weight_hh {S(weightHh)}, bias_ih {S(biasIh)}, bias_hh {S(biasHh)} do not fit.", nameof(input));
        }

        var x = batched ? input : input.Unsqueeze(0);
        var h = hidden is null ? Tensor.Zeros<T>(x.Shape[0], size) : batched ? hidden : hidden.Unsqueeze(0);
        var gi = Linear(x, weightIh, biasIh).Split(size, 1);
        var gh = Linear(h, weightHh, biasHh).Split(size, 1);
        var r = gi[0].Add(gh[0]).Sigmoid();
        var z = gi[1].Add(gh[1]).Sigmoid();
        var n = gi[2].Add(r.Mul(gh[2])).Tanh();

        // (1 − z) ⊙ n + z ⊙ h, written as n + z ⊙ (h − n).
        var next = n.Add(z.Mul(h.Sub(n)));
        return batched ? next : next.Squeeze(0);
    }
}
