using System.Numerics;

namespace Research.Tensors.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum and L2 weight decay, following PyTorch (no dampening):
/// g ← g + wd·p; buf ← g on the first step, else μ·buf + g; p ← p − lr·buf.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Sgd<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Tensor<T>, Tensor<T>> momentum = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimiser over parameter groups.</summary>
    public Sgd(IEnumerable<ParameterGroup<T>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = [.. groups];
    }

    /// <summary>The parameter groups.</summary>
    public IReadOnlyList<ParameterGroup<T>> Groups { get; }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Groups.SelectMany(g => g.Parameters))
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Takes one step for every parameter that has a gradient.</summary>
    public void Step()
    {
        foreach (var group in Groups)
        {
            var lr = T.CreateChecked(group.Lr);
            var wd = T.CreateChecked(group.WeightDecay);
            var mu = T.CreateChecked(group.Momentum);
            foreach (var p in group.Parameters)
            {
                if (p.Grad is null)
                {
                    continue;
                }

                var ps = p.Span;
                var g = p.Grad.Contiguous().Span;
                Span<T> buf = default;
                var first = false;
                if (group.Momentum != 0)
                {
                    first = !momentum.TryGetValue(p, out var b);
                    if (first)
                    {
                        b = Tensor.Zeros<T>([.. p.Shape]);
                        momentum[p] = b;
                    }

                    buf = b!.Span;
                }

                for (var i = 0; i < ps.Length; i++)
                {
                    var d = g[i] + (wd * ps[i]);
                    if (group.Momentum != 0)
                    {
                        buf[i] = first ? d : (mu * buf[i]) + d;
                        d = buf[i];
                    }

                    ps[i] -= lr * d;
                }
            }
        }
    }

    #region Checkpoint state

    /// <summary>The momentum buffer of <paramref name="parameter"/>, or null before its first momentum step.</summary>
    public Tensor<T>? GetMomentumBuffer(Tensor<T> parameter) => momentum.GetValueOrDefault(parameter);

    /// <summary>Replaces (a copy of <paramref name="buffer"/>) or, with null, drops the momentum buffer of <paramref name="parameter"/>.</summary>
    public void SetMomentumBuffer(Tensor<T> parameter, Tensor<T>? buffer)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (buffer is null)
        {
            momentum.Remove(parameter);
            return;
        }

        Tensor<T>.CheckSameShape("Sgd.SetMomentumBuffer", parameter, buffer);
        momentum[parameter] = buffer.Clone();
    }

    #endregion
}
