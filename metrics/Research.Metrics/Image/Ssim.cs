using Research.Media.Imaging;

namespace Research.Metrics.Image;

/// <summary>
/// Structural similarity (metrics.md §3): SSIM = ((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2)),
/// C1 = (K1·L)², C2 = (K2·L)², windowed statistics per channel, mean of the map per channel, then mean over channels.
/// Windowed sums use separable filtering accumulated in float64.
/// </summary>
public static class Ssim
{
    /// <summary>Luminance stabiliser constant K1.</summary>
    public const double K1 = 0.01;

    /// <summary>Contrast stabiliser constant K2.</summary>
    public const double K2 = 0.03;

    /// <summary>Data range L of the [0, 1] inputs.</summary>
    public const double DataRange = 1.0;

    /// <summary>C1 = (K1·L)².</summary>
    public const double C1 = K1 * DataRange * (K1 * DataRange);

    /// <summary>C2 = (K2·L)².</summary>
    public const double C2 = K2 * DataRange * (K2 * DataRange);

    /// <summary>Mean SSIM of <paramref name="pred"/> against <paramref name="gt"/> with the given variant, on all cores.</summary>
    /// <exception cref="ArgumentException">The shapes differ, or the image is smaller than the window of a valid-region variant.</exception>
    public static double Compute(FloatImage pred, FloatImage gt, SsimVariant variant = SsimVariant.Gaussian11Valid) =>
        Compute(pred, gt, new SsimOptions { Variant = variant });

    /// <summary>Mean SSIM of <paramref name="pred"/> against <paramref name="gt"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ, or the image is smaller than the window of a valid-region variant.</exception>
    public static double Compute(FloatImage pred, FloatImage gt, SsimOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var window = Prepare(pred, gt, options.Variant);
        return SsimKernel.Mean(pred.Data, gt.Data, pred.Width, pred.Height, pred.Channels, window, options.MaxDegreeOfParallelism, map: null);
    }

    /// <summary>
    /// Smallest width and height the variant accepts: the window size for valid-region variants, 1 for zero padding.
    /// </summary>
    public static int MinimumSize(SsimVariant variant)
    {
        var window = SsimWindow.For(variant);
        return window.Pad == 0 ? window.Size : 1;
    }

    /// <summary>
    /// The SSIM map, interleaved like the input (row-major, channels last), with its width and height.
    /// For tests: the public API only returns the mean.
    /// </summary>
    internal static double[] ComputeMap(FloatImage pred, FloatImage gt, SsimVariant variant, out int mapWidth, out int mapHeight)
    {
        var window = Prepare(pred, gt, variant);
        mapWidth = pred.Width + (2 * window.Pad) - window.Size + 1;
        mapHeight = pred.Height + (2 * window.Pad) - window.Size + 1;
        var map = new double[mapWidth * mapHeight * pred.Channels];
        SsimKernel.Mean(pred.Data, gt.Data, pred.Width, pred.Height, pred.Channels, window, maxDegreeOfParallelism: 1, map);
        return map;
    }

    private static SsimWindow Prepare(FloatImage pred, FloatImage gt, SsimVariant variant)
    {
        ImageChecks.RequireSameShape(pred, gt);
        var window = SsimWindow.For(variant);
        var minimum = MinimumSize(variant);
        if (pred.Width < minimum || pred.Height < minimum)
        {
            throw new ArgumentException(
                $"SSIM ({variant.ToId()}) needs images of at least {minimum}x{minimum} pixels because it averages over the valid region of a {window.Size}x{window.Size} window; got {pred.Width}x{pred.Height}.",
                nameof(pred));
        }

        return window;
    }
}
