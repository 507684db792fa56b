using Research.Methods.TalkingGaussian.Training;
using Research.Tensors.Randomness;

namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>
/// The mouth branch's frame choice per iteration (<c>train_mouth.py</c>, notes §3.3): draw from the shuffled stack, then
/// (1) it &lt; warm-up: re-draw while clipped AU25 &lt; max; (2) warm-up &lt; it &lt; S: on every 7th iteration re-draw while
/// AU25 ∉ [max − (it/S)(max − p25), max], then (every iteration) re-draw while the mouth mask has &lt; 20 pixels (this
/// second loop does not re-check AU25, as upstream). Each re-draw loop is guarded (<see cref="ShuffledFrameStack.DrawUntil"/>):
/// when no training frame satisfies it, the nearest frame(s) are taken and a <see cref="SamplingFallback"/> is recorded.
/// </summary>
public sealed class MouthFrameSampler
{
    private readonly MouthSamplingData data;
    private readonly FallbackLog log = new();

    /// <summary>Creates a sampler; <paramref name="rng"/> drives the frame stack only.</summary>
    public MouthFrameSampler(MouthSamplingData data, MouthBranchSchedule schedule, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(schedule);
        this.data = data;
        Schedule = schedule;
        Stack = new ShuffledFrameStack(data.Count, rng);
    }

    /// <summary>The iteration thresholds and constants.</summary>
    public MouthBranchSchedule Schedule { get; }

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

    /// <summary>
    /// The AU25 window enforced at <paramref name="iteration"/>: [max, +∞) during warm-up, [max − (it/S)(max − p25), max]
    /// on selecting iterations of the motion phase, null otherwise.
    /// </summary>
    public FrameWindow? Window(int iteration)
    {
        var stats = data.Statistics;
        if (iteration < Schedule.WarmupIterations)
        {
            return new FrameWindow(stats.Max, double.PositiveInfinity);
        }

        if (InSelection(iteration) && iteration % Schedule.SelectInterval == 0)
        {
            var lower = stats.Max - ((1.0 / Schedule.SelectUntil) * iteration * (stats.Max - stats.Percentile25));
            return new FrameWindow(lower, stats.Max);
        }

        return null;
    }

    /// <summary>Whether the mouth-pixel re-draw runs at <paramref name="iteration"/> (warm-up &lt; it &lt; S).</summary>
    public bool ChecksMouthPixels(int iteration) => InSelection(iteration);

    /// <summary>The training-frame position to use at <paramref name="iteration"/>.</summary>
    public int Next(int iteration)
    {
        var frame = Stack.Next();
        if (Window(iteration) is { } window)
        {
            var criterion = iteration < Schedule.WarmupIterations ? SamplingCriterion.MouthOpenWarmup : SamplingCriterion.MouthOpenWindow;
            frame = log.Record(Stack.DrawUntil(frame, i => window.Distance(data.Au25(i))), iteration, criterion, window);
        }

        if (ChecksMouthPixels(iteration))
        {
            var min = Schedule.MinMouthPixels;
            frame = log.Record(Stack.DrawUntil(frame, i => Math.Max(0, min - data.MouthPixels(i))), iteration, SamplingCriterion.MouthPixels, new FrameWindow(min, double.PositiveInfinity));
        }

        return frame;
    }

    private bool InSelection(int iteration) => iteration > Schedule.WarmupIterations && iteration < Schedule.SelectUntil;
}
