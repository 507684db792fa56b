using NUnit.Framework;
using Research.Datasets.AudioFeatures;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Randomness;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Speech;

[TestFixture]
public sealed class SpeechSynthesizerTests
{
    private const int Rate = SpeechSynthesizer.SampleRate;
    private const int FftSize = 512;

    // A steady, flat-pitched voice so spectra of sustained sounds are clean.
    private static readonly Voice SteadyVoice = new() { F0Hz = 90, AccentRange = 0, Declination = 0, Jitter = 0, Shimmer = 0 };

    [TestCase(1.0, 16000)]
    [TestCase(2.5, 40000)]
    [TestCase(0.12345, 1975)]
    [TestCase(0.00003125, 1)] // half a sample rounds away from zero
    public void Length_IsSecondsTimesRate(double seconds, int samples)
    {
        var clip = SpeechSynthesizer.Synthesize([new PhonemeSegment("sil", 0, seconds, 0)], seconds, new Voice(), new SeededRandom(1, 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Samples, Has.Length.EqualTo(samples));
            Assert.That(clip.SampleRate, Is.EqualTo(16000));
            Assert.That(clip.Channels, Is.EqualTo(1));
        }
    }

    [Test]
    public void SameInputs_GiveIdenticalSamples_OtherSeedsOrVoicesDiffer()
    {
        var script = SpeechScriptGenerator.Generate(5, new SeededRandom(3, 1));
        var a = SpeechSynthesizer.Synthesize(script, 5, Voice.FromSeed(1), new SeededRandom(3, 2));
        var b = SpeechSynthesizer.Synthesize(script, 5, Voice.FromSeed(1), new SeededRandom(3, 2));
        var otherNoise = SpeechSynthesizer.Synthesize(script, 5, Voice.FromSeed(1), new SeededRandom(4, 2));
        var otherVoice = SpeechSynthesizer.Synthesize(script, 5, Voice.FromSeed(2), new SeededRandom(3, 2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Samples.AsSpan().SequenceEqual(a.Samples), Is.True, "same inputs");
            Assert.That(otherNoise.Samples.AsSpan().SequenceEqual(a.Samples), Is.False, "other random stream");
            Assert.That(otherVoice.Samples.AsSpan().SequenceEqual(a.Samples), Is.False, "other voice");
        }
    }

    [Test]
    public void Output_IsPeakNormalisedToMinus3Dbfs()
    {
        var script = SpeechScriptGenerator.Generate(8, new SeededRandom(9, 1));
        var clip = SpeechSynthesizer.Synthesize(script, 8, Voice.FromSeed(9), new SeededRandom(9, 2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Samples.Max(MathF.Abs), Is.EqualTo(SpeechSynthesizer.PeakLevel).Within(1e-6f));
            Assert.That(20 * Math.Log10(SpeechSynthesizer.PeakLevel), Is.EqualTo(-3).Within(1e-4));
            Assert.That(clip.Samples.All(float.IsFinite), Is.True);
        }
    }

    [Test]
    public void AllPauses_GiveOnlyAQuietNoiseFloor()
    {
        var clip = SpeechSynthesizer.Synthesize([new PhonemeSegment("sil", 0, 1, 0)], 1, new Voice(), new SeededRandom(1, 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Samples.Max(MathF.Abs), Is.LessThan(1e-3f));
            Assert.That(clip.Samples.Max(MathF.Abs), Is.GreaterThan(0f), "not digital zero");
        }
    }

