namespace Research.Metrics.Tests.Sync;

/// <summary>
/// A slow, obvious float64 twin of python_speech_features.mfcc with its defaults: naive DFT, filterbank built from
/// the mel formulas written out again, DCT-II by its definition.
/// </summary>
internal static class MfccReference
{
    public static double[,] Compute(short[] signal, int rate)
    {
        const int frameLen = 400, step = 160, nfft = 512, nfilt = 26, numcep = 13;
        var x = signal.Select(v => (double)v).ToArray();
        var y = new double[x.Length];
        for (var n = 0; n < x.Length; n++)
        {
            y[n] = n == 0 ? x[0] : x[n] - (0.97 * x[n - 1]);
        }

        var frames = x.Length <= frameLen ? 1 : 1 + (int)Math.Ceiling((x.Length - frameLen) / (double)step);
        var padded = new double[((frames - 1) * step) + frameLen];
        Array.Copy(y, padded, y.Length);

        double Mel(double f) => 2595 * Math.Log10(1 + (f / 700));
        double Hz(double m) => 700 * (Math.Pow(10, m / 2595) - 1);
        var edges = new double[nfilt + 2];
        for (var i = 0; i < edges.Length; i++)
        {
            var mel = Mel(rate / 2.0) * i / (nfilt + 1);
            edges[i] = Math.Floor((nfft + 1) * Hz(mel) / rate);
        }

        var bank = new double[nfilt, 257];
        for (var j = 0; j < nfilt; j++)
        {
            for (var i = 0; i < 257; i++)
            {
                if (i >= edges[j] && i < edges[j + 1])
                {
                    bank[j, i] = (i - edges[j]) / (edges[j + 1] - edges[j]);
                }
                else if (i >= edges[j + 1] && i < edges[j + 2])
                {
                    bank[j, i] = (edges[j + 2] - i) / (edges[j + 2] - edges[j + 1]);
                }
            }
        }

        var result = new double[frames, numcep];
        for (var t = 0; t < frames; t++)
        {
            var pspec = new double[257];
            for (var k = 0; k < 257; k++)
            {
                double re = 0, im = 0;
                for (var n = 0; n < frameLen; n++)
                {
                    var angle = -2 * Math.PI * k * n / nfft;
                    re += padded[(t * step) + n] * Math.Cos(angle);
                    im += padded[(t * step) + n] * Math.Sin(angle);
                }

                pspec[k] = ((re * re) + (im * im)) / nfft;
            }

            var energy = pspec.Sum();
            energy = energy == 0 ? Math.Pow(2, -52) : energy;
            var logfeat = new double[nfilt];
            for (var j = 0; j < nfilt; j++)
            {
                var f = 0.0;
                for (var k = 0; k < 257; k++)
                {
                    f += pspec[k] * bank[j, k];
                }

                logfeat[j] = Math.Log(f == 0 ? Math.Pow(2, -52) : f);
            }

            for (var c = 0; c < numcep; c++)
            {
                var sum = 0.0;
                for (var n = 0; n < nfilt; n++)
                {
                    sum += 2 * logfeat[n] * Math.Cos(Math.PI * c * ((2 * n) + 1) / (2 * nfilt));
                }

                var norm = c == 0 ? Math.Sqrt(1.0 / (4 * nfilt)) : Math.Sqrt(1.0 / (2 * nfilt));
                result[t, c] = sum * norm * (1 + (11 * Math.Sin(Math.PI * c / 22)));
            }

            result[t, 0] = Math.Log(energy);
        }

        return result;
    }
}
