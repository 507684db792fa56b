namespace Research.Methods.TalkingGaussian.Sampling;

/// <summary>Counts and forwards empty-window notices of a sampler.</summary>
internal sealed class FallbackLog
{
    public int Count { get; private set; }

    public SamplingFallback? Last { get; private set; }

    public Action<SamplingFallback>? Notice { get; set; }

    public int Record(FrameDraw draw, int iteration, SamplingCriterion criterion, FrameWindow window)
    {
        if (draw.FellBack)
        {
            Count++;
            Last = new SamplingFallback(iteration, criterion, window, draw.Shortfall, draw.Frame);
            Notice?.Invoke(Last);
        }

        return draw.Frame;
    }
}
