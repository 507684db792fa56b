using NUnit.Framework;
using Research.Metrics.Sync;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class SyncOffsetSearchTests
{
    private const double Eps = 1e-6;

    [Test]
    public void One_window_counts_the_zero_padded_shifts()
    {
        // v = 5, a = 2: shift 0 gives |5 − 2 + eps|, the 30 other shifts see a zero audio embedding: |5 + eps|.
        var score = SyncOffsetSearch.Score([[5f]], [[2f]]);
        Assert.Multiple(() =>
        {
            Assert.That(score.MeanDistances, Has.Count.EqualTo(31));
            Assert.That(score.SyncD, Is.EqualTo(3 + Eps).Within(1e-12));
            Assert.That(score.Offset, Is.EqualTo(0));
            Assert.That(score.SyncC, Is.EqualTo(2).Within(1e-12));
            Assert.That(score.WindowCount, Is.EqualTo(1));
        });
    }

    [Test]
    public void Finds_an_offset_of_plus_three()
    {
        // a_j = 100·e_j; v_i = a_{i−3} (zero for i < 3, like the zero padding). Shift −3 (k = 12) matches every window.
        const int n = 12;
        var audio = new float[n][];
        var video = new float[n][];
        for (var j = 0; j < n; j++)
        {
            audio[j] = new float[n];
            audio[j][j] = 100;
        }

        for (var i = 0; i < n; i++)
        {
            video[i] = i >= 3 ? (float[])audio[i - 3].Clone() : new float[n];
        }

        var score = SyncOffsetSearch.Score(video, audio);
        var sorted = score.MeanDistances.Order().ToArray();

        // Shift 0 (k = 15): i < 3: ‖−100·e_i + eps‖; i ≥ 3: ‖100·e_{i−3} − 100·e_i + eps‖.
        var first = Math.Sqrt(((-100 + Eps) * (-100 + Eps)) + ((n - 1) * Eps * Eps));
        var rest = Math.Sqrt(((100 + Eps) * (100 + Eps)) + ((-100 + Eps) * (-100 + Eps)) + ((n - 2) * Eps * Eps));
        Assert.Multiple(() =>
        {
            Assert.That(score.Offset, Is.EqualTo(3));
            Assert.That(score.SyncD, Is.EqualTo(Eps * Math.Sqrt(n)).Within(1e-12));
            Assert.That(score.MeanDistances[12], Is.EqualTo(score.SyncD));
            Assert.That(score.MeanDistances[15], Is.EqualTo(((3 * first) + ((n - 3) * rest)) / n).Within(1e-9));
            Assert.That(score.SyncC, Is.EqualTo(sorted[15] - sorted[0]).Within(1e-12), "median = 16th smallest of 31");
            Assert.That(score.WindowDistances[0][12], Is.EqualTo(Eps * Math.Sqrt(n)).Within(1e-15));
        });
    }

    [Test]
    public void Median_is_the_middle_value_not_the_mean()
    {
        // vshift 1: three shifts. One window, v = 10, a = 4: d = [|10 + eps|, |6 + eps|, |10 + eps|] → min 6, median 10.
        var score = SyncOffsetSearch.Score([[10f]], [[4f]], vshift: 1);
        Assert.Multiple(() =>
        {
            Assert.That(score.MeanDistances, Is.EqualTo(new[] { 10 + Eps, 6 + Eps, 10 + Eps }).Within(1e-12));
            Assert.That(score.SyncC, Is.EqualTo(4).Within(1e-12));
            Assert.That(score.Offset, Is.EqualTo(0));
        });
    }

    [Test]
    public void Negative_offset_when_the_video_leads()
    {
        // v_i = a_{i+2}: shift +2 (k = vshift + 2) matches, offset = −2.
        const int n = 8;
        var audio = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Select(c => c == j ? 50f : 0f).ToArray()).ToArray();
        var video = Enumerable.Range(0, n).Select(i => i + 2 < n ? (float[])audio[i + 2].Clone() : new float[n]).ToArray();
        Assert.That(SyncOffsetSearch.Score(video, audio).Offset, Is.EqualTo(-2));
    }

    [Test]
    public void Mismatched_counts_are_rejected() =>
        Assert.That(() => SyncOffsetSearch.Score([[1f]], [[1f], [2f]]), Throws.ArgumentException.With.Message.Contains("1 video and 2 audio"));
}
