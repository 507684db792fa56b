using NUnit.Framework;
using Research.Datasets.Generated;
using Research.Media.Imaging;

namespace Research.Datasets.Tests.Generated;

[TestFixture]
public sealed class GeneratedClipGeneratorTests
{
    private static readonly int[] Seeds = [0, 1, 2, 3, 4];

    // Default-option clips shared by the read-only correlation tests, so each seed is generated once.
    private static readonly Dictionary<int, GeneratedClip> DefaultClips = [];

    private static GeneratedClip DefaultClip(int seed)
    {
        lock (DefaultClips)
        {
            if (!DefaultClips.TryGetValue(seed, out var clip))
            {
                clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seed = seed });
                DefaultClips[seed] = clip;
            }

            return clip;
        }
    }

    [Test]
    public void SameOptions_GiveIdenticalFramesAndAudio()
    {
        var options = new GeneratedClipOptions { Seed = 7 };
        var a = GeneratedClipGenerator.Generate(options);
        var b = GeneratedClipGenerator.Generate(options);

        // Span comparison: NUnit's element-wise collection equality is slow on a million bytes.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Audio.Samples.AsSpan().SequenceEqual(a.Audio.Samples), Is.True, "audio samples");
            Assert.That(b.MouthOpenness.AsSpan().SequenceEqual(a.MouthOpenness), Is.True, "mouth openness");
            for (var i = 0; i < a.Frames.Count; i++)
            {
                Assert.That(b.Frames[i].Pixels.AsSpan().SequenceEqual(a.Frames[i].Pixels), Is.True, $"frame {i}");
            }
        }
    }

    [Test]
    public void DifferentSeeds_GiveDifferentClips()
    {
        var a = DefaultClip(1);
        var b = DefaultClip(2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(b.Audio.Samples.AsSpan().SequenceEqual(a.Audio.Samples), Is.False, "audio samples");
            Assert.That(b.MouthOpenness.AsSpan().SequenceEqual(a.MouthOpenness), Is.False, "mouth openness");
            Assert.That(b.Frames[0].Pixels.AsSpan().SequenceEqual(a.Frames[0].Pixels), Is.False, "first frame");
        }
    }

    [TestCase(4.0, 25, 100, 64000)]
    [TestCase(2.0, 30, 60, 32000)]
    [TestCase(1.5, 25, 38, 24000)]
    public void Lengths_FollowSecondsTimesRates(double seconds, int fps, int frames, int samples)
    {
        var clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seconds = seconds, Fps = fps, Seed = 3 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(clip.Frames, Has.Count.EqualTo(frames));
            Assert.That(clip.MouthOpenness, Has.Length.EqualTo(frames));
            Assert.That(clip.Audio.Samples, Has.Length.EqualTo(samples));
            Assert.That(clip.Audio.SampleRate, Is.EqualTo(16000));
            Assert.That(clip.Audio.Channels, Is.EqualTo(1));
            Assert.That(clip.Fps, Is.EqualTo(fps));
        }
    }

    [TestCase(64, 64)]
    [TestCase(128, 128)]
    [TestCase(512, 512)]
    [TestCase(96, 64)]
    public void Frames_AreRgbAtTheRequestedSize(int width, int height)
    {
        var clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seconds = 0.4, Width = width, Height = height, Seed = 5 });
        var frame = clip.Frames[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(frame.Width, Is.EqualTo(width));
            Assert.That(frame.Height, Is.EqualTo(height));
            Assert.That(frame.Channels, Is.EqualTo(3));
            Assert.That(frame.Pixels.Distinct().Count(), Is.GreaterThan(50), "a textured image, not a flat fill");
        }
    }

    [Test]
    public void Audio_IsPeakNormalisedSpeechWithPauses()
    {
        var clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seed = 11 });
        var peak = clip.Audio.Samples.Max(MathF.Abs);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(peak, Is.EqualTo(0.8f).Within(1e-4f));
            Assert.That(clip.MouthOpenness, Has.All.InRange(0.0, 1.0));
            Assert.That(clip.MouthOpenness.Count(o => o < 0.05), Is.GreaterThan(5), "some closed-mouth frames (pauses)");
            Assert.That(clip.MouthOpenness.Count(o => o > 0.5), Is.GreaterThan(5), "some wide-open frames");
        }
    }

    // Over seeds 0–19: aligned r is 0.85–0.93 and r at ±10 frames is below 0.07, so the margins are wide.
    [Test]
    public void MouthOpenness_TracksAudioEnergy_AndIsAlignedInTime()
    {
        foreach (var seed in Seeds)
        {
            var clip = DefaultClip(seed);
            var energy = FrameEnergy(clip.Audio.Samples, clip.Audio.SampleRate, clip.Fps, clip.Frames.Count);
            var aligned = Statistics.ShiftedPearson(clip.MouthOpenness, energy, 0);
            var early = Statistics.ShiftedPearson(clip.MouthOpenness, energy, -10);
            var late = Statistics.ShiftedPearson(clip.MouthOpenness, energy, 10);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(aligned, Is.GreaterThan(0.8), $"seed {seed}");
                Assert.That(aligned, Is.GreaterThan(early + 0.4), $"seed {seed}, audio 10 frames early");
                Assert.That(aligned, Is.GreaterThan(late + 0.4), $"seed {seed}, audio 10 frames late");
            }
        }
    }

    // Over seeds 0–19 r is 0.95–0.995 (dark skin with bright teeth is the hardest case).
    [Test]
    public void MouthRegionDarkness_TracksMouthOpenness()
    {
        foreach (var seed in Seeds)
        {
            var clip = DefaultClip(seed);
            var darkness = clip.Frames.Select(MouthDarkness).ToArray();
            var r = Statistics.Pearson(clip.MouthOpenness, darkness);

            Assert.That(r, Is.GreaterThan(0.9), $"seed {seed}");
        }
    }

    [Test]
    public void MouthRegionDarkness_TracksMouthOpenness_AtHigherResolution()
    {
        var clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seconds = 2, Width = 128, Height = 128, Seed = 9 });
        var darkness = clip.Frames.Select(MouthDarkness).ToArray();

        Assert.That(Statistics.Pearson(clip.MouthOpenness, darkness), Is.GreaterThan(0.9));
    }

    [Test]
    public void InvalidOptions_Throw()
    {
        Assert.That(() => GeneratedClipGenerator.Generate(new GeneratedClipOptions { Width = 8 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => GeneratedClipGenerator.Generate(new GeneratedClipOptions { Seconds = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    // RMS over 40 ms centred on each frame time i / fps.
    internal static double[] FrameEnergy(float[] samples, int sampleRate, int fps, int frames)
    {
        var half = sampleRate / 50;
        var energy = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            var centre = i * sampleRate / fps;
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

    // 255 minus the mean luma of a box around where the generator draws the mouth (centre, 69% down; it bobs ~1 px).
    internal static double MouthDarkness(ByteImage frame)
    {
        var x0 = (int)(0.4 * frame.Width);
        var x1 = (int)(0.6 * frame.Width);
        var y0 = (int)(0.62 * frame.Height);
        var y1 = (int)(0.76 * frame.Height);
        var sum = 0.0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var i = (y * frame.Stride) + (x * 3);
                sum += (0.299 * frame.Pixels[i]) + (0.587 * frame.Pixels[i + 1]) + (0.114 * frame.Pixels[i + 2]);
            }
        }

        return 255 - (sum / ((x1 - x0) * (y1 - y0)));
    }
}