    // The envelope of the pre-emphasised spectrum (as formant trackers use, to undo the glottal tilt), smoothed in the
    // cepstrum, must peak within 10 % of F1 and F2 (at least ±80 Hz for low F1), looking for each between the
    // midpoints to its neighbouring formants.
    [TestCase("AA")]
    [TestCase("AE")]
    [TestCase("AH")]
    [TestCase("EH")]
    [TestCase("IY")]
    [TestCase("UW")]
    [TestCase("OW")]
    public void SustainedVowel_HasSpectralPeaksAtItsF1AndF2(string symbol)
    {
        var f = PhonemeInventory.Get(symbol).Formants;
        var clip = SpeechSynthesizer.Synthesize(Isolated(symbol, 0.5), 1.0, SteadyVoice, new SeededRandom(1, 1));
        var envelope = CepstralEnvelope(AveragePower(clip.Samples, (int)(0.4 * Rate), (int)(0.7 * Rate), preEmphasis: 0.97), 50);
        var f1Peak = Frequency(ArgMax(envelope, 150, 0.5 * (f.F1 + f.F2)));
        var f2Peak = Frequency(ArgMax(envelope, 0.5 * (f.F1 + f.F2), 0.5 * (f.F2 + f.F3)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(f1Peak, Is.EqualTo(f.F1).Within(Math.Max(0.1 * f.F1, 80)), $"{symbol} F1");
            Assert.That(f2Peak, Is.EqualTo(f.F2).Within(0.1 * f.F2), $"{symbol} F2");
        }
    }

    [Test]
    public void FormantScale_MovesThePeaksUp()
    {
        double F2Peak(Voice voice)
        {
            var clip = SpeechSynthesizer.Synthesize(Isolated("AE", 0.5), 1.0, voice, new SeededRandom(1, 1));

            // /æ/ F2 (1720 Hz, 2064 Hz scaled) is the strongest harmonic in 1.2–2.3 kHz; F1 and F3 lie outside.
            return Frequency(ArgMax(AveragePower(clip.Samples, (int)(0.4 * Rate), (int)(0.7 * Rate)), 1200, 2300));
        }

        Assert.That(F2Peak(SteadyVoice with { FormantScale = 1.2 }) / F2Peak(SteadyVoice), Is.EqualTo(1.2).Within(0.06));
    }

    [TestCase("S")]
    [TestCase("SH")]
    [TestCase("Z")]
    [TestCase("F")]
    public void Fricatives_HaveMoreHighFrequencyEnergyThanVowels(string fricative)
    {
        var clip = SpeechSynthesizer.Synthesize(Isolated(fricative, 0.5), 1.0, SteadyVoice, new SeededRandom(2, 1));
        var vowel = SpeechSynthesizer.Synthesize(Isolated("AA", 0.5), 1.0, SteadyVoice, new SeededRandom(2, 1));
        var fricativeShare = HighShare(AveragePower(clip.Samples, (int)(0.4 * Rate), (int)(0.7 * Rate)), 2500);
        var vowelShare = HighShare(AveragePower(vowel.Samples, (int)(0.4 * Rate), (int)(0.7 * Rate)), 2500);

        // Voiced /z/ keeps its voicing below 2.5 kHz, hence the modest absolute bound.
        Assert.That(fricativeShare, Is.GreaterThan(Math.Max(0.3, 100 * vowelShare)), $"share of power above 2.5 kHz; /a/ has {vowelShare:F4}");
    }

    [Test]
    public void SibilantBands_AreClassSpecific()
    {
        double Centroid(string symbol)
        {
            var power = AveragePower(SpeechSynthesizer.Synthesize(Isolated(symbol, 0.5), 1.0, SteadyVoice, new SeededRandom(2, 1)).Samples, (int)(0.4 * Rate), (int)(0.7 * Rate));
            return power.Select((p, k) => p * Frequency(k)).Sum() / power.Sum();
        }

        var s = Centroid("S");
        var sh = Centroid("SH");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(s, Is.InRange(4500, 7000), "/s/ centroid");
            Assert.That(sh, Is.InRange(2500, 4500), "/ʃ/ centroid");
        }
    }

