using NUnit.Framework;
using Research.Datasets.AudioFeatures;

namespace Research.Datasets.Tests.AudioFeatures;

[TestFixture]
public sealed class FftTests
{
    [TestCase(2)]
    [TestCase(8)]
    [TestCase(64)]
    [TestCase(512)]
    [TestCase(1024)]
    public void Forward_MatchesNaiveDft(int size)
    {
        var random = new Random(size);
        var real = Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var imaginary = Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var (expectedReal, expectedImaginary) = NaiveDft(real, imaginary);

        new Fft(size).Forward(real, imaginary);

        Assert.That(RelativeError(real, imaginary, expectedReal, expectedImaginary), Is.LessThan(1e-4));
    }

    [Test]
    public void PowerSpectrum_MatchesNaiveDftOfZeroPaddedFrame()
    {
        var random = new Random(42);
        var frame = Enumerable.Range(0, 400).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var padded = frame.Concat(new double[112]).ToArray();
        var (re, im) = NaiveDft(padded, new double[512]);
        var expected = Enumerable.Range(0, 257).Select(k => (re[k] * re[k]) + (im[k] * im[k])).ToArray();
        var power = new double[257];

        new Fft(512).PowerSpectrum(frame, power);

        var maxError = expected.Zip(power, (e, p) => Math.Abs(e - p)).Max();
        Assert.That(maxError / expected.Max(), Is.LessThan(1e-4));
    }

    [Test]
    public void NonPowerOfTwo_Throws()
    {
        Assert.That(() => new Fft(400), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    // The reference twin: O(N²) textbook DFT, X[k] = Σ x[n]·e^(−2πikn/N).
    private static (double[] Real, double[] Imaginary) NaiveDft(double[] real, double[] imaginary)
    {
        var n = real.Length;
        var outReal = new double[n];
        var outImaginary = new double[n];
        for (var k = 0; k < n; k++)
        {
            for (var t = 0; t < n; t++)
            {
                var angle = -2 * Math.PI * ((long)k * t % n) / n;
                var (c, s) = (Math.Cos(angle), Math.Sin(angle));
                outReal[k] += (real[t] * c) - (imaginary[t] * s);
                outImaginary[k] += (real[t] * s) + (imaginary[t] * c);
            }
        }

        return (outReal, outImaginary);
    }

    private static double RelativeError(double[] re, double[] im, double[] expectedRe, double[] expectedIm)
    {
        double maxError = 0, maxMagnitude = 0;
        for (var k = 0; k < re.Length; k++)
        {
            maxError = Math.Max(maxError, Math.Sqrt(Math.Pow(re[k] - expectedRe[k], 2) + Math.Pow(im[k] - expectedIm[k], 2)));
            maxMagnitude = Math.Max(maxMagnitude, Math.Sqrt((expectedRe[k] * expectedRe[k]) + (expectedIm[k] * expectedIm[k])));
        }

        return maxError / maxMagnitude;
    }
}
