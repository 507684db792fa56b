using NUnit.Framework;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Methods.TalkingGaussian.Training;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

/// <summary>
/// Slow twins of the official sampling loops (plain <c>while</c> loops over a list, written from
/// <c>train_mouth.py</c>/<c>train_face.py</c>): when every window is non-empty the guarded samplers must draw exactly the
/// same frames from the same seed.
/// </summary>
[TestFixture]
public sealed class UpstreamLoopTwinTests
{
    private sealed class TwinStack(int count, Rng rng)
    {
        private readonly List<int> stack = [];

        public int Pop()
        {
            if (stack.Count == 0)
            {
                stack.AddRange(Enumerable.Range(0, count));
            }

            var i = ShuffledFrameStack.RandInt(rng, 0, stack.Count - 1);
            var f = stack[i];
            stack.RemoveAt(i);
            return f;
        }
    }

    [Test]
    public void MouthSamplerMatchesUpstreamLoop()
    {
        var au = Enumerable.Range(0, 50).Select(i => ((i * 37) % 50) / 20.0).ToArray();
        var pixels = Enumerable.Range(0, 50).Select(i => i % 4 == 0 ? 5 : 60).ToArray();
        var stats = Au25Statistics.FromColumn(au);
        var data = new MouthSamplingData([.. au.Select(stats.Clip)], pixels, stats);
        var s = new MouthBranchSchedule();
        var sampler = new MouthFrameSampler(data, s, new Rng(21));
        var twin = new TwinStack(50, new Rng(21));
        var its = Enumerable.Range(1, 3500).Concat(Enumerable.Range(20_000, 500)).Concat(Enumerable.Range(38_900, 300));
        foreach (var it in its)
        {
            var cam = twin.Pop();
            var (ub, lb) = (stats.Max, stats.Percentile25);
            var auLb = ub - ((1.0 / s.SelectUntil) * it * (ub - lb));
            if (it < 3000)
            {
                while (data.Au25(cam) < ub)
                {
                    cam = twin.Pop();
                }
            }

            if (it > 3000 && it < s.SelectUntil)
            {
                if (it % 7 == 0)
                {
                    while (data.Au25(cam) < auLb || data.Au25(cam) > ub)
                    {
                        cam = twin.Pop();
                    }
                }

                while (pixels[cam] < 20)
                {
                    cam = twin.Pop();
                }
            }

            Assert.That(sampler.Next(it), Is.EqualTo(cam), $"iteration {it}");
        }

        Assert.That(sampler.FallbackCount, Is.Zero);
    }

    [TestCase(FaceSamplingVariant.Head)]
    [TestCase(FaceSamplingVariant.PaperRelease)]
    public void FaceSamplerMatchesUpstreamLoop(FaceSamplingVariant variant)
    {
        var heights = Enumerable.Range(0, 64).Select(i => (double)(4 + ((i * 13) % 17))).ToArray();
        var blink = Enumerable.Range(0, 64).Select(i => ((i * 29) % 64) / 63.0).ToArray();
        var data = new FaceSamplingData(heights, heights.Min(), heights.Max(), blink);
        var sampler = new FaceFrameSampler(data, new FaceBranchSchedule { Variant = variant }, new Rng(5));
        var twin = new TwinStack(64, new Rng(5));
        var its = Enumerable.Range(1, 4000).Concat(Enumerable.Range(25_000, 400)).Concat(Enumerable.Range(39_800, 400));
        foreach (var it in its)
        {
            var cam = twin.Pop();
            var (gl, gu) = (data.Lower, data.Upper);
            gl += (gu - gl) * 0.2;
            var window = (gu - gl) * 0.2;
            var mouthLb = gl + ((1.0 / 40_000) * it * (gu - gl));
            var mouthUb = mouthLb + window;
            mouthLb -= window;
            var auLb = 0 + ((1.0 / 40_000) * it * (1 - 0));
            var auUb = auLb + 0.3;
            auLb -= 0.3 * 0.5;
            if (variant == FaceSamplingVariant.Head)
            {
                if (it < 3000 && it % 15 == 0)
                {
                    while (heights[cam] < mouthLb || heights[cam] > mouthUb)
                    {
                        cam = twin.Pop();
                    }
                }

                if (it > 3000 && it < 40_000 && it % 15 == 0)
                {
                    while (blink[cam] < auLb || blink[cam] > auUb)
                    {
                        cam = twin.Pop();
                    }
                }
            }
            else if (it > 3000 && it < 40_000)
            {
                if (it % 30 == 0)
                {
                    while (heights[cam] < mouthLb || heights[cam] > mouthUb)
                    {
                        cam = twin.Pop();
                    }
                }

                if (it % 15 == 7)
                {
                    while (blink[cam] < auLb || blink[cam] > auUb)
                    {
                        cam = twin.Pop();
                    }
                }
            }

            Assert.That(sampler.Next(it), Is.EqualTo(cam), $"iteration {it}");
        }

        Assert.That(sampler.FallbackCount, Is.Zero);
    }

    [Test]
    public void StackStateRoundTrips()
    {
        var rng = new Rng(3);
        var stack = new ShuffledFrameStack(9, rng);
        stack.Next();
        stack.Next();
        var (remaining, state) = (stack.GetRemaining(), rng.State);
        var expected = Enumerable.Range(0, 20).Select(_ => stack.Next()).ToArray();
        var rng2 = new Rng(0) { State = state };
        var resumed = new ShuffledFrameStack(9, rng2);
        resumed.SetRemaining(remaining);
        Assert.That(Enumerable.Range(0, 20).Select(_ => resumed.Next()).ToArray(), Is.EqualTo(expected));
        Assert.Throws<ArgumentException>(() => resumed.SetRemaining([1, 1]));
        Assert.Throws<ArgumentException>(() => resumed.SetRemaining([9]));
    }
}
