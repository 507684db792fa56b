namespace Research.Metrics.Tests.Reference;

/// <summary>
/// Slow, obvious SSIM: for every map pixel it sums the full 2-D window directly (no separability), in float64,
/// treating pixels outside the image as zero. Built independently of the production window code.
/// </summary>
internal static class ReferenceSsim
{
    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;

    /// <summary>Canonical: 11×11 Gaussian σ 1.5, population statistics, valid region.</summary>
    public static double Gaussian11Valid(TestImage x, TestImage y) => Mean(Map(x, y, Gaussian2D(11, 1.5), pad: 0, covarianceScale: 1.0), x.Channels);

    /// <summary>3DGS: the same window with 5 pixels of zero padding ("same" size).</summary>
    public static double ThreeDgsZeroPad(TestImage x, TestImage y) => Mean(Map(x, y, Gaussian2D(11, 1.5), pad: 5, covarianceScale: 1.0), x.Channels);

    /// <summary>skimage defaults: 7×7 uniform, sample covariance 49/48, valid region (crop 3).</summary>
    public static double SkimageDefault7x7(TestImage x, TestImage y) => Mean(Map(x, y, Uniform2D(7), pad: 0, covarianceScale: 49.0 / 48.0), x.Channels);

    /// <summary>Map for a variant id, laid out H×W×C like the production map.</summary>
    public static double[] MapFor(string variant, TestImage x, TestImage y) => variant switch
    {
        "gaussian11-valid" => Map(x, y, Gaussian2D(11, 1.5), 0, 1.0).Values,
        "3dgs-zero-pad" => Map(x, y, Gaussian2D(11, 1.5), 5, 1.0).Values,
        "skimage-default-7x7" => Map(x, y, Uniform2D(7), 0, 49.0 / 48.0).Values,
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    public static double MeanFor(string variant, TestImage x, TestImage y) => variant switch
    {
        "gaussian11-valid" => Gaussian11Valid(x, y),
        "3dgs-zero-pad" => ThreeDgsZeroPad(x, y),
        "skimage-default-7x7" => SkimageDefault7x7(x, y),
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    /// <summary>2-D Gaussian exp(−(a² + b²)/(2σ²)) normalised over the whole window.</summary>
    public static double[,] Gaussian2D(int size, double sigma)
    {
        var w = new double[size, size];
        var c = size / 2;
        var sum = 0.0;
        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                w[a, b] = Math.Exp(-(((a - c) * (a - c)) + ((b - c) * (b - c))) / (2 * sigma * sigma));
                sum += w[a, b];
            }
        }

        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                w[a, b] /= sum;
            }
        }

        return w;
    }

    private static double[,] Uniform2D(int size)
    {
        var w = new double[size, size];
        for (var a = 0; a < size; a++)
        {
            for (var b = 0; b < size; b++)
            {
                w[a, b] = 1.0 / (size * size);
            }
        }

        return w;
    }

    private static (double[] Values, int Height, int Width) Map(TestImage x, TestImage y, double[,] w, int pad, double covarianceScale)
    {
        var size = w.GetLength(0);
        var outH = x.Height + (2 * pad) - size + 1;
        var outW = x.Width + (2 * pad) - size + 1;
        var channels = x.Channels;
        var map = new double[outH * outW * channels];
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < outH; i++)
            {
                for (var j = 0; j < outW; j++)
                {
                    double mx = 0, my = 0, exx = 0, eyy = 0, exy = 0;
                    for (var a = 0; a < size; a++)
                    {
                        for (var b = 0; b < size; b++)
                        {
                            double xv = x.At(i + a - pad, j + b - pad, c);
                            double yv = y.At(i + a - pad, j + b - pad, c);
                            mx += w[a, b] * xv;
                            my += w[a, b] * yv;
                            exx += w[a, b] * xv * xv;
                            eyy += w[a, b] * yv * yv;
                            exy += w[a, b] * xv * yv;
                        }
                    }

                    var vx = covarianceScale * (exx - (mx * mx));
                    var vy = covarianceScale * (eyy - (my * my));
                    var vxy = covarianceScale * (exy - (mx * my));
                    map[(((i * outW) + j) * channels) + c] =
                        ((2 * mx * my) + C1) * ((2 * vxy) + C2) / (((mx * mx) + (my * my) + C1) * (vx + vy + C2));
                }
            }
        }

        return (map, outH, outW);
    }

    // Per-channel mean of the map, then the mean over channels — the order the definition states.
    private static double Mean((double[] Values, int Height, int Width) map, int channels)
    {
        var total = 0.0;
        for (var c = 0; c < channels; c++)
        {
            var sum = 0.0;
            for (var p = c; p < map.Values.Length; p += channels)
            {
                sum += map.Values[p];
            }

            total += sum / (map.Height * map.Width);
        }

        return total / channels;
    }
}
