using System.Numerics;
using System.Runtime.InteropServices;
using Research.Tensors.Kernels;

namespace Research.Tensors.Optim;

/// <summary>
/// Adam / AdamW with parameter groups, following PyTorch's formulas: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε). Weight decay adds wd·p to g (Adam) or first scales p by (1 − lr·wd)
/// (AdamW, <c>decoupledWeightDecay</c>). State can be read, replaced, pruned and extended by rows (densification).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Adam<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Tensor<T>, AdamParameterState<T>> state = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimiser over parameter groups.</summary>
    public Adam(IEnumerable<ParameterGroup<T>> groups, bool decoupledWeightDecay = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = [.. groups];
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>The parameter groups (hyper-parameters may be changed between steps).</summary>
    public IReadOnlyList<ParameterGroup<T>> Groups { get; }

    /// <summary>Whether weight decay is decoupled (AdamW).</summary>
    public bool DecoupledWeightDecay { get; }

    /// <summary>Clears the gradients of all parameters.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Groups.SelectMany(g => g.Parameters))
        {
            p.ZeroGrad();
        }
    }

    /// <summary>State of <paramref name="parameter"/>, or null before its first step.</summary>
    public AdamParameterState<T>? GetState(Tensor<T> parameter) => state.GetValueOrDefault(parameter);

    /// <summary>Replaces the state of <paramref name="parameter"/> (e.g. from a checkpoint); moments must match its shape.</summary>
    public void SetState(Tensor<T> parameter, AdamParameterState<T> value)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(value);
        Tensor<T>.CheckSameShape("Adam.SetState", parameter, value.ExpAvg);
        Tensor<T>.CheckSameShape("Adam.SetState", parameter, value.ExpAvgSq);
        state[parameter] = new AdamParameterState<T>(value.Step, value.ExpAvg.Clone(), value.ExpAvgSq.Clone());
    }

    /// <summary>
    /// Swaps <paramref name="parameter"/> for <paramref name="replacement"/>, keeping the rows (first dimension) where
    /// <paramref name="keep"/> is true, in both the group and the moment estimates.
    /// </summary>
    public void PruneRows(Tensor<T> parameter, Tensor<T> replacement, IReadOnlyList<bool> keep)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(keep);
        if (parameter.Rank == 0 || keep.Count != parameter.Size(0) || replacement.Size(0) != keep.Count(k => k))
        {
            throw new ArgumentException($"Adam.PruneRows: mask of {keep.Count} rows does not fit parameter {Tensor<T>.FormatShape(parameter.Shape)} and replacement {Tensor<T>.FormatShape(replacement.Shape)}.", nameof(keep));
        }

        Replace(parameter, replacement, s =>
        {
            var rowSize = parameter.ElementCount / Math.Max(1, parameter.Size(0));
            var m = Tensor.Zeros<T>([.. replacement.Shape]);
            var v = Tensor.Zeros<T>([.. replacement.Shape]);
            var r = 0;
            for (var i = 0; i < keep.Count; i++)
            {
                if (keep[i])
                {
                    Array.Copy(s.ExpAvg.Storage, i * rowSize, m.Storage, r * rowSize, rowSize);
                    Array.Copy(s.ExpAvgSq.Storage, i * rowSize, v.Storage, r * rowSize, rowSize);
                    r++;
                }
            }

            return new AdamParameterState<T>(s.Step, m, v);
        });
    }

    /// <summary>Swaps <paramref name="parameter"/> for <paramref name="replacement"/>, which appends rows; the new rows get zero moments.</summary>
    public void ExtendRows(Tensor<T> parameter, Tensor<T> replacement)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(replacement);
        if (parameter.Rank == 0 || replacement.Rank != parameter.Rank || replacement.Size(0) < parameter.Size(0)
            || !parameter.Shape.Skip(1).SequenceEqual(replacement.Shape.Skip(1)))
        {
            throw new ArgumentException($"Adam.ExtendRows: replacement {Tensor<T>.FormatShape(replacement.Shape)} does not extend parameter {Tensor<T>.FormatShape(parameter.Shape)} by rows.", nameof(replacement));
        }

        Replace(parameter, replacement, s =>
        {
            var m = Tensor.Zeros<T>([.. replacement.Shape]);
            var v = Tensor.Zeros<T>([.. replacement.Shape]);
            Array.Copy(s.ExpAvg.Storage, m.Storage, parameter.ElementCount);
            Array.Copy(s.ExpAvgSq.Storage, v.Storage, parameter.ElementCount);
            return new AdamParameterState<T>(s.Step, m, v);
        });
    }

    /// <summary>Takes one optimisation step for every parameter that has a gradient.</summary>
    public void Step()
    {
        foreach (var group in Groups)
        {
            foreach (var p in group.Parameters)
            {
                if (p.Grad is null)
                {
                    continue;
                }

                if (!p.IsContiguous)
                {
                    throw new InvalidOperationException($"Adam: parameter of shape {Tensor<T>.FormatShape(p.Shape)} is not contiguous.");
                }

                if (!state.TryGetValue(p, out var s))
                {
                    s = new AdamParameterState<T>(0, Tensor.Zeros<T>([.. p.Shape]), Tensor.Zeros<T>([.. p.Shape]));
                    state[p] = s;
                }

                s.Step++;
                var grad = p.Grad.Contiguous();
                var (pa, po, ga, go, ma, va) = (p.Storage, p.Offset, grad.Storage, grad.Offset, s.ExpAvg.Storage, s.ExpAvgSq.Storage);
                var step = s.Step;

                // One fused pass per parameter; elements are independent, so the split does not change any bit.
                Chunks.For(p.ElementCount, (start, end) =>
                    Update(group, pa.AsSpan(po + start, end - start), ga.AsSpan(go + start, end - start), ma.AsSpan(start, end - start), va.AsSpan(start, end - start), step));
            }
        }
    }

    private void Update(ParameterGroup<T> group, Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, long step)
    {
        var b1 = T.CreateChecked(group.Beta1);
        var b2 = T.CreateChecked(group.Beta2);
        var oneMinusB1 = T.CreateChecked(1 - group.Beta1);
        var oneMinusB2 = T.CreateChecked(1 - group.Beta2);
        var wd = T.CreateChecked(group.WeightDecay);
        var decay = T.CreateChecked(1 - (group.Lr * group.WeightDecay));
        var stepSize = T.CreateChecked(group.Lr / (1 - Math.Pow(group.Beta1, step)));
        var bc2Sqrt = T.CreateChecked(Math.Sqrt(1 - Math.Pow(group.Beta2, step)));
        var eps = T.CreateChecked(group.Eps);
        var decoupled = DecoupledWeightDecay && group.WeightDecay != 0;
        var coupled = !DecoupledWeightDecay && group.WeightDecay != 0;
        if (typeof(T) == typeof(float))
        {
            // Same operations lane-wise (bit-identical to the loop below).
            var c = new AdamKernel.Coefficients(
                float.CreateChecked(b1), float.CreateChecked(b2), float.CreateChecked(oneMinusB1), float.CreateChecked(oneMinusB2), float.CreateChecked(wd),
                float.CreateChecked(decay), float.CreateChecked(stepSize), float.CreateChecked(bc2Sqrt), float.CreateChecked(eps), coupled, decoupled);
            AdamKernel.Update(
                MemoryMarshal.Cast<T, float>(p), MemoryMarshal.Cast<T, float>(g), MemoryMarshal.Cast<T, float>(m), MemoryMarshal.Cast<T, float>(v), c);
            return;
        }

        for (var i = 0; i < p.Length; i++)
        {
            var gi = coupled ? g[i] + (wd * p[i]) : g[i];
            if (decoupled)
            {
                p[i] *= decay;
            }

            m[i] = (b1 * m[i]) + (oneMinusB1 * gi);
            v[i] = (b2 * v[i]) + (oneMinusB2 * gi * gi);
            p[i] -= stepSize * m[i] / ((T.Sqrt(v[i]) / bc2Sqrt) + eps);
        }
    }

    private void Replace(Tensor<T> parameter, Tensor<T> replacement, Func<AdamParameterState<T>, AdamParameterState<T>> remap)
    {
        var group = Groups.FirstOrDefault(g => g.Parameters.Any(p => ReferenceEquals(p, parameter)))
            ?? throw new ArgumentException("Adam: parameter is not in any group.", nameof(parameter));
        group.Parameters[group.Parameters.FindIndex(p => ReferenceEquals(p, parameter))] = replacement;
        if (state.Remove(parameter, out var s))
        {
            state[replacement] = remap(s);
        }
    }
}
