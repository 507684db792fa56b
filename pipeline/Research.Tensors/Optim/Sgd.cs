using System.Numerics;
using Research.Tensors.Kernels;

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

                if (!p.IsContiguous)
                {
                    throw new InvalidOperationException($"Sgd: parameter of shape {Tensor<T>.FormatShape(p.Shape)} is not contiguous.");
                }

                var grad = p.Grad.Contiguous();
                var (pa, po, ga, go) = (p.Storage, p.Offset, grad.Storage, grad.Offset);
                T[]? buffer = null;
                var first = false;
                if (group.Momentum != 0)
                {
                    first = !momentum.TryGetValue(p, out var b);
                    if (first)
                    {
                        b = Tensor.Zeros<T>([.. p.Shape]);
                        momentum[p] = b;
                    }

                    buffer = b!.Storage;
                }

                // Elements are independent: the split over threads changes no bit.
                Chunks.For(p.ElementCount, (start, end) => Update(pa.AsSpan(po + start, end - start), ga.AsSpan(go + start, end - start), buffer is null ? default : buffer.AsSpan(start, end - start), first, lr, wd, mu));
            }
        }
    }

    private static void Update(Span<T> ps, ReadOnlySpan<T> g, Span<T> buf, bool first, T lr, T wd, T mu)
    {
        var useMomentum = !buf.IsEmpty;
        for (var i = 0; i < ps.Length; i++)
        {
            var d = g[i] + (wd * ps[i]);
            if (useMomentum)
            {
                buf[i] = first ? d : (mu * buf[i]) + d;
                d = buf[i];
            }

            ps[i] -= lr * d;
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
