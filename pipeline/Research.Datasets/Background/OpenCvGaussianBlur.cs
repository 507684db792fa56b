using Research.Media.Imaging;

namespace Research.Datasets.Background;

/// <summary>
/// OpenCV's <c>cv2.GaussianBlur</c> for 8-bit images (<c>imgproc/src/smooth.dispatch.cpp</c>, OpenCV 4.x): the kernel is
/// computed in double precision, converted to 8 fractional bits with error diffusion (the centre tap takes the
/// remainder so the taps sum to 256), applied separably with exact integer sums, rounded half up after the vertical
/// pass (<c>(s + 2¹⁵) &gt;&gt; 16</c>). Borders reflect without repeating the edge (<c>BORDER_REFLECT_101</c>, the default).
/// </summary>
public static class OpenCvGaussianBlur
{
    /// <summary>Fractional bits of the fixed-point taps used for 8-bit images.</summary>
    public const int FractionBits = 8;

    /// <summary>
    /// The sigma OpenCV derives when given sigma ≤ 0: <c>0.3·((n − 1)·0.5 − 1) + 0.8</c>, computed as the fused
    /// <c>n·0.15 + 0.35</c>. (Sizes 1, 3, 5, 7 and 9 with sigma ≤ 0 use fixed binomial tables instead.)
    /// </summary>
    public static double DefaultSigma(int size) => Math.FusedMultiplyAdd(size, 0.15, 0.35);

    /// <summary>The normalised double-precision kernel (<c>getGaussianKernelBitExact</c>).</summary>
    public static double[] Kernel(int size, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (sigma <= 0 && BinomialTable(size) is { } table)
        {
            return table;
        }

        var s = sigma > 0 ? sigma : DefaultSigma(size);
        var scale = -0.125 / (s * s);
        var half = (size - 1) / 2;
        var values = new double[half];
        var sum = 0.0;
        for (int i = 0, x = 1 - size; i < half; i++, x += 2)
        {
            // x is twice the offset from the centre, so x²·(−1/8σ²) = −d²/2σ².
            values[i] = Math.Exp(x * x * scale);
            sum += values[i];
        }

        sum *= 2;
        sum += 1;
        if ((size & 1) == 0)
        {
            sum += 1;
        }

        var normaliser = 1 / sum;
        var kernel = new double[size];
        for (var i = 0; i < half; i++)
        {
            kernel[i] = kernel[size - 1 - i] = values[i] * normaliser;
        }

        kernel[half] = normaliser;
        if ((size & 1) == 0)
        {
            kernel[half + 1] = normaliser;
        }

        return kernel;
    }

    /// <summary>
    /// The fixed-point taps (sum 2^<see cref="FractionBits"/>) OpenCV uses for 8-bit images
    /// (<c>getGaussianKernelFixedPoint_ED</c>); <paramref name="size"/> must be odd.
    /// </summary>
    public static int[] FixedPointKernel(int size, double sigma)
    {
        if ((size & 1) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The kernel size must be odd.");
        }

        var kernel = Kernel(size, sigma);
        const int one = 1 << FractionBits;
        var taps = new int[size];
        var half = size / 2;
        var error = 0.0;
        var sum = 0;
        for (var i = 0; i < half; i++)
        {
            var adjusted = (kernel[i] * one) + error;
            var rounded = (int)Math.Round(adjusted, MidpointRounding.ToEven);
            error = adjusted - rounded;
            taps[i] = taps[size - 1 - i] = rounded;
            sum += rounded;
        }

        taps[half] = one - (2 * sum);
        return taps;
    }

    /// <summary>
    /// Blurs an 8-bit image of any channel count with a square <paramref name="size"/>×<paramref name="size"/> kernel
    /// (odd size), like <c>cv2.GaussianBlur(img, (size, size), sigma)</c>. Like OpenCV, a one-pixel-wide (or -high) image
    /// is not blurred across that dimension.
    /// </summary>
    public static ByteImage Blur(ByteImage image, int size, double sigma)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height, channels) = (image.Width, image.Height, image.Channels);
        var kx = width == 1 ? [1 << FractionBits] : FixedPointKernel(size, sigma);
        var ky = height == 1 ? [1 << FractionBits] : FixedPointKernel(size, sigma);
        var (rx, ry) = (kx.Length / 2, ky.Length / 2);
        var source = image.Pixels;
        var stride = width * channels;

        // Horizontal pass: exact sums with 8 fractional bits (at most 255·256, like OpenCV's ufixedpoint16 rows).
        var rows = new int[source.Length];
        for (var y = 0; y < height; y++)
        {
            var rowStart = y * stride;
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var sum = 0;
                    for (var i = 0; i < kx.Length; i++)
                    {
                        sum += kx[i] * source[rowStart + (Reflect101(x + i - rx, width) * channels) + c];
                    }

                    rows[rowStart + (x * channels) + c] = sum;
                }
            }
        }

        var output = new byte[source.Length];
        for (var y = 0; y < height; y++)
        {
            for (var j = 0; j < stride; j++)
            {
                var sum = 0;
                for (var i = 0; i < ky.Length; i++)
                {
                    sum += ky[i] * rows[(Reflect101(y + i - ry, height) * stride) + j];
                }

                output[(y * stride) + j] = (byte)Math.Min(255, (sum + (1 << 15)) >> 16);
            }
        }

        return new ByteImage(width, height, channels, output);
    }

    /// <summary>OpenCV's <c>borderInterpolate</c> for <c>BORDER_REFLECT_101</c> (gfedcb|abcdefgh|gfedcba).</summary>
    public static int Reflect101(int position, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (length == 1)
        {
            return 0;
        }

        while ((uint)position >= (uint)length)
        {
            position = position < 0 ? -position : (2 * (length - 1)) - position;
        }

        return position;
    }

    private static double[]? BinomialTable(int size) => size switch
    {
        1 => [1.0],
        3 => [0.25, 0.5, 0.25],
        5 => [0.0625, 0.25, 0.375, 0.25, 0.0625],
        7 => [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
        9 => [4 / 256.0, 13 / 256.0, 30 / 256.0, 51 / 256.0, 60 / 256.0, 51 / 256.0, 30 / 256.0, 13 / 256.0, 4 / 256.0],
        _ => null,
    };
}
