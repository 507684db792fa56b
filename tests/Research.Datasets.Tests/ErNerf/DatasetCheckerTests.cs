using System.Text.Json;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.ErNerf.Checking;
using Research.Media.Imaging;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class DatasetCheckerTests
{
    private static IEnumerable<DatasetIssue> Errors(DatasetCheckReport report) =>
        report.Issues.Where(i => i.Severity == DatasetIssueSeverity.Error);

    private static string Describe(DatasetCheckReport report) =>
        string.Join("\n", report.Issues.Select(i => $"{i.Severity}: {i.File}: {i.Message}"));

    private static DatasetIssue SingleError(DatasetCheckReport report)
    {
        var errors = Errors(report).ToList();
        Assert.That(errors, Has.Count.EqualTo(1), Describe(report));
        return errors[0];
    }

    [Test]
    public void CleanDataset_HasNoErrors_AndASummary()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { TeethMasks = true });

        var report = DatasetChecker.Check(dir.Path);

        Assert.That(report.HasErrors, Is.False, Describe(report));
        Assert.That(report.Issues, Is.Empty, Describe(report));
        var s = report.Summary;
        Assert.That((s.FrameCount, s.Width, s.Height, s.Fps, s.TrainCount, s.ValCount), Is.EqualTo((12, 40, 48, 25.0, 10, 2)));
        Assert.That(s.Annotations.Landmarks && s.Annotations.Parsing && s.Annotations.TeethMask && s.Annotations.ActionUnits, Is.True);
        Assert.That(s.ParsingChannelOrder, Is.EqualTo("rgb"));
        Assert.That(s.AudioDurationSeconds, Is.EqualTo(0.48).Within(1e-9));
        Assert.That(s.AudioFeatureFile, Is.EqualTo("aud_ds.npy"));
        Assert.That(s.AudioFeatureShape, Is.EqualTo(new[] { 12, 16, 29 }).AsCollection);

        using var json = JsonDocument.Parse(report.SummaryJson());
        Assert.That(json.RootElement.GetProperty("frame_count").GetInt32(), Is.EqualTo(12));
        Assert.That(json.RootElement.GetProperty("annotations").GetProperty("teeth_mask").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("parsing_channel_order").GetString(), Is.EqualTo("rgb"));
        Assert.That(json.RootElement.GetProperty("audio_feature_shape").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void MissingLandmarkFile_NamesIt()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        File.Delete(Path.Combine(dir.Path, "ori_imgs", "5.lms"));

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo(Path.Combine("ori_imgs", "5.lms")));
        Assert.That(error.Message, Does.Contain("1 of 12"));
    }

    [Test]
    public void ExtraParsingMap_NamesIt()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        PngFile.Write(Path.Combine(dir.Path, "parsing", "12.png"), ErNerfFixture.ParsingMap(0, 40, 48, ParsingChannelOrder.Rgb));

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo(Path.Combine("parsing", "12.png")));
        Assert.That(error.Message, Does.Contain("beyond the 12 frames"));
    }

    [Test]
    public void AuRowsDisagree_NamesAuCsv()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AuRows = 11 });

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo("au.csv"));
        Assert.That(error.Message, Does.Contain("11 rows").And.Contain("12 frames"));
    }

    [TestCase(0.48 + (1.5 / 25), false)]
    [TestCase(0.48 - (1.9 / 25), false)]
    [TestCase(0.48 + (2.5 / 25), true)]
    [TestCase(1.0, true)]
    public void AudioLength_IsComparedWithinTwoFrames(double seconds, bool expectError)
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AudioSeconds = seconds });

        var report = DatasetChecker.Check(dir.Path);

        if (expectError)
        {
            var error = SingleError(report);
            Assert.That(error.File, Is.EqualTo("aud.wav"));
            Assert.That(error.Message, Does.Contain("tolerance ±2 frames"));
        }
        else
        {
            Assert.That(report.HasErrors, Is.False, Describe(report));
        }
    }

    [Test]
    public void NoFeatureFile_IsFineWithAudio_AndAnErrorWithout()
    {
        using var withAudio = new TempDirectory();
        using var withoutAudio = new TempDirectory();
        ErNerfFixture.Write(withAudio.Path, new ErNerfFixtureOptions { AudioFeatureFile = null });
        ErNerfFixture.Write(withoutAudio.Path, new ErNerfFixtureOptions { AudioFeatureFile = null });
        File.Delete(Path.Combine(withoutAudio.Path, "aud.wav"));

        var fine = DatasetChecker.Check(withAudio.Path);
        var broken = DatasetChecker.Check(withoutAudio.Path);

        Assert.That(fine.HasErrors, Is.False, Describe(fine));
        Assert.That(fine.Summary.AudioFeatureFile, Is.Null);
        var error = SingleError(broken);
        Assert.That(error.File, Is.EqualTo("aud_ds.npy"));
        Assert.That(error.Message, Does.Contain("no audio to derive them from"));
    }

    [Test]
    public void AudioFeatureRowsDisagree_NamesTheFeatureFile()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AudioFeatureFile = "aud_hu.npy", AudioFeatureShape = (2, 1024), AudioFeatureRows = 20 });

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo("aud_hu.npy"));
        Assert.That(error.Message, Does.Contain("20 rows"));
    }

    [Test]
    public void NonRigidMatrix_NamesFileAndFrame()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var path = Path.Combine(dir.Path, ErNerfLayout.TransformsTrain);
        var doc = TransformsFile.Read(path);
        var scaled = ErNerfFixture.Camera(3).Select((v, k) => k < 12 && k % 4 < 3 ? v * 1.05 : v).ToArray();
        var frames = doc.Frames.Select(f => f.ImageId == 3 ? f with { TransformMatrix = scaled } : f).ToList();
        TransformsFile.Write(path, doc with { Frames = frames });

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo(ErNerfLayout.TransformsTrain));
        Assert.That(error.Message, Does.Contain("frames[3]").And.Contain("img_id 3").And.Contain("orthonormal"));
    }

    [Test]
    public void ReflectionAndBadLastRow_AreErrors()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var path = Path.Combine(dir.Path, ErNerfLayout.TransformsVal);
        var doc = TransformsFile.Read(path);
        var mirrored = ErNerfFixture.Camera(10).ToArray();
        mirrored[0] = -mirrored[0];
        mirrored[4] = -mirrored[4];
        mirrored[8] = -mirrored[8]; // first column negated: orthonormal, det −1
        var lastRow = ErNerfFixture.Camera(11).ToArray();
        lastRow[14] = 0.5;
        TransformsFile.Write(path, doc with { Frames = [doc.Frames[0] with { TransformMatrix = mirrored }, doc.Frames[1] with { TransformMatrix = lastRow }] });

        var errors = Errors(DatasetChecker.Check(dir.Path)).ToList();

        Assert.That(errors.Select(e => e.File), Is.All.EqualTo(ErNerfLayout.TransformsVal));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("frames[0]").And.Some.Contains("det R"));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("frames[1]").And.Some.Contains("last row"));
    }

    [Test]
    public void EmptyFaceMask_NamesTheParsingMap_AndSampleStrideSkipsFrames()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var map = ErNerfFixture.ParsingMap(3, 40, 48, ParsingChannelOrder.Rgb);
        for (var o = 0; o < map.Pixels.Length; o += 3)
        {
            if (map.Pixels[o] == 0 && map.Pixels[o + 1] == 0 && map.Pixels[o + 2] == 255)
            {
                map.Pixels[o] = map.Pixels[o + 1] = map.Pixels[o + 2] = 0; // face painted as hair
            }
        }

        PngFile.Write(Path.Combine(dir.Path, "parsing", "3.png"), map);

        var error = SingleError(DatasetChecker.Check(dir.Path));
        var strided = DatasetChecker.Check(dir.Path, new DatasetCheckOptions { Sample = 2 });

        Assert.That(error.File, Is.EqualTo(Path.Combine("parsing", "3.png")));
        Assert.That(error.Message, Does.Contain("face mask is empty"));
        Assert.That(strided.HasErrors, Is.False, "frame 3 is not among frames 0, 2, 4, …");
        Assert.That(strided.Summary.Sample, Is.EqualTo(2));
    }

    [Test]
    public void MissingTransforms_AreErrors()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Transforms = false });

        var errors = Errors(DatasetChecker.Check(dir.Path)).ToList();

        Assert.That(errors.Select(e => e.File), Is.EquivalentTo(new[] { ErNerfLayout.TransformsTrain, ErNerfLayout.TransformsVal }));
        Assert.That(errors.Select(e => e.Message), Has.All.Contains("missing"));
    }

    [Test]
    public void MissingOriImgs_IsAnError_OtherChecksStillRun()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Transforms = false });
        Directory.Delete(Path.Combine(dir.Path, "ori_imgs"), recursive: true);

        var report = DatasetChecker.Check(dir.Path);

        Assert.That(Errors(report).Select(e => e.File), Does.Contain("ori_imgs").And.Contain(ErNerfLayout.TransformsTrain));
        Assert.That(report.Summary.FrameCount, Is.Zero);
    }

    [Test]
    public void ImageSizeMismatch_NamesTheImage()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        PngFile.Write(Path.Combine(dir.Path, "gt_imgs", "2.png"), new ByteImage(41, 48, 3));

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo(Path.Combine("gt_imgs", "2.png")));
        Assert.That(error.Message, Does.Contain("41x48").And.Contain("40x48"));
    }

    [Test]
    public void ManyBadFrames_AreCappedWithACount()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Frames = 20 });
        for (var i = 0; i < 9; i++)
        {
            PngFile.Write(Path.Combine(dir.Path, "torso_imgs", $"{i}.png"), new ByteImage(8, 8, 4));
        }

        var errors = Errors(DatasetChecker.Check(dir.Path, new DatasetCheckOptions { MaxIssuesPerKind = 3 })).ToList();

        Assert.That(errors, Has.Count.EqualTo(4));
        Assert.That(errors[3].File, Is.EqualTo("torso_imgs"));
        Assert.That(errors[3].Message, Does.Contain("6 more").And.Contain("9 in all"));
    }

    [Test]
    public void Quirks_AreWarnings()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Parsing = ParsingChannelOrder.Bgr, AuLeadingSpaces = false, AudioFeatureFile = "aud.npy" });

        var report = DatasetChecker.Check(dir.Path);
        var warnings = report.Issues.Where(i => i.Severity == DatasetIssueSeverity.Warning).ToList();

        Assert.That(report.HasErrors, Is.False, Describe(report));
        Assert.That(report.Summary.ParsingChannelOrder, Is.EqualTo("bgr"));
        Assert.That(report.Summary.ParsingChannelOrderSource, Is.EqualTo("detected"));
        Assert.That(warnings.Select(w => w.File), Is.SupersetOf(new[] { "parsing", "au.csv", "aud.npy" }));
    }

    [Test]
    public void NonStandardSplit_IsAWarning()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var train = TransformsFile.Read(Path.Combine(dir.Path, ErNerfLayout.TransformsTrain));
        var val = TransformsFile.Read(Path.Combine(dir.Path, ErNerfLayout.TransformsVal));
        TransformsFile.Write(Path.Combine(dir.Path, ErNerfLayout.TransformsTrain), train with { Frames = [.. train.Frames.Take(8)] });
        TransformsFile.Write(Path.Combine(dir.Path, ErNerfLayout.TransformsVal), val with { Frames = [.. train.Frames.Skip(8), .. val.Frames] });

        var report = DatasetChecker.Check(dir.Path);

        Assert.That(report.HasErrors, Is.False, Describe(report));
        Assert.That(report.Issues.Single().Message, Does.Contain("split differs").And.Contain("int(N*10/11) = 10"));
    }

    [Test]
    public void TransformIdsWithAGap_AreAnError()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var path = Path.Combine(dir.Path, ErNerfLayout.TransformsTrain);
        var train = TransformsFile.Read(path);
        TransformsFile.Write(path, train with { Frames = [.. train.Frames.Where(f => f.ImageId != 4)] });

        var errors = Errors(DatasetChecker.Check(dir.Path)).ToList();

        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("11 cameras but ori_imgs has 12"));
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("img_id 4"));
    }

    [Test]
    public void MalformedTeethMask_IsAnError()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { TeethMasks = true });
        NpyFile.Write(Path.Combine(dir.Path, "teeth_mask", "6.npy"), new NpyArray(new float[48 * 40], [48, 40]));

        var error = SingleError(DatasetChecker.Check(dir.Path));

        Assert.That(error.File, Is.EqualTo(Path.Combine("teeth_mask", "6.npy")));
    }

    [Test]
    public void JsonReport_HoldsSummaryAndIssues()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AuRows = 3 });

        using var json = JsonDocument.Parse(DatasetChecker.Check(dir.Path).ToJson());

        Assert.That(json.RootElement.GetProperty("summary").GetProperty("errors").GetInt32(), Is.EqualTo(1));
        var issue = json.RootElement.GetProperty("issues")[0];
        Assert.That(issue.GetProperty("severity").GetString(), Is.EqualTo("error"));
        Assert.That(issue.GetProperty("file").GetString(), Is.EqualTo("au.csv"));
    }
}
