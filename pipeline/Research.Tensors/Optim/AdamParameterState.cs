using System.Numerics;

namespace Research.Tensors.Optim;

/// <summary>Adam's per-parameter state: step count and the first and second moment estimates (same shape as the parameter).</summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class AdamParameterState<T>(long step, Tensor<T> expAvg, Tensor<T> expAvgSq)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Updates taken so far.</summary>
    public long Step { get; set; } = step;

    /// <summary>First moment estimate (m).</summary>
    public Tensor<T> ExpAvg { get; } = expAvg;

    /// <summary>Second moment estimate (v).</summary>
    public Tensor<T> ExpAvgSq { get; } = expAvgSq;
}
