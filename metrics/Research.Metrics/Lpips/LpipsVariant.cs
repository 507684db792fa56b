namespace Research.Metrics.Lpips;

/// <summary>
/// A named LPIPS setting (metrics.md §12): trunk plus input handling. Record the <see cref="Name"/> next to every
/// reported value; the variants give different numbers on the same frames.
/// </summary>
/// <param name="Name">Stable identifier, e.g. "alex_v0.1_normalize".</param>
/// <param name="Net">Feature trunk.</param>
/// <param name="InputRange">How [0, 1] frames are fed to the network.</param>
public sealed record LpipsVariant(string Name, LpipsNet Net, LpipsInputRange InputRange)
{
    /// <summary>AlexNet, v0.1 lin weights, [0, 1] → [−1, 1]: the canonical talking-head LPIPS.</summary>
    public static LpipsVariant AlexNormalize { get; } = new("alex_v0.1_normalize", LpipsNet.Alex, LpipsInputRange.ZeroToOne);

    /// <summary>VGG16, v0.1 lin weights, [0, 1] → [−1, 1].</summary>
    public static LpipsVariant VggNormalize { get; } = new("vgg_v0.1_normalize", LpipsNet.Vgg, LpipsInputRange.ZeroToOne);

    /// <summary>VGG16 on un-rescaled [0, 1] input, as <c>lpipsPyTorch</c> in the 3DGS/4DGS <c>metrics.py</c>.</summary>
    public static LpipsVariant VggLpipsPyTorchUnscaled { get; } = new("vgg_lpipsPyTorch_unscaled", LpipsNet.Vgg, LpipsInputRange.Unscaled);

    /// <summary>AlexNet on un-rescaled [0, 1] input (<c>lpipsPyTorch</c> with <c>net_type='alex'</c>).</summary>
    public static LpipsVariant AlexLpipsPyTorchUnscaled { get; } = new("alex_lpipsPyTorch_unscaled", LpipsNet.Alex, LpipsInputRange.Unscaled);

    /// <summary>All named variants, canonical first.</summary>
    public static IReadOnlyList<LpipsVariant> All { get; } = [AlexNormalize, VggNormalize, VggLpipsPyTorchUnscaled, AlexLpipsPyTorchUnscaled];

    /// <summary>The variant called <paramref name="name"/> (ordinal, case-insensitive), or null.</summary>
    public static LpipsVariant? Find(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
