using Research.Methods.TalkingGaussian.Training;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// The face branch's frame choice per iteration (<c>train_face.py</c>, notes §3.4). Windows, with S = select-until
/// (40,000): inner-lip height ∈ [c − w, c + w] with lb' = lb + 0.2(ub − lb), w = 0.2(ub − lb'), c = lb' + (it/S)(ub − lb');
/// blink ∈ [t − 0.15, t + 0.3] with t = it/S. <see cref="FaceSamplingVariant.Head"/>: lip window when it &lt; warm-up and
/// it mod 15 = 0, blink window when warm-up &lt; it &lt; S and it mod 15 = 0. <see cref="FaceSamplingVariant.PaperRelease"/>:
/// within warm-up &lt; it &lt; S, lip window when it mod 30 = 0, blink window when it mod 15 = 7. Re-draw loops are guarded
/// as in <see cref="ShuffledFrameStack.DrawUntil"/>.
/// </summary>
public sealed class FaceFrameSampler
{
    private readonly FaceSamplingData data;
    private readonly FallbackLog log = new();

    /// <summary>Creates a sampler; <paramref name="rng"/> drives the frame stack only.</summary>
    public FaceFrameSampler(FaceSamplingData data, FaceBranchSchedule schedule, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schedule);
        this.data = data;
        Schedule = schedule;
        Stack = new ShuffledFrameStack(data.Count, rng);
    }

    /// <summary>The iteration thresholds, constants and variant.</summary>
    public FaceBranchSchedule Schedule { get; }

    /// <summary>The underlying frame stack.</summary>
    public ShuffledFrameStack Stack { get; }

    /// <summary>How many re-draw loops found no satisfying frame and fell back to the nearest frame(s).</summary>
    public int FallbackCount => log.Count;

    /// <summary>The latest fallback notice, if any.</summary>
    public SamplingFallback? LastFallback => log.Last;

    /// <summary>Called on every fallback (e.g. to log a warning once).</summary>
    public Action<SamplingFallback>? FallbackNotice
    {
        get => log.Notice;
        set => log.Notice = value;
    }

    /// <summary>The lip-height window formula at <paramref name="iteration"/> (whether or not it is enforced then).</summary>
    public FrameWindow LipHeightWindow(int iteration)
    {
        var (lb, ub) = (data.Lower, data.Upper);
        lb += (ub - lb) * Schedule.LipLowerFraction;
        var w = (ub - lb) * Schedule.LipWindowFraction;
        var c = lb + ((1.0 / Schedule.SelectUntil) * iteration * (ub - lb));
        return new FrameWindow(c - w, c + w);
    }

    /// <summary>The blink window formula at <paramref name="iteration"/> (whether or not it is enforced then).</summary>
    public FrameWindow BlinkWindow(int iteration)
    {
        var t = (1.0 / Schedule.SelectUntil) * iteration;
        return new FrameWindow(t - Schedule.BlinkBelow, t + Schedule.BlinkAbove);
    }

    /// <summary>Which window is enforced at <paramref name="iteration"/>, or null.</summary>
    public SamplingCriterion? Criterion(int iteration)
    {
        var s = Schedule;
        var motion = iteration > s.WarmupIterations && iteration < s.SelectUntil;
        if (s.Variant == FaceSamplingVariant.PaperRelease)
        {
            return !motion ? null
                : iteration % (2 * s.SelectInterval) == 0 ? SamplingCriterion.LipHeightWindow
                : iteration % s.SelectInterval == s.SelectInterval / 2 ? SamplingCriterion.BlinkWindow
                : null;
        }

        return iteration % s.SelectInterval != 0 ? null
            : iteration < s.WarmupIterations ? SamplingCriterion.LipHeightWindow
            : motion ? SamplingCriterion.BlinkWindow
            : null;
    }

    /// <summary>The training-frame position to use at <paramref name="iteration"/>.</summary>
    public int Next(int iteration)
    {
        var frame = Stack.Next();
        switch (Criterion(iteration))
        {
            case SamplingCriterion.LipHeightWindow:
                var lip = LipHeightWindow(iteration);
                return log.Record(Stack.DrawUntil(frame, i => lip.Distance(data.LipHeight(i))), iteration, SamplingCriterion.LipHeightWindow, lip);
            case SamplingCriterion.BlinkWindow:
                var blink = BlinkWindow(iteration);
                return log.Record(Stack.DrawUntil(frame, i => blink.Distance(data.Blink(i))), iteration, SamplingCriterion.BlinkWindow, blink);
            default:
                return frame;
        }
    }
}
