namespace Research.Metrics.Sync;

/// <summary>
/// MFCCs exactly as <c>python_speech_features.mfcc(signal, samplerate)</c> computes them with its defaults
/// (metrics.md §5.2), in float64: pre-emphasis 0.97, 25 ms rectangular frames every 10 ms (zero-padded at the end),
/// 512-point power spectrum / 512, 26 mel filters whose bins use the (nfft + 1) rule, natural log, DCT-II with
/// orthonormal scaling, 13 coefficients, lifter 22, and c0 replaced by the log frame energy.
/// </summary>
public static class Mfcc
{
    /// <summary>Coefficients per frame.</summary>
    public const int CoefficientCount = 13;

    /// <summary>Mel filters.</summary>
    public const int FilterCount = 26;

    /// <summary>FFT length.</summary>
    public const int FftLength = 512;

    /// <summary>Cepstral lifter parameter.</summary>
    public const int Lifter = 22;

    /// <summary>Pre-emphasis coefficient.</summary>
    public const double PreEmphasis = 0.97;

    /// <summary>
    /// Computes the MFCCs of int16 samples (not rescaled to [−1, 1]; the scale only changes c0).
    /// </summary>
    /// <param name="samples">Mono samples as <c>scipy.io.wavfile.read</c> returns them for a 16-bit PCM file.</param>
    /// <param name="sampleRate">Samples per second (SyncNet uses 16000).</param>
    /// <returns>Frames × 13 coefficients, row-major: element [t, c].</returns>
    public static double[,] Compute(short[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var frameLength = RoundHalfUp(0.025 * sampleRate);
        var frameStep = RoundHalfUp(0.01 * sampleRate);
        if (frameLength > FftLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"Mfcc: a 25 ms frame at {sampleRate} Hz has {frameLength} samples, more than the {FftLength}-point FFT.");
        }

        var emphasised = new double[samples.Length];
        for (var n = 0; n < samples.Length; n++)
        {
            emphasised[n] = n == 0 ? samples[0] : samples[n] - (PreEmphasis * samples[n - 1]);
        }

        var frames = FrameCount(samples.Length, frameLength, frameStep);
        var bank = FilterBank(FilterCount, FftLength, sampleRate);
        var lift = LifterWeights(CoefficientCount, Lifter);
        var bins = (FftLength / 2) + 1;
        var result = new double[frames, CoefficientCount];
        var re = new double[FftLength];
        var im = new double[FftLength];
        var power = new double[bins];
        var logMel = new double[FilterCount];
        for (var t = 0; t < frames; t++)
        {
            Array.Clear(re);
            Array.Clear(im);
            var start = t * frameStep;
            for (var n = 0; n < frameLength && start + n < emphasised.Length; n++)
            {
                re[n] = emphasised[start + n];
            }

            Fft(re, im);
            var energy = 0.0;
            for (var k = 0; k < bins; k++)
            {
                power[k] = ((re[k] * re[k]) + (im[k] * im[k])) / FftLength;
                energy += power[k];
            }

            if (energy == 0)
            {
                energy = Eps;
            }

            for (var j = 0; j < FilterCount; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < bins; k++)
                {
                    sum += power[k] * bank[j, k];
                }

                logMel[j] = Math.Log(sum == 0 ? Eps : sum);
            }

            for (var c = 0; c < CoefficientCount; c++)
            {
                result[t, c] = lift[c] * DctOrtho(logMel, c);
            }

            result[t, 0] = Math.Log(energy);
        }

