using NUnit.Framework;
using Research.Methods.TalkingGaussian.Sampling;
using Research.Tensors.Randomness;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class FrameStackTests
{
    [Test]
    public void EachPassIsAPermutation()
    {
        var stack = new ShuffledFrameStack(13, new Rng(3));
        for (var pass = 0; pass < 4; pass++)
        {
            var seen = Enumerable.Range(0, 13).Select(_ => stack.Next()).Order().ToArray();
            Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 13).ToArray()), $"pass {pass}");
            Assert.That(stack.Remaining, Is.Zero);
        }

        Assert.That(stack.Draws, Is.EqualTo(52));
    }

    [Test]
    public void SameSeedSameSequence()
    {
        var a = new ShuffledFrameStack(20, new Rng(11));
        var b = new ShuffledFrameStack(20, new Rng(11));
        var c = new ShuffledFrameStack(20, new Rng(12));
        var sa = Enumerable.Range(0, 100).Select(_ => a.Next()).ToArray();
        Assert.That(Enumerable.Range(0, 100).Select(_ => b.Next()).ToArray(), Is.EqualTo(sa));
        Assert.That(Enumerable.Range(0, 100).Select(_ => c.Next()).ToArray(), Is.Not.EqualTo(sa));
    }

    [Test]
    public void RandIntCoversInclusiveRange()
    {
        var rng = new Rng(5);
        var counts = new int[6];
        for (var i = 0; i < 6000; i++)
        {
            var v = ShuffledFrameStack.RandInt(rng, 16, 21);
            Assert.That(v, Is.InRange(16, 21));
            counts[v - 16]++;
        }

        Assert.That(counts, Has.All.GreaterThan(800));
        Assert.Throws<ArgumentException>(() => ShuffledFrameStack.RandInt(rng, 3, 2));
    }

    [Test]
    public void DrawUntilAcceptsOnlySatisfyingFrames()
    {
        var stack = new ShuffledFrameStack(30, new Rng(1));
        for (var n = 0; n < 200; n++)
        {
            var draw = stack.DrawUntil(stack.Next(), i => i % 10 == 4 ? 0 : 1);
            Assert.That(draw.Frame % 10, Is.EqualTo(4));
            Assert.That(draw.FellBack, Is.False);
            Assert.That(draw.Shortfall, Is.Zero);
        }
    }

    [Test]
    public void DrawUntilWithEmptyCriterionTakesNearestFramesAndTerminates()
    {
        var stack = new ShuffledFrameStack(25, new Rng(2));
        for (var n = 0; n < 100; n++)
        {
            // No frame has shortfall 0; frames 6 and 17 are nearest (0.5).
            var draw = stack.DrawUntil(stack.Next(), i => i is 6 or 17 ? 0.5 : 2.0 + i);
            Assert.That(draw.Frame, Is.EqualTo(6).Or.EqualTo(17));
            Assert.That(draw.FellBack, Is.True);
            Assert.That(draw.Shortfall, Is.EqualTo(0.5));
        }
    }

    [Test]
    public void DrawUntilKeepsCurrentFrameWhenItIsAccepted()
    {
        var stack = new ShuffledFrameStack(10, new Rng(4));
        var first = stack.Next();
        var remaining = stack.Remaining;
        Assert.That(stack.DrawUntil(first, _ => 0).Frame, Is.EqualTo(first));
        Assert.That(stack.Remaining, Is.EqualTo(remaining));
    }

    [Test]
    public void DrawUntilRejectsBadShortfall()
    {
        var stack = new ShuffledFrameStack(4, new Rng(4));
        Assert.Throws<ArgumentException>(() => stack.DrawUntil(0, _ => double.NaN));
        Assert.Throws<ArgumentException>(() => stack.DrawUntil(0, _ => -1));
    }
}
