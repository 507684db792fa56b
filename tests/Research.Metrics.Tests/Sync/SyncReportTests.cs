using NUnit.Framework;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Sync;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class SyncReportTests
{
    private static readonly WeightFile Weights = new() { Path = "/w/syncnet_v2.model", Sha256 = "00ff", Bytes = 10 };

    [Test]
    public void Scores_equal_min_and_median_minus_min_of_the_mean_distances()
    {
        var windows = Windows(40, seed: 1, vshift: 2);
        var report = SyncReport.Create(windows, "resize224", Weights, vshift: 2);

        // Straightforward reference: mean per shift, then min, middle value, argmin.
        var means = Enumerable.Range(0, 5).Select(k => windows.Sum(w => w[k]) / windows.Count).ToArray();
        var min = means.Min();
        var argmin = Array.IndexOf(means, min);
        var median = means.Order().ElementAt(2);
        Assert.Multiple(() =>
        {
            Assert.That(report.SyncD, Is.EqualTo(min).Within(1e-12));
            Assert.That(report.SyncC, Is.EqualTo(median - min).Within(1e-12));
            Assert.That(report.Offset, Is.EqualTo(2 - argmin));
            Assert.That(report.SyncDCi.Lower, Is.LessThanOrEqualTo(report.SyncD));
            Assert.That(report.SyncDCi.Upper, Is.GreaterThanOrEqualTo(report.SyncD));
            Assert.That(report.SyncCCi.Lower, Is.LessThan(report.SyncCCi.Upper));
        });
    }

    [Test]
    public void Score_and_rescoring_its_windows_agree_exactly()
    {
        var rng = new Random(2);
        var video = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
        var audio = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)rng.NextDouble()).ToArray()).ToList();
        var score = SyncOffsetSearch.Score(video, audio, vshift: 3);
        var again = SyncOffsetSearch.FromWindowDistances(score.WindowDistances, vshift: 3);
        Assert.That((again.SyncD, again.SyncC, again.Offset), Is.EqualTo((score.SyncD, score.SyncC, score.Offset)));
    }

    [Test]
    public void Pooling_seeds_scores_their_windows_as_one_clip()
    {
        var a = Windows(10, seed: 3, vshift: 1);
        var b = Windows(30, seed: 4, vshift: 1);
        var pooled = SyncReport.Create([.. a, .. b], "face-crop", Weights, vshift: 1);
        var means = Enumerable.Range(0, 3).Select(k => (a.Sum(w => w[k]) + b.Sum(w => w[k])) / 40).ToArray();
        Assert.That(pooled.SyncD, Is.EqualTo(means.Min()).Within(1e-12));
    }

    [Test]
    public void Intervals_are_reproducible_and_follow_the_seed()
    {
        var windows = Windows(25, seed: 5, vshift: 2);
        var one = SyncReport.Create(windows, "resize224", Weights, 2, new BootstrapOptions { Seed = 1 });
        var same = SyncReport.Create(windows, "resize224", Weights, 2, new BootstrapOptions { Seed = 1 });
        var other = SyncReport.Create(windows, "resize224", Weights, 2, new BootstrapOptions { Seed = 2 });
        Assert.That(same.SyncDCi, Is.EqualTo(one.SyncDCi));
        Assert.That(other.SyncDCi, Is.Not.EqualTo(one.SyncDCi));
    }

    [Test]
    public void Windows_of_the_wrong_length_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => SyncReport.Create([new double[4]], "resize224", Weights, vshift: 15));
        Assert.That(ex!.Message, Does.Contain("31 distances"));
    }

    // Distances around 8 with a dip at shift (vshift + 1), so the offset is −1.
    private static List<double[]> Windows(int count, int seed, int vshift)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, (2 * vshift) + 1)
            .Select(k => 8 + rng.NextDouble() - (k == vshift + 1 ? 1.5 : 0)).ToArray())];
    }
}
