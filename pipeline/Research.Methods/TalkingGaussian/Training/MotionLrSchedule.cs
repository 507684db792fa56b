using System.Numerics;
using Research.Tensors.Optim;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// The motion optimiser's <c>LambdaLR</c> (notes §3.1): factor 0.5^(t/S) while t &lt; S, then 0.1^(t/E), where t is the
/// number of scheduler steps taken (upstream steps once per iteration, so iteration it trains with factor(it − 1)).
/// </summary>
public static class MotionLrSchedule
{
    /// <summary>The factor after <paramref name="step"/> steps; S = <paramref name="selectUntil"/>, E = <paramref name="end"/>.</summary>
    public static double Factor(int step, int selectUntil, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selectUntil);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(end);
        return step < selectUntil ? Math.Pow(0.5, (double)step / selectUntil) : Math.Pow(0.1, (double)step / end);
    }

    /// <summary>An <see cref="LrSchedule{T}"/> over the motion optimiser's groups (applies factor(0) now; call Step after each optimiser step).</summary>
    public static LrSchedule<T> Create<T>(IReadOnlyList<ParameterGroup<T>> groups, int selectUntil, int end)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(selectUntil);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(end);
        return LrSchedule<T>.Lambda(groups, t => Factor(t, selectUntil, end));
    }
}
