namespace Research.Metrics.Lpips;

/// <summary>One Conv2d + ReLU of a trunk: torchvision index in <c>features</c>, channels, square kernel, stride, padding.</summary>
internal sealed record LpipsConv(int Index, int InChannels, int OutChannels, int Kernel, int Stride, int Padding)
{
    public string WeightName => $"features.{Index}.weight";

    public string BiasName => $"features.{Index}.bias";

    public int[] WeightShape => [OutChannels, InChannels, Kernel, Kernel];
}
