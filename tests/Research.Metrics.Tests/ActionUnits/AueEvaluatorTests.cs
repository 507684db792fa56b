using System.Text.Json;
using NUnit.Framework;
using Research.Metrics.ActionUnits;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Testing;

namespace Research.Metrics.Tests.ActionUnits;

[TestFixture]
public sealed class AueEvaluatorTests
{
    // Row 1: AU01 1 vs 0 (d² 1), AU12 2 vs 0.5 (d² 2.25). Row 2: AU45 3 vs 1 (d² 4), AU26 1 vs 1 (d² 0).
    // Per-unit means over the 2 rows: AU01 0.5, AU45 2, AU12 1.125 → U = 2.5, L = 1.125, all = 3.625.
    private static readonly Dictionary<string, double>[] Pred =
        [AuCsv.Row(("AU01", 1), ("AU12", 2)), AuCsv.Row(("AU45", 3), ("AU26", 1))];

    private static readonly Dictionary<string, double>[] Gt =
        [AuCsv.Row(("AU12", 0.5)), AuCsv.Row(("AU45", 1), ("AU26", 1))];

    [TestCase(", ")]
    [TestCase(",")]
    public void Hand_computed_upper_lower_and_all(string separator)
    {
        using var dir = new TempDirectory();
        var report = new AueEvaluator().EvaluateFiles(
            AuCsv.Write(dir.Combine("pred.csv"), Pred, separator),
            AuCsv.Write(dir.Combine("gt.csv"), Gt, separator));
        Assert.Multiple(() =>
        {
            Assert.That(report.Upper.Aggregate.Mean, Is.EqualTo(2.5).Within(1e-12));
            Assert.That(report.Lower.Aggregate.Mean, Is.EqualTo(1.125).Within(1e-12));
            Assert.That(report.All.Aggregate.Mean, Is.EqualTo(3.625).Within(1e-12));
            Assert.That(report.Upper.PerUnit["AU01"], Is.EqualTo(0.5).Within(1e-12));
            Assert.That(report.Upper.PerUnit["AU45"], Is.EqualTo(2).Within(1e-12));
            Assert.That(report.Lower.PerUnit["AU12"], Is.EqualTo(1.125).Within(1e-12));
            Assert.That(report.Lower.PerUnit["AU26"], Is.Zero);
            Assert.That(report.Upper.Units, Is.EqualTo(ActionUnitSets.Upper));
            Assert.That(report.Frames.Select(f => f.Upper), Is.EqualTo(new[] { 1.0, 4.0 }).Within(1e-12));
            Assert.That(report.Frames.Select(f => f.Lower), Is.EqualTo(new[] { 2.25, 0.0 }).Within(1e-12));
            Assert.That(report.Frames.Select(f => f.All), Is.EqualTo(new[] { 3.25, 4.0 }).Within(1e-12));
            Assert.That(report.Frames.Select(f => f.PredFrame), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(report.Upper.Aggregate.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Sets_partition_the_17_units()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ActionUnitSets.Upper, Has.Count.EqualTo(8));
            Assert.That(ActionUnitSets.Lower, Has.Count.EqualTo(9));
            Assert.That(ActionUnitSets.Upper.Concat(ActionUnitSets.Lower).Order(StringComparer.Ordinal), Is.EqualTo(ActionUnitSets.All));
            Assert.That(ActionUnitSets.IntensityColumn("AU45"), Is.EqualTo("AU45_r"));
        });
    }

    [Test]
    public void Aggregate_carries_per_frame_mean_and_bootstrap_interval()
    {
        using var dir = new TempDirectory();
        var rng = new Random(3);
        var pred = Enumerable.Range(0, 40).Select(_ => ActionUnitSets.All.ToDictionary(u => u, _ => Math.Round(rng.NextDouble() * 5, 2))).ToArray();
        var gt = Enumerable.Range(0, 40).Select(_ => ActionUnitSets.All.ToDictionary(u => u, _ => Math.Round(rng.NextDouble() * 5, 2))).ToArray();
        var bootstrap = new BootstrapOptions { Seed = 11, Resamples = 500 };
        var report = new AueEvaluator(new AueOptions { Bootstrap = bootstrap })
            .EvaluateFiles(AuCsv.Write(dir.Combine("p.csv"), pred), AuCsv.Write(dir.Combine("g.csv"), gt));
        foreach (var (set, values) in new[] { (report.Upper, report.Frames.Select(f => f.Upper)), (report.Lower, report.Frames.Select(f => f.Lower)), (report.All, report.Frames.Select(f => f.All)) })
        {
            var perFrame = values.ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(set.Aggregate.Mean, Is.EqualTo(perFrame.Average()).Within(1e-9));
                Assert.That(set.Aggregate.Mean, Is.EqualTo(set.PerUnit.Values.Sum()).Within(1e-12));
                Assert.That(set.Aggregate.Count, Is.EqualTo(40));
                Assert.That(set.Aggregate.Ci.Level, Is.EqualTo(0.95));
                Assert.That(set.Aggregate.Ci.Lower, Is.LessThan(set.Aggregate.Mean));
                Assert.That(set.Aggregate.Ci.Upper, Is.GreaterThan(set.Aggregate.Mean));
                Assert.That(set.Aggregate.Ci, Is.EqualTo(Bootstrap.PercentileInterval(perFrame, bootstrap)));
            });
        }

