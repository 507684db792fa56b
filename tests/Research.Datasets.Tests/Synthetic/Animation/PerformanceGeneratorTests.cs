using NUnit.Framework;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Speech;

namespace Research.Datasets.Tests.Synthetic.Animation;

[TestFixture]
public sealed class PerformanceGeneratorTests
{
    private const double Degrees = 180 / Math.PI;
    private static readonly int[] Seeds = [0, 1, 2, 3];

    // One-minute performances shared by the read-only tests, each generated once.
    private static readonly Dictionary<int, Performance> Minutes = [];

    private static Performance Minute(int seed)
    {
        lock (Minutes)
        {
            if (!Minutes.TryGetValue(seed, out var performance))
            {
                performance = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 60, MotionSeed = seed, IdentitySeed = seed });
                Minutes[seed] = performance;
            }

            return performance;
        }
    }

    [Test]
    public void SameOptions_GiveIdenticalPerformances()
    {
        var options = new PerformanceOptions { Seconds = 6, MotionSeed = 5, IdentitySeed = 9 };
        var a = PerformanceGenerator.Generate(options);
        var b = PerformanceGenerator.Generate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Audio.Samples.AsSpan().SequenceEqual(a.Audio.Samples), Is.True, "audio");
            Assert.That(b.Phonemes, Is.EqualTo(a.Phonemes), "phonemes");
            Assert.That(AllWeights(b).AsSpan().SequenceEqual(AllWeights(a)), Is.True, "weights");
            Assert.That(b.Poses, Is.EqualTo(a.Poses), "poses");
            Assert.That(b.VowelOpenness, Is.EqualTo(a.VowelOpenness), "openness");
        }
    }

    [Test]
    public void MotionSeed_ChangesEverything_IdentitySeed_OnlyTheVoice()
    {
        var a = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 6, MotionSeed = 1, IdentitySeed = 1 });
        var otherMotion = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 6, MotionSeed = 2, IdentitySeed = 1 });
        var otherIdentity = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 6, MotionSeed = 1, IdentitySeed = 2 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(otherMotion.Audio.Samples.AsSpan().SequenceEqual(a.Audio.Samples), Is.False, "motion: audio");
            Assert.That(otherMotion.Phonemes, Is.Not.EqualTo(a.Phonemes), "motion: phonemes");
            Assert.That(AllWeights(otherMotion).AsSpan().SequenceEqual(AllWeights(a)), Is.False, "motion: weights");
            Assert.That(otherMotion.Poses, Is.Not.EqualTo(a.Poses), "motion: poses");

            Assert.That(otherIdentity.Audio.Samples.AsSpan().SequenceEqual(a.Audio.Samples), Is.False, "identity: audio");
            Assert.That(otherIdentity.Phonemes, Is.EqualTo(a.Phonemes), "identity: phonemes");
            Assert.That(AllWeights(otherIdentity).AsSpan().SequenceEqual(AllWeights(a)), Is.True, "identity: weights");
            Assert.That(otherIdentity.Poses, Is.EqualTo(a.Poses), "identity: poses");
        }
    }

    [TestCase(10.0, 25.0, 250, 160000)]
    [TestCase(2.01, 30.0, 60, 32000)]
    [TestCase(1.3, 24.0, 31, 20667)] // 31 / 24 s = 20666.7 samples
    [TestCase(0.02, 25.0, 1, 640)] // half a frame rounds up to one
    public void Lengths_FollowTheFrameCount(double seconds, double fps, int frames, int samples)
    {
        var options = new PerformanceOptions { Seconds = seconds, Fps = fps, MotionSeed = 3 };
        var performance = PerformanceGenerator.Generate(options);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(performance.FrameCount, Is.EqualTo(frames));
            Assert.That(options.FrameCount, Is.EqualTo(frames));
            Assert.That(performance.Audio.Samples, Has.Length.EqualTo(samples));
            Assert.That(options.SampleCount, Is.EqualTo(samples));
            Assert.That(performance.Audio.SampleRate, Is.EqualTo(16000));
            Assert.That(performance.Fps, Is.EqualTo(fps));
            Assert.That(performance.Phonemes[0].Start, Is.Zero);
            Assert.That(performance.Phonemes[^1].End, Is.EqualTo(frames / fps), "the timeline covers the clip exactly");
        }
    }

    [Test]
    public void Weights_AreInRange_AndEveryExpressionMoves()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var seed in Seeds)
            {
                var p = Minute(seed);
                Assert.That(AllWeights(p), Has.All.InRange(0f, 1f), $"seed {seed}");
                foreach (var e in Enum.GetValues<Expression>())
                {
                    var column = Column(p, e);
                    Assert.That(column.Max() - column.Min(), Is.GreaterThan(0.1), $"seed {seed}: {e} varies");
                }
            }
        }
    }

    [Test]
    public void VowelOpenness_IsThePhonemeUnderEachFrameStart()
    {
        var p = Minute(0);

        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < p.FrameCount; i++)
            {
                var t = PerformanceGenerator.FrameTime(i, p.Fps);
                var segment = p.Phonemes.Single(s => s.Start <= t && t < s.End);
                Assert.That(p.VowelOpenness[i], Is.EqualTo((float)segment.Openness), $"frame {i}");
            }
        }
    }

    // Over seeds 0–7: jaw~openness r = 0.91–0.92, lips~openness 0.83–0.87, jaw~energy 0.90–0.93 at lag 0,
    // 0.73–0.78 at ±1 frame and below 0.21 at ±3 frames.
    [Test]
    public void MouthTracksSpeech_AndIsAlignedWithTheAudio()
    {
        foreach (var seed in Seeds)
        {
            var p = Minute(seed);
            var jaw = Column(p, Expression.JawDrop);
            var lips = Column(p, Expression.LipsPart);
            var openness = p.VowelOpenness.Select(v => (double)v).ToArray();
            var energy = FrameEnergy(p);
            var aligned = Statistics.ShiftedPearson(jaw, energy, 0);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(Statistics.Pearson(jaw, openness), Is.GreaterThan(0.85), $"seed {seed}: jaw ~ openness");
                Assert.That(Statistics.Pearson(lips, openness), Is.GreaterThan(0.75), $"seed {seed}: lips ~ openness");
                Assert.That(aligned, Is.GreaterThan(0.8), $"seed {seed}: jaw ~ audio energy");
                Assert.That(Statistics.ShiftedPearson(lips, energy, 0), Is.GreaterThan(0.75), $"seed {seed}: lips ~ audio energy");
                foreach (var lag in new[] { -3, -1, 1, 3 })
                {
                    var margin = Math.Abs(lag) == 3 ? 0.4 : 0.05;
                    Assert.That(aligned, Is.GreaterThan(Statistics.ShiftedPearson(jaw, energy, lag) + margin), $"seed {seed}: audio shifted by {lag} frames");
                }
            }
        }
    }

    [Test]
    public void Bilabials_CloseTheLipsInTheFramesTheyCover()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var seed in Seeds)
            {
                var p = Minute(seed);
                foreach (var segment in p.Phonemes.Where(s => PhonemeInventory.Get(s.Symbol).ClosesLips))
                {
                    var frames = Enumerable.Range(0, p.FrameCount).Where(i => PerformanceGenerator.FrameTime(i, p.Fps) >= segment.Start && PerformanceGenerator.FrameTime(i, p.Fps) < segment.End).ToList();
                    if (frames.Count > 0)
                    {
                        Assert.That(frames.Min(i => p.Weight(i, Expression.LipsPart)), Is.LessThan(0.15f), $"seed {seed}: {segment}");
                    }
                }
            }
        }
    }

    [Test]
    public void Blinks_HaveAPlausibleRateAndAreVisible()
    {
        var p = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 180, MotionSeed = 21 });
        var blink = Column(p, Expression.Blink);
        var peaks = Enumerable.Range(1, blink.Length - 2).Where(i => blink[i] > 0.5 && blink[i] >= blink[i - 1] && blink[i] > blink[i + 1]).ToList();
        var onsets = Enumerable.Range(1, blink.Length - 1).Count(i => blink[i] > 0.05 && blink[i - 1] <= 0.05);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(peaks.Count / 3.0, Is.InRange(8, 30), "blinks per minute");
            Assert.That(peaks.Select(i => blink[i]), Has.All.GreaterThan(0.7), "each blink shows a mostly closed frame");
            Assert.That(peaks, Has.Count.EqualTo(onsets), "one peak per blink");
            Assert.That(blink.Count(b => b < 0.05) / (double)blink.Length, Is.GreaterThan(0.85), "eyes mostly open");
        }
    }

    [Test]
    public void Brows_RiseAtPhraseStarts()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var seed in Seeds)
            {
                var p = Minute(seed);
                var inner = Column(p, Expression.InnerBrowRaise);
                var atStarts = p.Phonemes.Where(s => s.PhraseStart).Select(s => FrameAt(p, s.Start + 0.15)).Where(i => i < p.FrameCount).Average(i => inner[i]);
                Assert.That(atStarts, Is.GreaterThan(inner.Average() + 0.05), $"seed {seed}");
                Assert.That(Column(p, Expression.BrowLower).Max(), Is.LessThan(0.35), $"seed {seed}: brow lower stays small");
            }
        }
    }

    [Test]
    public void SmileMoments_RaiseCheeksWithTheLipCorners()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var seed in Seeds)
            {
                var p = Minute(seed);
                var cheek = Column(p, Expression.CheekRaise);
                Assert.That(cheek.Max(), Is.GreaterThan(0.1), $"seed {seed}: a smile happens in a minute");
                Assert.That(Statistics.Pearson(cheek, Column(p, Expression.LipCornerPull)), Is.GreaterThan(0.4), $"seed {seed}");
                Assert.That(Statistics.Pearson(cheek, Column(p, Expression.LidTighten)), Is.GreaterThan(0.99), $"seed {seed}");
            }
        }
    }

    [Test]
    public void HeadPose_IsBoundedSmoothAndNodsOnStress()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var seed in Seeds)
            {
                var p = Minute(seed);
                var poses = p.Poses;
                Assert.That(poses.Max(q => Math.Abs(q.Pitch)) * Degrees, Is.LessThanOrEqualTo(6), $"seed {seed}: pitch");
                Assert.That(poses.Max(q => Math.Abs(q.Yaw)) * Degrees, Is.LessThanOrEqualTo(6), $"seed {seed}: yaw");
                Assert.That(poses.Max(q => Math.Abs(q.Roll)) * Degrees, Is.LessThanOrEqualTo(3), $"seed {seed}: roll");
                Assert.That(poses.Max(q => Math.Max(Math.Max(Math.Abs(q.Tx), Math.Abs(q.Ty)), Math.Abs(q.Tz))), Is.LessThanOrEqualTo(0.03), $"seed {seed}: translation");

                var steps = Enumerable.Range(1, poses.Length - 1).Select(i => Math.Max(Math.Max(Math.Abs(poses[i].Pitch - poses[i - 1].Pitch), Math.Abs(poses[i].Yaw - poses[i - 1].Yaw)), Math.Abs(poses[i].Roll - poses[i - 1].Roll)) * Degrees);
                Assert.That(steps.Max(), Is.LessThan(1.5), $"seed {seed}: largest rotation in one frame, degrees");
                Assert.That(Math.Sqrt(poses.Average(q => q.Yaw * q.Yaw)) * Degrees, Is.GreaterThan(0.5), $"seed {seed}: the head moves");

                // Pitch minus its 1 s running mean, just after stressed vowels start, against its overall mean (0).
                var pitch = poses.Select(q => q.Pitch * Degrees).ToArray();
                var detrended = Enumerable.Range(0, pitch.Length).Select(i => pitch[i] - Enumerable.Range(Math.Max(0, i - 12), Math.Min(pitch.Length, i + 13) - Math.Max(0, i - 12)).Average(j => pitch[j])).ToArray();
                var nods = p.Phonemes.Where(s => s.Stress >= 0.6 && PhonemeInventory.Get(s.Symbol).Class == PhonemeClass.Vowel).Select(s => FrameAt(p, s.Start + 0.07)).Where(i => i < p.FrameCount).Average(i => detrended[i]);
                Assert.That(nods, Is.GreaterThan(0.15), $"seed {seed}: head dips (positive pitch) on stressed vowels");
            }
        }
    }

    [Test]
    public void InvalidOptions_Throw()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Seconds"));
            Assert.That(() => PerformanceGenerator.Generate(new PerformanceOptions { Seconds = 0.01 }), Throws.InstanceOf<ArgumentOutOfRangeException>(), "no whole frame");
            Assert.That(() => PerformanceGenerator.Generate(new PerformanceOptions { Fps = double.NaN }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Fps"));
            Assert.That(() => PerformanceGenerator.Generate(new PerformanceOptions { Voice = new Voice { FormantScale = 2 } }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("FormantScale"));
        }
    }

    private static float[] AllWeights(Performance p) => [.. Enumerable.Range(0, p.FrameCount).SelectMany(i => p.Weights(i).ToArray())];

    private static double[] Column(Performance p, Expression e) => [.. Enumerable.Range(0, p.FrameCount).Select(i => (double)p.Weight(i, e))];

    private static int FrameAt(Performance p, double t) => (int)Math.Round(t * p.Fps);

    // RMS over 40 ms centred on each frame's sample time i / fps.
    private static double[] FrameEnergy(Performance p)
    {
        var samples = p.Audio.Samples;
        var half = p.Audio.SampleRate / 50;
        var energy = new double[p.FrameCount];
        for (var i = 0; i < energy.Length; i++)
        {
            var centre = (int)Math.Round(PerformanceGenerator.FrameTime(i, p.Fps) * p.Audio.SampleRate);
            var sum = 0.0;
            var count = 0;
            for (var n = Math.Max(0, centre - half); n < Math.Min(samples.Length, centre + half); n++)
            {
                sum += samples[n] * (double)samples[n];
                count++;
            }

            energy[i] = Math.Sqrt(sum / Math.Max(1, count));
        }

        return energy;
    }
}
