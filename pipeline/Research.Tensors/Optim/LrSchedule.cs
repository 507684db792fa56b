using System.Numerics;

namespace Research.Tensors.Optim;

/// <summary>
/// Learning-rate schedule over parameter groups: after <see cref="Step"/> has been called t times each group's lr is
/// its initial lr × factor(t). <see cref="Exponential"/> gives γᵗ; <see cref="Lambda"/> any function of t.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class LrSchedule<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<ParameterGroup<T>> groups;
    private readonly double[] baseLrs;
    private readonly Func<int, double> factor;

    /// <summary>Creates a schedule and applies factor(0) immediately (like PyTorch's LambdaLR).</summary>
    public LrSchedule(IReadOnlyList<ParameterGroup<T>> groups, Func<int, double> factor)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(factor);
        this.groups = groups;
        this.factor = factor;
        baseLrs = [.. groups.Select(g => g.Lr)];
        Apply();
    }

    /// <summary>Steps taken so far.</summary>
    public int Epoch { get; private set; }

    /// <summary>lr = initial · γ^t (PyTorch's ExponentialLR).</summary>
    public static LrSchedule<T> Exponential(IReadOnlyList<ParameterGroup<T>> groups, double gamma) => new(groups, t => Math.Pow(gamma, t));

    /// <summary>lr = initial · factor(t) (PyTorch's LambdaLR).</summary>
    public static LrSchedule<T> Lambda(IReadOnlyList<ParameterGroup<T>> groups, Func<int, double> factor) => new(groups, factor);

    /// <summary>Advances one step and updates every group's lr.</summary>
    public void Step()
    {
        Epoch++;
        Apply();
    }

    private void Apply()
    {
        for (var i = 0; i < groups.Count; i++)
        {
            groups[i].Lr = baseLrs[i] * factor(Epoch);
        }
    }
}
