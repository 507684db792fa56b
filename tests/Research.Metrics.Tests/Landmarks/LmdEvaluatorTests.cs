using System.Numerics;
using System.Text.Json;
using NUnit.Framework;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Landmarks;

namespace Research.Metrics.Tests.Landmarks;

[TestFixture]
public sealed class LmdEvaluatorTests
{
    internal static Vector2[] RandomFace(int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, 68).Select(_ => new Vector2(rng.Next(100, 400), rng.Next(100, 400)))];
    }

    [Test]
    public void Identical_sets_give_zero()
    {
        var face = RandomFace(1);
        Assert.That(LmdEvaluator.FrameDistance(face, face), Is.Zero);
    }

    [Test]
    public void Translation_of_the_whole_set_does_not_count()
    {
        var gt = RandomFace(2);
        var pred = gt.Select(p => p + new Vector2(7, -3)).ToArray();
        Assert.That(LmdEvaluator.FrameDistance(pred, gt), Is.EqualTo(0).Within(1e-12));
    }

    [Test]
    public void One_displaced_mouth_point_gives_the_hand_computed_distance()
    {
        // Moving point 48 by (3, 4) shifts the mouth mean by (0.15, 0.2). After centring, point 48 is off by
        // (2.85, 3.8) → 4.75 and the other 19 points by (0.15, 0.2) → 0.25 each: (4.75 + 19 · 0.25) / 20 = 0.475.
        var gt = RandomFace(3);
        var pred = (Vector2[])gt.Clone();
        pred[48] += new Vector2(3, 4);
        Assert.That(LmdEvaluator.FrameDistance(pred, gt), Is.EqualTo(0.475).Within(1e-12));
    }

    [Test]
    public void Scaling_the_mouth_about_its_mean_gives_the_mean_radius()
    {
        // Scaling by 2 about the mouth's mean moves each centred point by its own distance to the mean.
        var gt = RandomFace(4);
        var mean = Vector2.Zero;
        for (var i = 48; i < 68; i++)
        {
            mean += gt[i] / 20;
        }

        var pred = (Vector2[])gt.Clone();
        var expected = 0.0;
        for (var i = 48; i < 68; i++)
        {
            pred[i] = mean + (2 * (gt[i] - mean));
            expected += (gt[i] - mean).Length() / 20;
        }

        Assert.That(LmdEvaluator.FrameDistance(pred, gt), Is.EqualTo(expected).Within(1e-4));
    }

    [Test]
    public void Only_points_48_to_67_count()
    {
        var gt = RandomFace(5);
        var pred = (Vector2[])gt.Clone();
        for (var i = 0; i < 48; i++)
        {
            pred[i] += new Vector2(50 + i, -20);
        }

        Assert.That(LmdEvaluator.FrameDistance(pred, gt), Is.Zero);
        pred[67] += new Vector2(0, 20);
        Assert.That(LmdEvaluator.FrameDistance(pred, gt), Is.GreaterThan(0));
    }

    [Test]
    public void Too_few_points_are_rejected()
    {
        var face = RandomFace(6);
        Assert.That(() => LmdEvaluator.FrameDistance(face[..60], face), Throws.ArgumentException.With.Message.Contains("60"));
        var source = new ArrayLandmarkSource([face[..60]], "short set");
        var gt = new ArrayLandmarkSource([face]);
        Assert.That(() => new LmdEvaluator().Evaluate(source, gt), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("short set").And.Message.Contains("60 landmarks"));
    }

    [Test]
    public void Sequence_reports_per_frame_values_mean_and_interval()
    {
        var gts = Enumerable.Range(0, 30).Select(RandomFace).ToArray();
        var rng = new Random(9);
        var preds = gts.Select(g =>
        {
            var p = (Vector2[])g.Clone();
            for (var i = 48; i < 68; i++)
            {
                p[i] += new Vector2(rng.Next(-3, 4), rng.Next(-3, 4));
            }

            return p;
        }).ToArray();
        var bootstrap = new BootstrapOptions { Seed = 5, Resamples = 400 };
        var report = new LmdEvaluator(bootstrap).Evaluate(new ArrayLandmarkSource(preds, "pred"), new ArrayLandmarkSource(gts, "gt"));
        var expected = preds.Zip(gts, LmdEvaluator.FrameDistance).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(report.Frames.Select(f => f.Lmd), Is.EqualTo(expected));
            Assert.That(report.Frames[3].Name, Is.EqualTo("3"));
            Assert.That(report.Lmd.Mean, Is.EqualTo(expected.Average()).Within(1e-12));
            Assert.That(report.Lmd.Count, Is.EqualTo(30));
            Assert.That(report.Lmd.Ci, Is.EqualTo(Bootstrap.PercentileInterval(expected, bootstrap)));
            Assert.That(report.Lmd.Ci.Contains(report.Lmd.Mean), Is.True);
            Assert.That(report.Lmd.Ci.Width, Is.GreaterThan(0));
            Assert.That(report.Pred, Is.EqualTo("pred"));
        });
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(report, MetricsJson.Options));
        Assert.That(doc.RootElement.GetProperty("frames").GetArrayLength(), Is.EqualTo(30));
    }

    [Test]
    public void Frame_count_mismatch_names_both_sources_and_counts()
    {
        var a = new ArrayLandmarkSource([RandomFace(1), RandomFace(2)], "renders A");
        var b = new ArrayLandmarkSource([RandomFace(1)], "ground truth B");
        var e = Assert.Throws<InvalidDataException>(() => new LmdEvaluator().Evaluate(a, b))!;
        Assert.That(e.Message, Does.Contain("renders A").And.Contain("ground truth B").And.Contain("2 frames").And.Contain("has 1"));
        var none = new ArrayLandmarkSource([]);
        Assert.That(() => new LmdEvaluator().Evaluate(none, none), Throws.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void Interleaved_arrays_match_point_lists()
    {
        var face = RandomFace(8);
        var xy = face.SelectMany(p => new double[] { p.X, p.Y }).ToArray();
        var source = ArrayLandmarkSource.FromInterleaved([xy], "synthetic", ["0.png"]);
        Assert.Multiple(() =>
        {
            Assert.That(source.Read(0), Is.EqualTo(face));
            Assert.That(source.FrameName(0), Is.EqualTo("0.png"));
            Assert.That(() => ArrayLandmarkSource.FromInterleaved([new double[3]]), Throws.ArgumentException);
        });
    }
}
