namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// 3DGS <c>get_expon_lr_func</c>: log-linear decay from <see cref="Initial"/> to <see cref="Final"/> over
/// <see cref="MaxSteps"/>, optionally with a delayed start. TalkingGaussian's xyz lr (notes §3.1) is
/// <see cref="Position"/>: 1.6e-4·extent → 1.6e-6·extent over 45,000 steps, no delay. Upstream evaluates it at the
/// 1-based iteration at the start of each iteration (<c>update_learning_rate(iteration)</c>).
/// </summary>
/// <param name="Initial">lr at step 0.</param>
/// <param name="Final">lr at and after <paramref name="MaxSteps"/>.</param>
/// <param name="MaxSteps">Steps of the decay.</param>
public sealed record ExponentialLrDecay(double Initial, double Final, int MaxSteps)
{
    /// <summary>Delay steps (3DGS lr_delay_steps; TalkingGaussian 0 = no delay).</summary>
    public int DelaySteps { get; init; }

    /// <summary>Delay multiplier (3DGS lr_delay_mult; only used when <see cref="DelaySteps"/> &gt; 0).</summary>
    public double DelayMultiplier { get; init; } = 1.0;

    /// <summary>TalkingGaussian's xyz schedule for a camera extent (<c>spatial_lr_scale</c>).</summary>
    public static ExponentialLrDecay Position(double sceneExtent) => new(1.6e-4 * sceneExtent, 1.6e-6 * sceneExtent, 45_000);

    /// <summary>The lr at <paramref name="step"/>: exp(ln(init)(1 − t) + ln(final)·t), t = clamp(step/max, 0, 1), times the delay factor.</summary>
    public double At(int step)
    {
        if (step < 0 || (Initial == 0 && Final == 0))
        {
            return 0.0;
        }

        var delay = DelaySteps > 0
            ? DelayMultiplier + ((1 - DelayMultiplier) * Math.Sin(0.5 * Math.PI * Math.Clamp((double)step / DelaySteps, 0, 1)))
            : 1.0;
        var t = Math.Clamp((double)step / MaxSteps, 0, 1);
        return delay * Math.Exp((Math.Log(Initial) * (1 - t)) + (Math.Log(Final) * t));
    }
}
