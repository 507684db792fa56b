namespace Research.Metrics.Lpips;

/// <summary>
/// The trunks as <c>lpips/pretrained_networks.py</c> slices torchvision's <c>features</c> (metrics.md §4, §9), the
/// ScalingLayer constants and the lin tensor names.
/// </summary>
internal static class LpipsArchitecture
{
    /// <summary>ScalingLayer shift (float32 values of torch.Tensor([-.030, -.088, -.188])).</summary>
    public static readonly float[] Shift = [-0.030f, -0.088f, -0.188f];

    /// <summary>ScalingLayer scale (float32 values of torch.Tensor([.458, .448, .450])).</summary>
    public static readonly float[] Scale = [0.458f, 0.448f, 0.450f];

    /// <summary>Added to the channel norm outside the square root (<c>normalize_tensor</c>).</summary>
    public const double NormEpsilon = 1e-10;

    // features[0:2], [2:5], [5:8], [8:10], [10:12].
    private static readonly LpipsStage[] Alex =
    [
        new(0, 0, [new(0, 3, 64, 11, 4, 2)]),
        new(3, 2, [new(3, 64, 192, 5, 1, 2)]),
        new(3, 2, [new(6, 192, 384, 3, 1, 1)]),
        new(0, 0, [new(8, 384, 256, 3, 1, 1)]),
        new(0, 0, [new(10, 256, 256, 3, 1, 1)]),
    ];

    // features[0:4], [4:9], [9:16], [16:23], [23:30].
    private static readonly LpipsStage[] Vgg =
    [
        new(0, 0, [new(0, 3, 64, 3, 1, 1), new(2, 64, 64, 3, 1, 1)]),
        new(2, 2, [new(5, 64, 128, 3, 1, 1), new(7, 128, 128, 3, 1, 1)]),
        new(2, 2, [new(10, 128, 256, 3, 1, 1), new(12, 256, 256, 3, 1, 1), new(14, 256, 256, 3, 1, 1)]),
        new(2, 2, [new(17, 256, 512, 3, 1, 1), new(19, 512, 512, 3, 1, 1), new(21, 512, 512, 3, 1, 1)]),
        new(2, 2, [new(24, 512, 512, 3, 1, 1), new(26, 512, 512, 3, 1, 1), new(28, 512, 512, 3, 1, 1)]),
    ];

    public static IReadOnlyList<LpipsStage> Stages(LpipsNet net) => net switch
    {
        LpipsNet.Alex => Alex,
        LpipsNet.Vgg => Vgg,
        _ => throw new ArgumentOutOfRangeException(nameof(net), net, "Unknown LPIPS trunk."),
    };

    public static IEnumerable<LpipsConv> Convs(LpipsNet net) => Stages(net).SelectMany(s => s.Convs);

    public static string LinName(int tap) => $"lin{tap}.model.1.weight";

    public static int[] LinShape(int channels) => [1, channels, 1, 1];

    public static string Label(LpipsNet net) => net == LpipsNet.Alex ? "alex" : "vgg";

    /// <summary>
    /// Height and width of every tap for an H×W input, or null when some layer would get an empty output (the image
    /// is too small for the trunk).
    /// </summary>
    public static (int H, int W)[]? TapSizes(LpipsNet net, int height, int width)
    {
        var stages = Stages(net);
        var sizes = new (int H, int W)[stages.Count];
        var (h, w) = (height, width);
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (stage.PoolKernel > 0)
            {
                if (h < stage.PoolKernel || w < stage.PoolKernel)
                {
                    return null;
                }

                (h, w) = (((h - stage.PoolKernel) / stage.PoolStride) + 1, ((w - stage.PoolKernel) / stage.PoolStride) + 1);
            }

            foreach (var conv in stage.Convs)
            {
                var span = h + (2 * conv.Padding) - conv.Kernel;
                var spanW = w + (2 * conv.Padding) - conv.Kernel;
                if (span < 0 || spanW < 0)
                {
                    return null;
                }

                (h, w) = ((span / conv.Stride) + 1, (spanW / conv.Stride) + 1);
            }

            sizes[i] = (h, w);
        }

        return sizes;
    }

    /// <summary>Smallest square side the trunk accepts (31 for AlexNet, 16 for VGG16).</summary>
    public static int MinimumSide(LpipsNet net)
    {
        var side = 1;
        while (TapSizes(net, side, side) is null)
        {
            side++;
        }

        return side;
    }
}
