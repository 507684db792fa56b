using NUnit.Framework;
using Research.Metrics.Sync;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class MfccTests
{
    [Test]
    public void Filter_edges_match_the_documented_bins()
    {
        int[] expected = [0, 2, 4, 7, 10, 13, 16, 20, 24, 29, 34, 40, 46, 53, 60, 68, 77, 87, 97, 109, 122, 136, 152, 169, 188, 209, 231, 256];
        Assert.That(Mfcc.FilterEdges(26, 512, 16000), Is.EqualTo(expected));
    }

    [Test]
    public void Lifter_weights_match_the_documented_values()
    {
        double[] expected = [1.0, 2.565463, 4.099058, 5.569565, 6.947049, 8.203468, 9.313245, 10.253789, 11.005952, 11.554423, 11.888036, 12.0, 11.888036];
        Assert.That(Mfcc.LifterWeights(13, 22), Is.EqualTo(expected).Within(5e-7));
    }

    [Test]
    public void Filterbank_triangles_rise_and_fall_between_their_edges()
    {
        var bank = Mfcc.FilterBank(26, 512, 16000);
        var edges = Mfcc.FilterEdges(26, 512, 16000);
        Assert.Multiple(() =>
        {
            // Filter 0: edges 0, 2, 4 → bins 0..3 = 0, 0.5, 1, 0.5; bin 4 = 0.
            Assert.That(new[] { bank[0, 0], bank[0, 1], bank[0, 2], bank[0, 3], bank[0, 4] }, Is.EqualTo(new[] { 0, 0.5, 1, 0.5, 0 }));
            for (var j = 0; j < 26; j++)
            {
                Assert.That(bank[j, edges[j + 1]], Is.EqualTo(1.0), $"peak of filter {j}");
            }

            Assert.That(bank[25, 256], Is.EqualTo(0.0), "the last edge (256) is excluded");
        });
    }

    [TestCase(0, 1)]
    [TestCase(400, 1)]
    [TestCase(401, 2)]
    [TestCase(560, 2)]
    [TestCase(561, 3)]
    [TestCase(16000, 99)]
    [TestCase(6400, 39)]
    public void Frame_count_follows_framesig(int samples, int frames) =>
        Assert.That(Mfcc.FrameCount(samples, 400, 160), Is.EqualTo(frames));

    [TestCase(1)]
    [TestCase(399)]
    [TestCase(1000)]
    [TestCase(4321)]
    public void Matches_the_naive_twin_on_random_int16_audio(int length)
    {
        var rng = new Random(length);
        var samples = new short[length];
        for (var i = 0; i < length; i++)
        {
            samples[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
        }

        AssertClose(Mfcc.Compute(samples, 16000), MfccReference.Compute(samples, 16000), 1e-9);
    }

    [Test]
    public void Matches_the_naive_twin_on_a_tone_with_silence()
    {
        var samples = new short[3200];
        for (var i = 800; i < 2400; i++)
        {
            samples[i] = (short)Math.Round(8000 * Math.Sin(2 * Math.PI * 440 * i / 16000));
        }

        var fast = Mfcc.Compute(samples, 16000);
        AssertClose(fast, MfccReference.Compute(samples, 16000), 1e-9);

        // The all-zero first frame takes the eps path: c0 = ln(2⁻⁵²), other coefficients from ln(eps) filters.
        Assert.That(fast[0, 0], Is.EqualTo(Math.Log(Math.Pow(2, -52))).Within(1e-12));
    }

    [Test]
    public void Scaling_the_audio_changes_only_c0_and_the_log_offsets()
    {
        // log(k²·F) = log F + 2 log k: a DC shift of the log-mel vector changes only the DCT's c0, which appendEnergy replaces.
        var rng = new Random(5);
        var samples = Enumerable.Range(0, 2000).Select(_ => (short)rng.Next(-8000, 8000)).ToArray();
        var doubled = samples.Select(s => (short)(2 * s)).ToArray();
        var a = Mfcc.Compute(samples, 16000);
        var b = Mfcc.Compute(doubled, 16000);
        for (var t = 0; t < a.GetLength(0); t++)
        {
            Assert.That(b[t, 0] - a[t, 0], Is.EqualTo(2 * Math.Log(2)).Within(1e-9));
            for (var c = 1; c < 13; c++)
            {
                Assert.That(b[t, c], Is.EqualTo(a[t, c]).Within(1e-9));
            }
        }
    }

    private static void AssertClose(double[,] actual, double[,] expected, double tolerance)
    {
        Assert.That(actual.GetLength(0), Is.EqualTo(expected.GetLength(0)));
        Assert.That(actual.GetLength(1), Is.EqualTo(13));
        var worst = 0.0;
        for (var t = 0; t < actual.GetLength(0); t++)
        {
            for (var c = 0; c < 13; c++)
            {
                worst = Math.Max(worst, Math.Abs(actual[t, c] - expected[t, c]) / Math.Max(1, Math.Abs(expected[t, c])));
            }
        }

        Assert.That(worst, Is.LessThan(tolerance));
    }
}
