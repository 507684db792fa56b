using NUnit.Framework;
using Research.Metrics.Pairing;
using Research.Testing;

namespace Research.Metrics.Tests;

[TestFixture]
public sealed class FramePairingTests
{
    [Test]
    public void Numeric_names_sort_by_value()
    {
        using var dir = new TempDirectory();
        var (pred, gt) = MakeDirs(dir, ["10.png", "2.png", "0.png", "1.png", "11.png", "9.png"]);
        var pairs = FramePairing.Pair(pred, gt);
        Assert.Multiple(() =>
        {
            Assert.That(pairs.Select(p => p.Name), Is.EqualTo(new[] { "0.png", "1.png", "2.png", "9.png", "10.png", "11.png" }));
            Assert.That(pairs[3].PredPath, Is.EqualTo(Path.Combine(pred, "9.png")));
            Assert.That(pairs[3].GtPath, Is.EqualTo(Path.Combine(gt, "9.png")));
        });
    }

    [Test]
    public void Non_numeric_names_sort_ordinally_and_other_files_are_ignored()
    {
        using var dir = new TempDirectory();
        var (pred, gt) = MakeDirs(dir, ["frame_2.png", "frame_10.png", "B.png", "a.png"]);
        File.WriteAllText(Path.Combine(pred, "notes.txt"), "x");
        File.WriteAllText(Path.Combine(gt, "frame_3.jpg"), "x");
        var pairs = FramePairing.Pair(pred, gt);
        Assert.That(pairs.Select(p => p.Name), Is.EqualTo(new[] { "B.png", "a.png", "frame_10.png", "frame_2.png" }));
    }

    [Test]
    public void Equal_numeric_values_fall_back_to_ordinal()
    {
        var ordered = FramePairing.OrderFileNames(["1.png", "001.png", "01.png", "0.png", "100000000000000000000000.png"]);
        Assert.That(ordered, Is.EqualTo(new[] { "0.png", "001.png", "01.png", "1.png", "100000000000000000000000.png" }));
    }

    [Test]
    public void Missing_frames_are_listed_for_each_side()
    {
        using var dir = new TempDirectory();
        var (pred, gt) = MakeDirs(dir, ["0.png", "1.png"]);
        foreach (var n in new[] { "2.png", "3.png", "4.png", "5.png", "6.png", "7.png", "10.png" })
        {
            File.WriteAllBytes(Path.Combine(pred, n), []);
        }

        File.WriteAllBytes(Path.Combine(gt, "extra.png"), []);
        var e = Assert.Throws<ArgumentException>(() => FramePairing.Pair(pred, gt));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Message, Does.Contain("7 PNG file(s) in pred"));
            Assert.That(e.Message, Does.Contain("2.png, 3.png, 4.png, 5.png, 6.png, … and 2 more"));
            Assert.That(e.Message, Does.Not.Contain("10.png"));
            Assert.That(e.Message, Does.Contain("1 PNG file(s) in gt"));
            Assert.That(e.Message, Does.Contain("extra.png"));
        });
    }

    [Test]
    public void Two_files_give_one_pair_named_after_pred()
    {
        using var dir = new TempDirectory();
        var pred = dir.Combine("render.png");
        var gt = dir.Combine("truth.png");
        File.WriteAllBytes(pred, []);
        File.WriteAllBytes(gt, []);
        var pairs = FramePairing.Pair(pred, gt);
        Assert.That(pairs, Is.EqualTo(new[] { new FramePair { Name = "render.png", PredPath = pred, GtPath = gt } }));
    }

    [Test]
    public void File_and_directory_cannot_be_mixed()
    {
        using var dir = new TempDirectory();
        var (pred, _) = MakeDirs(dir, ["0.png"]);
        var file = dir.Combine("one.png");
        File.WriteAllBytes(file, []);
        Assert.That(() => FramePairing.Pair(pred, file), Throws.ArgumentException.With.Message.Contains("is a directory but gt"));
    }

    [Test]
    public void Missing_path_and_empty_directory_are_errors()
    {
        using var dir = new TempDirectory();
        var empty = dir.Combine("empty");
        Directory.CreateDirectory(empty);
        var (pred, _) = MakeDirs(dir, ["0.png"]);
        Assert.Multiple(() =>
        {
            Assert.That(() => FramePairing.Pair(dir.Combine("nope"), pred), Throws.ArgumentException.With.Message.Contains("does not exist"));
            Assert.That(() => FramePairing.Pair(pred, empty), Throws.ArgumentException.With.Message.Contains("contains no PNG files"));
        });
    }

    private static (string Pred, string Gt) MakeDirs(TempDirectory dir, string[] names)
    {
        var pred = dir.Combine("pred");
        var gt = dir.Combine("gt");
        Directory.CreateDirectory(pred);
        Directory.CreateDirectory(gt);
        foreach (var n in names)
        {
            File.WriteAllBytes(Path.Combine(pred, n), []);
            File.WriteAllBytes(Path.Combine(gt, n), []);
        }

        return (pred, gt);
    }
}
