namespace Research.Metrics.Lpips;

/// <summary>
/// The layers between two taps: an optional max-pool (floor mode, no padding) and then Conv2d + ReLU pairs; the
/// tap is the output of the last ReLU.
/// </summary>
internal sealed record LpipsStage(int PoolKernel, int PoolStride, IReadOnlyList<LpipsConv> Convs)
{
    public int Channels => Convs[^1].OutChannels;
}