    [Test]
    public void Plosive_IsAClosureThenABurst()
    {
        // sil AA P AA sil with a 100 ms /p/ from 0.5 s: closure to 0.56 s, burst and aspiration after.
        PhonemeSegment[] script =
        [
            new("sil", 0, 0.3, 0), new("AA", 0.3, 0.5, 1), new("P", 0.5, 0.6, 0), new("AA", 0.6, 0.8, 1), new("sil", 0.8, 1.0, 0),
        ];
        var clip = SpeechSynthesizer.Synthesize(script, 1.0, SteadyVoice, new SeededRandom(1, 1));
        var vowel = Rms(clip.Samples, 0.35, 0.45);
        var closure = Rms(clip.Samples, 0.52, 0.555);
        var burst = Rms(clip.Samples, 0.57, 0.585);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(closure, Is.LessThan(0.03 * vowel), "closure is near silent");
            Assert.That(burst, Is.GreaterThan(10 * closure), "release burst");
        }
    }

    [Test]
    public void Pauses_AreNearSilent()
    {
        var script = SpeechScriptGenerator.Generate(30, new SeededRandom(4, 1));
        var clip = SpeechSynthesizer.Synthesize(script, 30, Voice.FromSeed(4), new SeededRandom(4, 2));
        var vowels = script.Where(s => PhonemeInventory.Get(s.Symbol).Class == PhonemeClass.Vowel).ToList();
        var vowelRms = Math.Sqrt(vowels.Average(v => Math.Pow(Rms(clip.Samples, v.Start + 0.02, v.End - 0.02), 2)));
        var pauses = script.Where(s => s.Symbol == "sil" && s.Duration >= 0.2).ToList();

        Assert.That(pauses, Is.Not.Empty);
        using (Assert.EnterMultipleScope())
        {
            foreach (var pause in pauses)
            {
                // 50 ms in from each edge the previous sound has died away.
                Assert.That(Rms(clip.Samples, pause.Start + 0.05, pause.End - 0.05), Is.LessThan(0.01 * vowelRms), pause.ToString());
            }
        }
    }

    [Test]
    public void OpenVowels_AreLouderThanClosedOnes_AndConsonantsQuieter()
    {
        // Each clip is peak-normalised on its own, so levels are compared with an /a/ in the same clip.
        PhonemeSegment[] pair(string symbol) => [new("sil", 0, 0.2, 0), new("AA", 0.2, 0.6, 1), new("sil", 0.6, 0.8, 0), new(symbol, 0.8, 1.2, PhonemeInventory.Get(symbol).Openness), new("sil", 1.2, 1.4, 0)];
        double Relative(string symbol)
        {
            var clip = SpeechSynthesizer.Synthesize(pair(symbol), 1.4, SteadyVoice, new SeededRandom(3, 1));
            return Rms(clip.Samples, 0.9, 1.1) / Rms(clip.Samples, 0.3, 0.5);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Relative("IY"), Is.InRange(0.3, 0.95), "/i/ relative to /a/");
            Assert.That(Relative("M"), Is.InRange(0.05, 0.5), "/m/ murmur relative to /a/");
            Assert.That(Relative("S"), Is.InRange(0.05, 0.6), "/s/ relative to /a/");
        }
    }

    [Test]
    public void BadTimelines_Throw()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => SpeechSynthesizer.Synthesize([new("QQ", 0, 1, 0)], 1, new Voice(), new SeededRandom(1, 1)), Throws.ArgumentException.With.Message.Contains("'QQ'"));
            Assert.That(() => SpeechSynthesizer.Synthesize([new("AA", 0, 0.6, 1), new("IY", 0.5, 1, 0.3)], 1, new Voice(), new SeededRandom(1, 1)), Throws.ArgumentException.With.Message.Contains("segment 1"));
            Assert.That(() => SpeechSynthesizer.Synthesize([new("AA", 0.5, 0.4, 1)], 1, new Voice(), new SeededRandom(1, 1)), Throws.ArgumentException.With.Message.Contains("invalid times"));
            Assert.That(() => SpeechSynthesizer.Synthesize([], 0, new Voice(), new SeededRandom(1, 1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SpeechSynthesizer.Synthesize([], 1, new Voice { F0Hz = 10 }, new SeededRandom(1, 1)), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("F0Hz"));
        }
    }

    [Test]
    public void VoicesFromSeeds_AreDeterministicAndPlausible()
    {
        var voices = Enumerable.Range(0, 50).Select(seed => Voice.FromSeed(seed)).ToList();
        var again = Voice.FromSeed(7);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.EqualTo(voices[7]));
            Assert.That(voices.Select(v => v.F0Hz), Has.All.InRange(100.0, 220.0));
            Assert.That(voices.Select(v => v.F0Hz).Distinct().Count(), Is.EqualTo(50));
            Assert.That(voices.Max(v => v.F0Hz) - voices.Min(v => v.F0Hz), Is.GreaterThan(80), "speakers spread over the range");
            foreach (var voice in voices)
            {
                Assert.That(voice.Validate, Throws.Nothing);
            }
        }
    }

    internal static PhonemeSegment[] Isolated(string symbol, double length) =>
        [new("sil", 0, 0.3, 0), new(symbol, 0.3, 0.3 + length, PhonemeInventory.Get(symbol).Openness), new("sil", 0.3 + length, 1.0, 0)];

    internal static double Rms(float[] samples, double start, double end)
    {
        var a = (int)(start * Rate);
        var b = (int)(end * Rate);
        var sum = 0.0;
        for (var n = a; n < b; n++)
        {
            sum += samples[n] * (double)samples[n];
        }

        return Math.Sqrt(sum / (b - a));
    }

    // Mean power spectrum of Hann-windowed 512-sample frames hopping by 128 over [start, end), optionally of
    // x[n] − a·x[n − 1].
    private static double[] AveragePower(float[] samples, int start, int end, double preEmphasis = 0)
    {
        var fft = new Fft(FftSize);
        var frame = new double[FftSize];
        var power = new double[(FftSize / 2) + 1];
        var sum = new double[power.Length];
        var frames = 0;
        for (var s = start; s + FftSize <= end; s += 128)
        {
            for (var n = 0; n < FftSize; n++)
            {
                frame[n] = (samples[s + n] - (preEmphasis * samples[s + n - 1])) * (0.5 - (0.5 * Math.Cos(2 * Math.PI * n / FftSize)));
            }

            fft.PowerSpectrum(frame, power);
            for (var k = 0; k < power.Length; k++)
            {
                sum[k] += power[k];
            }

            frames++;
        }

        return [.. sum.Select(p => p / frames)];
    }

    // Log power spectrum low-passed in quefrency: keeping only cepstral coefficients below `lifter` samples (3 ms at
    // 50, well under the 11 ms pitch period) removes the harmonic ripple and leaves the vocal-tract envelope.
    private static double[] CepstralEnvelope(double[] power, int lifter)
    {
        var fft = new Fft(FftSize);
        var real = new double[FftSize];
        var imaginary = new double[FftSize];
        var floor = 1e-12 * power.Max();
        for (var k = 0; k < FftSize; k++)
        {
            real[k] = Math.Log(power[k <= FftSize / 2 ? k : FftSize - k] + floor);
        }

        // The log spectrum is real and even, so the forward transform gives N times the real cepstrum.
        fft.Forward(real, imaginary);
        for (var n = 0; n < FftSize; n++)
        {
            var quefrency = Math.Min(n, FftSize - n);
            real[n] = quefrency < lifter ? real[n] / FftSize : 0;
            imaginary[n] = 0;
        }

        fft.Forward(real, imaginary);
        return [.. real.Take((FftSize / 2) + 1)];
    }

    private static int ArgMax(double[] power, double fromHz, double toHz) =>
        Enumerable.Range(0, power.Length).Where(k => Frequency(k) >= fromHz && Frequency(k) <= toHz).MaxBy(k => power[k]);

    private static double HighShare(double[] power, double fromHz) =>
        power.Where((_, k) => Frequency(k) >= fromHz).Sum() / power.Sum();

    private static double Frequency(int bin) => bin * (double)Rate / FftSize;
}
