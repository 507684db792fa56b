namespace Research.Media.Tests.Jpeg;

/// <summary>
/// Slow, direct transcriptions of the formulas the JPEG kernels implement, in double precision: the reference side of
/// the reference-twin tests.
/// </summary>
internal static class JpegReference
{
    /// <summary>ITU T.81 A.3.3 IDCT: f(x,y) = ¼ Σu Σv C(u) C(v) F(v,u) cos((2x+1)uπ/16) cos((2y+1)vπ/16), plus 128.</summary>
    public static double[] Idct(ReadOnlySpan<float> coefficients)
    {
        var samples = new double[64];
        for (var y = 0; y < 8; y++)
        {
            for (var x = 0; x < 8; x++)
            {
                double sum = 0;
                for (var v = 0; v < 8; v++)
                {
                    for (var u = 0; u < 8; u++)
                    {
                        sum += C(u) * C(v) * coefficients[(v * 8) + u]
                            * Math.Cos((((2 * x) + 1) * u * Math.PI) / 16)
                            * Math.Cos((((2 * y) + 1) * v * Math.PI) / 16);
                    }
                }

                samples[(y * 8) + x] = (sum / 4) + 128;
            }
        }

        return samples;
    }

    /// <summary>ITU T.81 A.3.3 FDCT: F(v,u) = ¼ C(u) C(v) Σx Σy f(x,y) cos((2x+1)uπ/16) cos((2y+1)vπ/16).</summary>
    public static double[] Fdct(ReadOnlySpan<float> samples)
    {
        var coefficients = new double[64];
        for (var v = 0; v < 8; v++)
        {
            for (var u = 0; u < 8; u++)
            {
                double sum = 0;
                for (var y = 0; y < 8; y++)
                {
                    for (var x = 0; x < 8; x++)
                    {
                        sum += samples[(y * 8) + x]
                            * Math.Cos((((2 * x) + 1) * u * Math.PI) / 16)
                            * Math.Cos((((2 * y) + 1) * v * Math.PI) / 16);
                    }
                }

                coefficients[(v * 8) + u] = C(u) * C(v) * sum / 4;
            }
        }

        return coefficients;
    }

    /// <summary>Rounds half up and clamps to a byte, as the decoder documents.</summary>
    public static int ToByte(double value) => (int)Math.Clamp(Math.Floor(value + 0.5), 0, 255);

    /// <summary>True when <paramref name="value"/> lies within <paramref name="margin"/> of a rounding tie (k + ½).</summary>
    public static bool NearTie(double value, double margin) =>
        Math.Abs(value - Math.Floor(value) - 0.5) < margin;

    /// <summary>JFIF YCbCr → RGB before rounding.</summary>
    public static (double R, double G, double B) YCbCrToRgb(int y, int cb, int cr) =>
        (y + (1.402 * (cr - 128)),
         y - (0.344136 * (cb - 128)) - (0.714136 * (cr - 128)),
         y + (1.772 * (cb - 128)));

    /// <summary>
    /// libjpeg's triangle-filter upsampling written per output sample: sample (X, Y) of a component upsampled by
    /// (fx, fy) ∈ {1, 2}² takes weight 3/4 from its own input sample and 1/4 from the neighbour on its side in each
    /// doubled direction (the edge sample standing in for a missing neighbour), with libjpeg's rounding biases.
    /// </summary>
    public static int Upsample(Func<int, int, int> input, int inputWidth, int inputHeight, int fx, int fy, int x, int y)
    {
        var ix = x / fx;
        var iy = y / fy;
        var nx = fx == 2 ? Math.Clamp((x & 1) == 0 ? ix - 1 : ix + 1, 0, inputWidth - 1) : ix;
        var ny = fy == 2 ? Math.Clamp((y & 1) == 0 ? iy - 1 : iy + 1, 0, inputHeight - 1) : iy;
        return (fx, fy) switch
        {
            (2, 2) => ((9 * input(ix, iy)) + (3 * input(nx, iy)) + (3 * input(ix, ny)) + input(nx, ny) + ((x & 1) == 0 ? 8 : 7)) >> 4,
            (2, 1) => ((3 * input(ix, iy)) + input(nx, iy) + ((x & 1) == 0 ? 1 : 2)) >> 2,
            (1, 2) => ((3 * input(ix, iy)) + input(ix, ny) + ((y & 1) == 0 ? 1 : 2)) >> 2,
            _ => input(ix, iy),
        };
    }

    private static double C(int k) => k == 0 ? 1 / Math.Sqrt(2) : 1;
}