        Assert.That(report.All.Aggregate.Mean, Is.EqualTo(report.Upper.Aggregate.Mean + report.Lower.Aggregate.Mean).Within(1e-9));
        Assert.That(report.Bootstrap, Is.EqualTo(bootstrap));
    }

    [Test]
    public void Missing_au_column_names_file_and_column()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), Pred);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), Gt, omitUnits: ["AU26"]);
        var e = Assert.Throws<InvalidDataException>(() => new AueEvaluator().EvaluateFiles(pred, gt))!;
        Assert.That(e.Message, Does.Contain(gt).And.Contain("AU26_r"));
    }

    [Test]
    public void Csv_without_any_au_column_hints_at_minus_aus()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("noau.csv");
        File.WriteAllText(path, "frame, face_id, timestamp, confidence, success\n1, 0, 0.000, 0.98, 1\n");
        var e = Assert.Throws<InvalidDataException>(() => new AueEvaluator().EvaluateFiles(path, path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("AU01_r").And.Contain("-aus"));
    }

    [Test]
    public void Junk_value_names_file_line_and_column()
    {
        using var dir = new TempDirectory();
        var path = AuCsv.Write(dir.Combine("junk.csv"), Pred);
        var lines = File.ReadAllLines(path);
        lines[2] = lines[2].Replace("3.00", "abc", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);
        var e = Assert.Throws<InvalidDataException>(() => OpenFaceSequence.Read(path))!;
        Assert.That(e.Message, Does.Contain(path).And.Contain("line 3").And.Contain("AU45_r").And.Contain("abc"));
    }

    [Test]
    public void Ragged_row_and_empty_file_are_clear_errors()
    {
        using var dir = new TempDirectory();
        var ragged = dir.Combine("ragged.csv");
        File.WriteAllText(ragged, "frame, AU01_r\n1, 0.5, 7\n");
        var empty = dir.Combine("empty.csv");
        File.WriteAllText(empty, string.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(() => OpenFaceSequence.Read(ragged), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(ragged).And.Message.Contains("line 2"));
            Assert.That(() => OpenFaceSequence.Read(empty), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(empty));
            Assert.That(() => OpenFaceSequence.Read(dir.Combine("none.csv")), Throws.InstanceOf<FileNotFoundException>());
        });
    }

    [Test]
    public void Row_index_alignment_uses_the_overlap_as_the_reference_does()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), [.. Pred, AuCsv.Row(("AU01", 5))]);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), Gt);
        var report = new AueEvaluator().EvaluateFiles(pred, gt);
        Assert.Multiple(() =>
        {
            Assert.That(report.Frames, Has.Count.EqualTo(2));
            Assert.That(report.PredRows, Is.EqualTo(3));
            Assert.That(report.GtRows, Is.EqualTo(2));
            Assert.That(report.All.Aggregate.Mean, Is.EqualTo(3.625).Within(1e-12));
            Assert.That(report.Alignment, Is.EqualTo("RowIndex"));
        });
    }

    [Test]
    public void Equal_count_alignment_names_both_files_and_counts()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), [.. Pred, AuCsv.Row(("AU01", 5))]);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), Gt);
        var evaluator = new AueEvaluator(new AueOptions { Alignment = AueAlignment.RowIndexEqualCount });
        var e = Assert.Throws<InvalidDataException>(() => evaluator.EvaluateFiles(pred, gt))!;
        Assert.That(e.Message, Does.Contain(pred).And.Contain(gt).And.Contain("3 rows").And.Contain("has 2"));
    }

    [Test]
    public void Frame_number_alignment_pairs_equal_frame_values()
    {
        using var dir = new TempDirectory();
        // pred frames 1, 2, 3; gt frames 2, 3, 4: frames 2 and 3 pair (pred rows 1, 2 with gt rows 0, 1).
        var pred = AuCsv.Write(dir.Combine("pred.csv"), [AuCsv.Row(("AU01", 9)), AuCsv.Row(("AU01", 2)), AuCsv.Row(("AU17", 1))], frames: [1, 2, 3]);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), [AuCsv.Row(("AU01", 1)), AuCsv.Row(("AU17", 3)), AuCsv.Row(("AU01", 7))], frames: [2, 3, 4]);
        var report = new AueEvaluator(new AueOptions { Alignment = AueAlignment.FrameNumber }).EvaluateFiles(pred, gt);
        Assert.Multiple(() =>
        {
            Assert.That(report.Frames.Select(f => (f.PredFrame, f.GtFrame)), Is.EqualTo(new[] { (2, 2), (3, 3) }));
            Assert.That(report.Upper.Aggregate.Mean, Is.EqualTo(0.5).Within(1e-12)); // AU01: (1 + 0) / 2
            Assert.That(report.Lower.Aggregate.Mean, Is.EqualTo(2).Within(1e-12)); // AU17: (0 + 4) / 2
        });
    }

    [Test]
    public void Frame_number_alignment_rejects_repeated_frames()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), Pred, frames: [1, 1]);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), Gt);
        var evaluator = new AueEvaluator(new AueOptions { Alignment = AueAlignment.FrameNumber });
        Assert.That(() => evaluator.EvaluateFiles(pred, gt), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(pred).And.Message.Contains("repeats frame 1"));
    }

    [Test]
    public void No_overlapping_rows_is_an_error()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), Pred, frames: [1, 2]);
        var gt = AuCsv.Write(dir.Combine("gt.csv"), Gt, frames: [5, 6]);
        var evaluator = new AueEvaluator(new AueOptions { Alignment = AueAlignment.FrameNumber });
        Assert.That(() => evaluator.EvaluateFiles(pred, gt), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("no rows"));
    }

    [Test]
    public void Nan_values_are_skipped_per_unit_like_pandas()
    {
        using var dir = new TempDirectory();
        var pred = AuCsv.Write(dir.Combine("pred.csv"), Pred);
        var lines = File.ReadAllLines(pred);
        var header = lines[0].Split(", ");
        var fields = lines[1].Split(", ");
        fields[Array.IndexOf(header, "AU01_r")] = "-nan";
        lines[1] = string.Join(", ", fields);
        File.WriteAllLines(pred, lines);
        var report = new AueEvaluator().EvaluateFiles(pred, AuCsv.Write(dir.Combine("gt.csv"), Gt));
        Assert.Multiple(() =>
        {
            // AU01 now only has row 2 (d² 0), so U = 0 + 2; frame 1's upper value is NaN and leaves the interval.
            Assert.That(report.Upper.PerUnit["AU01"], Is.Zero);
            Assert.That(report.Upper.Aggregate.Mean, Is.EqualTo(2).Within(1e-12));
            Assert.That(report.Frames[0].Upper, Is.NaN);
            Assert.That(report.Upper.Aggregate.Count, Is.EqualTo(1));
            Assert.That(report.Lower.Aggregate.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void Report_serializes_to_json()
    {
        using var dir = new TempDirectory();
        var report = new AueEvaluator().EvaluateFiles(AuCsv.Write(dir.Combine("p.csv"), Pred), AuCsv.Write(dir.Combine("g.csv"), Gt));
        var json = JsonSerializer.Serialize(report, MetricsJson.Options);
        using var doc = JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("upper").GetProperty("aggregate").GetProperty("mean").GetDouble(), Is.EqualTo(2.5).Within(1e-12));
            Assert.That(doc.RootElement.GetProperty("frames").GetArrayLength(), Is.EqualTo(2));
            Assert.That(doc.RootElement.GetProperty("alignment").GetString(), Is.EqualTo("RowIndex"));
        });
    }
}
