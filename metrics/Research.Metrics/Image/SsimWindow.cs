namespace Research.Metrics.Image;

/// <summary>The per-variant constants the SSIM kernel needs: separable taps, zero padding and covariance scale.</summary>
internal sealed class SsimWindow
{
    private static readonly SsimWindow GaussianValid = new(GaussianWindow.Create(11, 1.5), pad: 0, covarianceScale: 1.0);
    private static readonly SsimWindow GaussianZeroPad = new(GaussianWindow.Create(11, 1.5), pad: 5, covarianceScale: 1.0);

    // skimage: uniform_filter(7) and cov_norm = NP / (NP − 1) with NP = 7·7.
    private static readonly SsimWindow Uniform7 = new(Enumerable.Repeat(1.0 / 7.0, 7).ToArray(), pad: 0, covarianceScale: 49.0 / 48.0);

    private SsimWindow(double[] taps, int pad, double covarianceScale)
    {
        Taps = taps;
        Pad = pad;
        CovarianceScale = covarianceScale;
    }

    /// <summary>Normalised separable taps; the 2-D window is their outer product.</summary>
    public double[] Taps { get; }

    /// <summary>Window side in pixels.</summary>
    public int Size => Taps.Length;

    /// <summary>Zero padding on every side; 0 means the map covers the valid region only.</summary>
    public int Pad { get; }

    /// <summary>Factor on the (co)variances: 1 for population statistics, NP/(NP−1) for sample statistics.</summary>
    public double CovarianceScale { get; }

    public static SsimWindow For(SsimVariant variant) => variant switch
    {
        SsimVariant.Gaussian11Valid => GaussianValid,
        SsimVariant.ThreeDgsZeroPad => GaussianZeroPad,
        SsimVariant.SkimageDefault7x7 => Uniform7,
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown SSIM variant."),
    };
}
