namespace Research.Metrics.Image;

/// <summary>Normalised 1-D Gaussian taps, computed in float64.</summary>
public static class GaussianWindow
{
    private static readonly double[] Ssim11 = Create(11, 1.5);

    /// <summary>
    /// The 11-tap, σ = 1.5 window shared by skimage, pytorch-msssim, 3DGS, torchmetrics and kornia (metrics.md §3).
    /// The 2-D SSIM window is the outer product of these taps with themselves.
    /// </summary>
    public static IReadOnlyList<double> SsimTaps => Ssim11;

    /// <summary>
    /// Returns <paramref name="size"/> taps exp(−(i − c)²/(2σ²)) with c = (size − 1)/2, divided by their sum.
    /// </summary>
    /// <param name="size">Number of taps; must be odd and positive.</param>
    /// <param name="sigma">Standard deviation in samples; must be positive.</param>
    public static double[] Create(int size, double sigma)
    {
        if (size <= 0 || size % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The window size must be odd and positive.");
        }

        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Sigma must be positive and finite.");
        }

        var taps = new double[size];
        var center = size / 2;
        var sum = 0.0;
        for (var i = 0; i < size; i++)
        {
            var d = i - center;
            taps[i] = Math.Exp(-(d * d) / (2 * sigma * sigma));
            sum += taps[i];
        }

        for (var i = 0; i < size; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }
}
