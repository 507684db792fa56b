using NUnit.Framework;
using Research.Methods.TalkingGaussian.Sampling;

namespace Research.Methods.Tests.TalkingGaussian;

[TestFixture]
public sealed class PercentilesTests
{
    // Values from numpy 1.26 np.percentile (default method "linear").
    [TestCase(new[] { 1.0, 2, 3, 4 }, 25, 1.75)]
    [TestCase(new[] { 1.0, 2, 3, 4, 5 }, 95, 4.8)]
    [TestCase(new[] { 3.0, 1, 2 }, 50, 2.0)]
    [TestCase(new[] { 4.0, 1, 3, 2 }, 0, 1.0)]
    [TestCase(new[] { 4.0, 1, 3, 2 }, 100, 4.0)]
    [TestCase(new[] { 7.0 }, 95, 7.0)]
    [TestCase(new[] { 0.0, 10 }, 30, 3.0)]
    public void MatchesNumpyLinear(double[] values, double q, double expected) =>
        Assert.That(Percentiles.Linear(values, q), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void DoesNotModifyInput()
    {
        var values = new[] { 3.0, 1, 2 };
        Percentiles.Linear(values, 50);
        Assert.That(values, Is.EqualTo(new[] { 3.0, 1, 2 }));
    }

    [Test]
    public void RejectsBadInput()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.Linear([], 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Linear([1.0], 101));
        Assert.Throws<ArgumentException>(() => Percentiles.Linear([1.0, double.NaN], 50));
    }

    [Test]
    public void Au25StatisticsClipsAtP95()
    {
        // 0..19: p95 = 18.05; clipped column has 18.05 twice at the top.
        var column = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var stats = Au25Statistics.FromColumn(column);
        Assert.That(stats.ClipValue, Is.EqualTo(18.05).Within(1e-12));
        Assert.That(stats.Max, Is.EqualTo(stats.ClipValue));
        Assert.That(stats.Percentile25, Is.EqualTo(4.75).Within(1e-12));
        Assert.That(stats.Percentile50, Is.EqualTo(9.5).Within(1e-12));
        Assert.That(stats.Clip(-1), Is.Zero);
        Assert.That(stats.Clip(19), Is.EqualTo(stats.ClipValue));
    }
}
