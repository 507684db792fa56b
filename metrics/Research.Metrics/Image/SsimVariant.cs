namespace Research.Metrics.Image;

/// <summary>
/// Which community SSIM implementation to reproduce (metrics.md §3). All variants use K1 = 0.01, K2 = 0.03 and data range L = 1.
/// </summary>
public enum SsimVariant
{
    /// <summary>
    /// Canonical (id <c>gaussian11-valid</c>; metrics.md rows B/C): 11×11 Gaussian window with σ 1.5, population (co)variances,
    /// valid region only (map is (H−10)×(W−10)), mean per channel, then mean over channels.
    /// Equals skimage <c>structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)</c>
    /// and pytorch-msssim <c>ssim(data_range=1)</c>.
    /// </summary>
    Gaussian11Valid = 0,

    /// <summary>
    /// 3DGS parity (id <c>3dgs-zero-pad</c>; metrics.md row D): the same 11×11 Gaussian window and population statistics,
    /// but the image is zero-padded by 5 pixels ("same" size map, border included), as in 3DGS <c>utils/loss_utils.py</c>.
    /// </summary>
    ThreeDgsZeroPad = 1,

    /// <summary>
    /// skimage defaults (id <c>skimage-default-7x7</c>; metrics.md row A): 7×7 uniform window, sample covariance (×49/48),
    /// map cropped by 3 on every side (the valid region), per-channel mean then mean over channels.
    /// </summary>
    SkimageDefault7x7 = 2,
}
