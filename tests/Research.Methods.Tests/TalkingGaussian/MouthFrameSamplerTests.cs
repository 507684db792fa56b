using NUnit.Framework;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class MouthFrameSamplerTests
{
    private static readonly Au25Statistics Stats = new(2.5, 0.5, 1.0, 2.0, 2.5);

    // 40 frames, AU25 = 2.5·i/39 (frames 0 and 39 hit the ends), all with large mouths except every 5th.
    private static MouthSamplingData Data(Func<int, int>? pixels = null) =>
        new([.. Enumerable.Range(0, 40).Select(i => 2.5 * i / 39)], [.. Enumerable.Range(0, 40).Select(pixels ?? (i => i % 5 == 0 ? 3 : 100))], Stats);

    [Test]
    public void WindowsAtGivenIterations()
    {
        var sampler = new MouthFrameSampler(Data(), new MouthBranchSchedule(), new Rng(0));
        Assert.That(sampler.Window(1), Is.EqualTo(new FrameWindow(2.5, double.PositiveInfinity)));
        Assert.That(sampler.Window(2999), Is.EqualTo(new FrameWindow(2.5, double.PositiveInfinity)));
        Assert.That(sampler.Window(3000), Is.Null);
        Assert.That(sampler.Window(3003)!.Value.Upper, Is.EqualTo(2.5), "3003 = 7·429 selects");
        Assert.That(sampler.Window(3001), Is.Null, "not a multiple of 7");
        var w = sampler.Window(21000)!.Value; // 21000 = 7·3000
        Assert.That(w.Upper, Is.EqualTo(2.5));
        Assert.That(w.Lower, Is.EqualTo(2.5 - (21000.0 / 39000 * 2.0)).Within(1e-12));
        var last = sampler.Window(38997)!.Value; // 7·5571, the last selecting iteration
        Assert.That(last.Lower, Is.EqualTo(0.5 + (3.0 / 39000 * 2.0)).Within(1e-12));
        Assert.That(sampler.Window(39004), Is.Null, "after select-until");
        Assert.That(sampler.ChecksMouthPixels(3000), Is.False);
        Assert.That(sampler.ChecksMouthPixels(3001), Is.True);
        Assert.That(sampler.ChecksMouthPixels(38999), Is.True);
        Assert.That(sampler.ChecksMouthPixels(39000), Is.False);
    }

    [Test]
    public void ScaledScheduleWindowHalfway()
    {
        var schedule = new MouthBranchSchedule { WarmupIterations = 70, SelectUntil = 700 };
        var sampler = new MouthFrameSampler(Data(), schedule, new Rng(0));
        Assert.That(sampler.Window(350)!.Value.Lower, Is.EqualTo(1.5).Within(1e-12));
        Assert.That(sampler.Window(350)!.Value.Upper, Is.EqualTo(2.5));
    }

    [Test]
    public void DrawnFramesSatisfyTheCriteria()
    {
        var data = Data();
        var sampler = new MouthFrameSampler(data, new MouthBranchSchedule(), new Rng(7));
        foreach (var it in new[] { 1, 2, 500, 2999 })
        {
            Assert.That(sampler.Next(it), Is.EqualTo(39), $"warm-up iteration {it} needs AU25 ≥ max");
        }

        for (var it = 3001; it < 3500; it++)
        {
            var frame = sampler.Next(it);
            Assert.That(data.MouthPixels(frame), Is.GreaterThanOrEqualTo(20), $"iteration {it}");
        }

        Assert.That(sampler.FallbackCount, Is.Zero);
    }

    [Test]
    public void WindowSelectionWithoutPixelLoop()
    {
        var data = Data(_ => 100);
        var sampler = new MouthFrameSampler(data, new MouthBranchSchedule(), new Rng(8));
        for (var it = 3001; it < 6000; it++)
        {
            var frame = sampler.Next(it);
            if (sampler.Window(it) is { } window)
            {
                Assert.That(window.Contains(data.Au25(frame)), Is.True, $"iteration {it}: AU25 {data.Au25(frame)} outside [{window.Lower}, {window.Upper}]");
            }
        }
    }

    [Test]
    public void WarmupFallsBackWhenTheMaximumIsOnlyInHeldOutRows()
    {
        // The statistics use the whole au.csv; the training rows (0..8) never reach the clipped maximum (rows 9, 10).
        double[] column = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 3.0, 3.0];
        var data = MouthSamplingData.FromColumn(column, [.. Enumerable.Range(0, 9)], [.. Enumerable.Repeat(50, 9)]);
        var sampler = new MouthFrameSampler(data, new MouthBranchSchedule(), new Rng(1));
        var notices = new List<SamplingFallback>();
        sampler.FallbackNotice = notices.Add;
        for (var it = 1; it <= 20; it++)
        {
            Assert.That(sampler.Next(it), Is.EqualTo(8), "the nearest training frame to the window");
        }

        Assert.That(sampler.FallbackCount, Is.EqualTo(20));
        Assert.That(notices, Has.Count.EqualTo(20));
        Assert.That(sampler.LastFallback!.Criterion, Is.EqualTo(SamplingCriterion.MouthOpenWarmup));
        Assert.That(sampler.LastFallback.Iteration, Is.EqualTo(20));
        Assert.That(sampler.LastFallback.Shortfall, Is.EqualTo(data.Statistics.Max - 0.8).Within(1e-12));
    }

    [Test]
    public void MouthPixelGuardTakesLargestMouth()
    {
        var data = Data(i => i == 12 ? 15 : i % 3);
        var sampler = new MouthFrameSampler(data, new MouthBranchSchedule(), new Rng(2));
        for (var it = 3001; it < 3050; it++)
        {
            if (it % 7 != 0)
            {
                Assert.That(sampler.Next(it), Is.EqualTo(12));
            }
        }

        Assert.That(sampler.FallbackCount, Is.GreaterThan(0));
        Assert.That(sampler.LastFallback!.Criterion, Is.EqualTo(SamplingCriterion.MouthPixels));
        Assert.That(sampler.LastFallback.Shortfall, Is.EqualTo(5));
    }

    [Test]
    public void SameSeedSameFrames()
    {
        static int[] Run(ulong seed)
        {
            var sampler = new MouthFrameSampler(Data(), new MouthBranchSchedule(), new Rng(seed));
            return [.. Enumerable.Range(2900, 600).Select(sampler.Next)];
        }

        var first = Run(5);
        Assert.That(Run(5), Is.EqualTo(first));
        Assert.That(Run(5), Is.Not.EqualTo(Run(6)));
    }
}
