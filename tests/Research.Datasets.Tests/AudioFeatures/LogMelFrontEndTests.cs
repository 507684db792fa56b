using NUnit.Framework;
using Research.Datasets.AudioFeatures;
using Research.Media.Audio;

namespace Research.Datasets.Tests.AudioFeatures;

[TestFixture]
public sealed class LogMelFrontEndTests
{
    [Test]
    public void Rows_AreCeilingOfLengthOverHop()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LogMelFrontEnd.Compute(Sine(1000, 64000)).Rows, Is.EqualTo(200));
            Assert.That(LogMelFrontEnd.Compute(Sine(1000, 64001)).Rows, Is.EqualTo(201));
            Assert.That(LogMelFrontEnd.Compute(Sine(1000, 100)).Rows, Is.EqualTo(1));
            Assert.That(LogMelFrontEnd.Compute(Sine(1000, 64000)).Columns, Is.EqualTo(29));
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void PureSine_PeaksInTheBandContaining1kHz(bool normalize)
    {
        var options = new LogMelOptions { Normalize = normalize };
        var bank = new MelFilterBank(options);
        var expectedBand = Enumerable.Range(0, bank.Bands).MaxBy(m => bank.Response(m, 1000));

        var features = LogMelFrontEnd.Compute(Sine(1000, 16000), options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bank.Response(expectedBand, 1000), Is.GreaterThan(0.5));
            for (var t = 0; t < features.Rows - 2; t++)
            {
                var row = features.Row(t).ToArray();
                Assert.That(Array.IndexOf(row, row.Max()), Is.EqualTo(expectedBand), $"row {t}");
            }
        }
    }

    [Test]
    public void Unnormalised_MatchesTheDocumentedFormulaForOneRow()
    {
        var options = new LogMelOptions { Normalize = false };
        var clip = Sine(440, 4000, amplitude: 0.3f);
        var bank = new MelFilterBank(options);

        var features = LogMelFrontEnd.Compute(clip, options);

        // Row 3 by hand: periodic Hann, naive DFT of the zero-padded window, triangles, ln(E + 1e-6).
        var t = 3;
        var power = new double[257];
        for (var k = 0; k < 257; k++)
        {
            double re = 0, im = 0;
            for (var n = 0; n < 400; n++)
            {
                var w = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / 400));
                var x = clip.Samples[(t * 320) + n] * w;
                re += x * Math.Cos(-2 * Math.PI * k * n / 512);
                im += x * Math.Sin(-2 * Math.PI * k * n / 512);
            }

            power[k] = (re * re) + (im * im);
        }

        for (var m = 0; m < 29; m++)
        {
            var energy = Enumerable.Range(0, 257).Sum(k => bank.Weight(m, k) * power[k]);
            Assert.That(features[t, m], Is.EqualTo(Math.Log(energy + 1e-6)).Within(1e-4), $"band {m}");
        }
    }

    [Test]
    public void Normalised_HasZeroMeanAndUnitStd()
    {
        var features = LogMelFrontEnd.Compute(Sine(300, 8000, amplitude: 0.5f));
        var mean = features.Data.Average(v => (double)v);
        var std = Math.Sqrt(features.Data.Average(v => (v - mean) * (v - mean)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(mean, Is.EqualTo(0).Within(1e-5));
            Assert.That(std, Is.EqualTo(1).Within(1e-5));
        }
    }

    [Test]
    public void Silence_IsFiniteAndZeroAfterNormalisation()
    {
        var features = LogMelFrontEnd.Compute(new AudioClip(16000, 1, new float[3200]));
        Assert.That(features.Data, Has.All.EqualTo(0f).Within(1e-6f));
    }

    [Test]
    public void WrongRateOrChannels_ThrowsWithFfmpegHint()
    {
        var stereo = new AudioClip(16000, 2, new float[3200]);
        var wrongRate = new AudioClip(44100, 1, new float[4410]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => LogMelFrontEnd.Compute(stereo), Throws.ArgumentException.With.Message.Contains("-ar 16000 -ac 1"));
            Assert.That(() => LogMelFrontEnd.Compute(wrongRate), Throws.ArgumentException.With.Message.Contains("-ar 16000 -ac 1"));
        }
    }

    private static AudioClip Sine(double frequency, int samples, float amplitude = 0.8f)
    {
        var data = new float[samples];
        for (var n = 0; n < samples; n++)
        {
            data[n] = amplitude * (float)Math.Sin(2 * Math.PI * frequency * n / 16000);
        }

        return new AudioClip(16000, 1, data);
    }
}