        return result;
    }

    /// <summary>numpy's float64 machine epsilon (2⁻⁵²), which python_speech_features substitutes for zeros.</summary>
    internal const double Eps = 2.220446049250313e-16;

    /// <summary>Number of frames framesig produces: 1 if the signal fits one frame, else 1 + ⌈(L − len)/step⌉.</summary>
    internal static int FrameCount(int length, int frameLength, int frameStep) =>
        length <= frameLength ? 1 : 1 + (int)Math.Ceiling((double)(length - frameLength) / frameStep);

    /// <summary>The 28 filter edge bins ⌊(nfft + 1)·mel2hz(m)/rate⌋ for mel points equally spaced from 0 to rate/2.</summary>
    internal static int[] FilterEdges(int filters, int fftLength, int sampleRate)
    {
        var highMel = HzToMel(sampleRate / 2.0);
        var edges = new int[filters + 2];
        var step = highMel / (filters + 1);
        for (var i = 0; i < edges.Length; i++)
        {
            // numpy.linspace: start + i·step, with the last point set to stop exactly.
            var mel = i == edges.Length - 1 ? highMel : i * step;
            edges[i] = (int)Math.Floor((fftLength + 1) * MelToHz(mel) / sampleRate);
        }

        return edges;
    }

    /// <summary>The triangular filters, filters × (nfft/2 + 1), built from <see cref="FilterEdges"/>.</summary>
    internal static double[,] FilterBank(int filters, int fftLength, int sampleRate)
    {
        var b = FilterEdges(filters, fftLength, sampleRate);
        var bank = new double[filters, (fftLength / 2) + 1];
        for (var j = 0; j < filters; j++)
        {
            for (var i = b[j]; i < b[j + 1]; i++)
            {
                bank[j, i] = (double)(i - b[j]) / (b[j + 1] - b[j]);
            }

            for (var i = b[j + 1]; i < b[j + 2]; i++)
            {
                bank[j, i] = (double)(b[j + 2] - i) / (b[j + 2] - b[j + 1]);
            }
        }

        return bank;
    }

    /// <summary>Lifter weights 1 + (L/2)·sin(πn/L), n = 0..count−1.</summary>
    internal static double[] LifterWeights(int count, int lifter)
    {
        var w = new double[count];
        for (var n = 0; n < count; n++)
        {
            w[n] = 1 + (lifter / 2.0 * Math.Sin(Math.PI * n / lifter));
        }

        return w;
    }

    /// <summary>Hz to mel: 2595·log10(1 + f/700).</summary>
    internal static double HzToMel(double hz) => 2595 * Math.Log10(1 + (hz / 700));

    /// <summary>Mel to Hz: 700·(10^(m/2595) − 1).</summary>
    internal static double MelToHz(double mel) => 700 * (Math.Pow(10, mel / 2595.0) - 1);

    private static int RoundHalfUp(double x) => (int)Math.Floor(x + 0.5);

    // scipy.fftpack.dct type II, norm='ortho': √(1/N)·Σx for k = 0, √(2/N)·Σ x_n cos(πk(2n+1)/(2N)) otherwise.
    private static double DctOrtho(double[] x, int k)
    {
        var n = x.Length;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += x[i] * Math.Cos(Math.PI * k * ((2 * i) + 1) / (2.0 * n));
        }

        return sum * Math.Sqrt((k == 0 ? 1.0 : 2.0) / n);
    }

    // In-place iterative radix-2 complex FFT (length a power of two).
    private static void Fft(double[] re, double[] im)
    {
        var n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (var len = 2; len <= n; len <<= 1)
        {
            var angle = -2 * Math.PI / len;
            for (var start = 0; start < n; start += len)
            {
                for (var k = 0; k < len / 2; k++)
                {
                    var (s, c) = Math.SinCos(angle * k);
                    var ur = re[start + k];
                    var ui = im[start + k];
                    var vr = (re[start + k + (len / 2)] * c) - (im[start + k + (len / 2)] * s);
                    var vi = (re[start + k + (len / 2)] * s) + (im[start + k + (len / 2)] * c);
                    re[start + k] = ur + vr;
                    im[start + k] = ui + vi;
                    re[start + k + (len / 2)] = ur - vr;
                    im[start + k + (len / 2)] = ui - vi;
                }
            }
        }
    }
}
