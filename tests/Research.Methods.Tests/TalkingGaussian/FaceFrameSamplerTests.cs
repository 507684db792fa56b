using NUnit.Framework;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class FaceFrameSamplerTests
{
    // 60 frames: lip heights 10..30 (lb 10, ub 30), blink spread over [0, 1].
    private static FaceSamplingData Data(Func<int, double>? blink = null) =>
        new([.. Enumerable.Range(0, 60).Select(i => 10 + (i % 21))], 10, 30, [.. Enumerable.Range(0, 60).Select(blink ?? (i => i / 59.0))]);

    [Test]
    public void WindowsAtGivenIterations()
    {
        var sampler = new FaceFrameSampler(Data(), new FaceBranchSchedule(), new Rng(0));
        // lb' = 10 + 0.2·20 = 14, w = 0.2·16 = 3.2, c = 14 + (it/40000)·16.
        var lip = sampler.LipHeightWindow(2010);
        Assert.That(lip.Lower, Is.EqualTo(11.604).Within(1e-12));
        Assert.That(lip.Upper, Is.EqualTo(18.004).Within(1e-12));
        var lip0 = sampler.LipHeightWindow(0);
        Assert.That(lip0.Lower, Is.EqualTo(10.8).Within(1e-12));
        Assert.That(lip0.Upper, Is.EqualTo(17.2).Within(1e-12));
        // t = it/40000; [t − 0.15, t + 0.3].
        var blink = sampler.BlinkWindow(20010);
        Assert.That(blink.Lower, Is.EqualTo(0.35025).Within(1e-12));
        Assert.That(blink.Upper, Is.EqualTo(0.80025).Within(1e-12));
    }

    [TestCase(15, SamplingCriterion.LipHeightWindow)]
    [TestCase(2985, SamplingCriterion.LipHeightWindow)]
    [TestCase(16, null)]
    [TestCase(3000, null)]
    [TestCase(3015, SamplingCriterion.BlinkWindow)]
    [TestCase(39990, SamplingCriterion.BlinkWindow)]
    [TestCase(40005, null)]
    [TestCase(3007, null)]
    public void HeadSchedule(int iteration, SamplingCriterion? expected) =>
        Assert.That(new FaceFrameSampler(Data(), new FaceBranchSchedule(), new Rng(0)).Criterion(iteration), Is.EqualTo(expected));

    [TestCase(15, null)]
    [TestCase(30, null)]
    [TestCase(3000, null)]
    [TestCase(3030, SamplingCriterion.LipHeightWindow)]
    [TestCase(3007, SamplingCriterion.BlinkWindow)]
    [TestCase(3022, SamplingCriterion.BlinkWindow)]
    [TestCase(3015, null)]
    [TestCase(39990, SamplingCriterion.LipHeightWindow)]
    [TestCase(40020, null)]
    public void PaperReleaseSchedule(int iteration, SamplingCriterion? expected) =>
        Assert.That(new FaceFrameSampler(Data(), new FaceBranchSchedule { Variant = FaceSamplingVariant.PaperRelease }, new Rng(0)).Criterion(iteration), Is.EqualTo(expected));

    [TestCase(FaceSamplingVariant.Head)]
    [TestCase(FaceSamplingVariant.PaperRelease)]
    public void DrawnFramesLieInTheirWindows(FaceSamplingVariant variant)
    {
        var data = Data();
        var sampler = new FaceFrameSampler(data, new FaceBranchSchedule { Variant = variant }, new Rng(3));
        var selected = 0;
        for (var it = 1; it < 40_000; it += 1 + (it % 5))
        {
            var frame = sampler.Next(it);
            switch (sampler.Criterion(it))
            {
                case SamplingCriterion.LipHeightWindow:
                    Assert.That(sampler.LipHeightWindow(it).Contains(data.LipHeight(frame)), Is.True, $"iteration {it}");
                    selected++;
                    break;
                case SamplingCriterion.BlinkWindow:
                    Assert.That(sampler.BlinkWindow(it).Contains(data.Blink(frame)), Is.True, $"iteration {it}");
                    selected++;
                    break;
            }
        }

        Assert.That(selected, Is.GreaterThan(100));
        Assert.That(sampler.FallbackCount, Is.Zero);
    }

    [Test]
    public void SubjectThatNeverBlinksDoesNotHang()
    {
        // Blink ≤ 0.1 everywhere; at it = 30,000 the window is [0.6, 1.05]: empty. Frames 4 and 9 (0.1) are nearest.
        var data = Data(i => i is 4 or 9 ? 0.1 : 0.0);
        var sampler = new FaceFrameSampler(data, new FaceBranchSchedule(), new Rng(9));
        SamplingFallback? notice = null;
        sampler.FallbackNotice = f => notice = f;
        Assert.That(sampler.Next(30_000), Is.EqualTo(4).Or.EqualTo(9));
        Assert.That(sampler.FallbackCount, Is.EqualTo(1));
        Assert.That(notice, Is.Not.Null);
        Assert.That(notice!.Criterion, Is.EqualTo(SamplingCriterion.BlinkWindow));
        Assert.That(notice.Shortfall, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(notice.Window.Lower, Is.EqualTo(0.6).Within(1e-12));
        for (var it = 30_001; it < 31_000; it++)
        {
            var frame = sampler.Next(it);
            if (sampler.Criterion(it) is not null)
            {
                Assert.That(frame, Is.EqualTo(4).Or.EqualTo(9));
            }
        }

        Assert.That(sampler.FallbackCount, Is.EqualTo(1 + (999 / 15)));
    }

    [Test]
    public void SameSeedSameFrames()
    {
        static int[] Run(ulong seed)
        {
            var sampler = new FaceFrameSampler(Data(), new FaceBranchSchedule(), new Rng(seed));
            return [.. Enumerable.Range(2000, 2000).Select(sampler.Next)];
        }

        var first = Run(1);
        Assert.That(Run(1), Is.EqualTo(first));
        Assert.That(Run(1), Is.Not.EqualTo(Run(2)));
    }
}
