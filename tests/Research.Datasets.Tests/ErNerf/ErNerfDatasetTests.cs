using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Media;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Datasets.Tests.ErNerf;

[TestFixture]
public sealed class ErNerfDatasetTests
{
    private static ParsingClass[] ExpectedLabels(int frame, int width, int height)
    {
        var labels = new ParsingClass[width * height];
        for (var p = 0; p < labels.Length; p++)
        {
            labels[p] = ErNerfFixture.ClassAt(p % width, p / width, frame, width, height);
        }

        return labels;
    }

    [Test]
    public void Open_PngFixture_ReportsLayoutAndLoadsEveryPart()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { TeethMasks = true });

        var data = ErNerfDataset.Open(dir.Path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.FrameCount, Is.EqualTo(12));
            Assert.That((data.Width, data.Height), Is.EqualTo((40, 48)));
            Assert.That(data.Fps, Is.EqualTo(25));
            Assert.That(data.TrainIds, Is.EqualTo(Enumerable.Range(0, 10)).AsCollection, "int(12*10/11) = 10");
            Assert.That(data.ValIds, Is.EqualTo(new[] { 10, 11 }).AsCollection);
            Assert.That(data.HasLandmarks && data.HasParsing && data.HasTeethMasks && data.HasTorso && data.HasGroundTruth, Is.True);
            Assert.That(data.HasBackground && data.HasActionUnits && data.HasAudio, Is.True);
            Assert.That(data.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Rgb));
            Assert.That(data.ParsingChannelOrderSource, Is.EqualTo(ParsingOrderSource.Detected));
            Assert.That(data.Warnings, Is.Empty);
        }

        Assert.That(data.LoadOriginal(3).Pixels, Is.EqualTo(ErNerfFixture.Frame(3, 40, 48).Pixels).AsCollection);
        Assert.That(data.LoadGroundTruth(4).Pixels, Is.EqualTo(ErNerfFixture.Frame(4, 40, 48).Pixels).AsCollection);
        Assert.That(data.LoadBackground().Pixels, Is.EqualTo(ErNerfFixture.Frame(99, 40, 48).Pixels).AsCollection);
        Assert.That(data.LoadParsingLabels(5), Is.EqualTo(ExpectedLabels(5, 40, 48)).AsCollection);
        var torso = data.LoadTorso(2);
        Assert.That(torso.Channels, Is.EqualTo(4));
        Assert.That(torso.Pixels[(((40 * 40) + 20) * 4) + 3], Is.EqualTo(255), "cloth pixel is opaque");
        Assert.That(torso.Pixels[(((15 * 40) + 20) * 4) + 3], Is.Zero, "face pixel is transparent");
        var lms = data.LoadLandmarks(7);
        Assert.That(lms[30].X, Is.EqualTo(ErNerfFixture.Landmarks(7)[30].X).Within(1e-5));
        var teeth = data.LoadTeethMask(1)!;
        Assert.That(teeth.Count(t => t), Is.GreaterThan(0));
        Assert.That(Enumerable.Range(0, teeth.Length).Where(p => teeth[p]).All(p => ErNerfFixture.ClassAt(p % 40, p / 40, 1, 40, 48) == ParsingClass.InnerMouth), Is.True);
        Assert.That(data.ActionUnits!.RowCount, Is.EqualTo(12));
        Assert.That(data.ActionUnits.Column("AU45_r"), Has.Length.EqualTo(12));
        Assert.That(data.LoadAudioFeatures().Shape, Is.EqualTo(new[] { 12, 16, 29 }).AsCollection);
        Assert.That(data.LoadAudio().DurationSeconds, Is.EqualTo(12 / 25.0).Within(1e-9));
        Assert.That(data.Train!.Frames[3].TransformMatrix, Is.EqualTo(ErNerfFixture.Camera(3)).AsCollection);
    }

    [Test]
    public void Open_BgrParsing_IsDetectedAndNormalisedToRgb()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Parsing = ParsingChannelOrder.Bgr });

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(data.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Bgr));
        Assert.That(data.ParsingChannelOrderSource, Is.EqualTo(ParsingOrderSource.Detected));
        Assert.That(data.Warnings, Has.Some.Contains("BGR"));
        var onDisk = PngFile.Read(ErNerfLayout.FramePath(dir.Path, ErNerfLayout.Parsing, 0, ".png"));
        var facePixel = ((15 * 40) + 20) * 3;
        Assert.That(onDisk.Pixels[facePixel..(facePixel + 3)], Is.EqualTo(new byte[] { 255, 0, 0 }).AsCollection, "fixture stores the face red");
        Assert.That(data.LoadParsing(0).Pixels[facePixel..(facePixel + 3)], Is.EqualTo(new byte[] { 0, 0, 255 }).AsCollection, "loaded as blue");
        Assert.That(data.LoadParsingLabels(3), Is.EqualTo(ExpectedLabels(3, 40, 48)).AsCollection);
    }

    [Test]
    public void Open_ForcedChannelOrder_OverridesDetection()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Parsing = ParsingChannelOrder.Bgr });

        var data = ErNerfDataset.Open(dir.Path, new ErNerfImportOptions { ParsingChannelOrder = ParsingChannelOrder.Rgb });
        var labels = data.LoadParsingLabels(0);

        Assert.That(data.ParsingChannelOrderSource, Is.EqualTo(ParsingOrderSource.Forced));
        Assert.That(labels[(15 * 40) + 20], Is.EqualTo(ParsingClass.Cloth), "forced RGB reads the red face as cloth");
    }

    [Test]
    public void Open_ParsingWithoutCloth_DefaultsToRgbWithAWarning()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Frames = 3 });
        for (var i = 0; i < 3; i++)
        {
            var map = ErNerfFixture.ParsingMap(i, 40, 48, ParsingChannelOrder.Rgb);
            for (var o = 34 * 40 * 3; o < map.Pixels.Length; o++)
            {
                map.Pixels[o] = 255; // cloth rows become background
            }

            PngFile.Write(ErNerfLayout.FramePath(dir.Path, ErNerfLayout.Parsing, i, ".png"), map);
        }

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(data.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Rgb));
        Assert.That(data.ParsingChannelOrderSource, Is.EqualTo(ParsingOrderSource.Default));
        Assert.That(data.Warnings, Has.Some.Contains("could not be detected"));
    }

    [Test]
    public void ActionUnits_HeadersWithAndWithoutLeadingSpaces_ReadTheSame()
    {
        using var spaced = new TempDirectory();
        using var plain = new TempDirectory();
        ErNerfFixture.Write(spaced.Path, new ErNerfFixtureOptions { AuLeadingSpaces = true });
        ErNerfFixture.Write(plain.Path, new ErNerfFixtureOptions { AuLeadingSpaces = false });
        Assert.That(File.ReadLines(Path.Combine(spaced.Path, "au.csv")).First(), Does.Contain(", AU45_r"));
        Assert.That(File.ReadLines(Path.Combine(plain.Path, "au.csv")).First(), Does.Contain(",AU45_r"));

        var a = ErNerfDataset.Open(spaced.Path).ActionUnits!;
        var b = ErNerfDataset.Open(plain.Path).ActionUnits!;

        Assert.That(b.Columns, Is.EqualTo(a.Columns).AsCollection);
        Assert.That(b.Column(" AU45_r"), Is.EqualTo(a.Column("AU45_r")).AsCollection);
        Assert.That(a.Column("AU25_r").Distinct().Count(), Is.GreaterThan(1));
    }

    [TestCase("aud_ds.npy", 16, 29, false)]
    [TestCase("aud_hu.npy", 2, 1024, false)]
    [TestCase("aud_eo.npy", 16, 44, false)]
    [TestCase("aud.npy", 16, 29, true)]
    public void AudioFeatures_AnyOfTheKnownNames(string name, int window, int channels, bool namingTrap)
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AudioFeatureFile = name, AudioFeatureShape = (window, channels) });

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(Path.GetFileName(data.AudioFeatureFile), Is.EqualTo(name));
        Assert.That(data.LoadAudioFeatures().Shape, Is.EqualTo(new[] { 12, window, channels }).AsCollection);
        Assert.That(data.Warnings.Any(w => w.Contains("aud_ds.npy", StringComparison.Ordinal)), Is.EqualTo(namingTrap));
    }

    [Test]
    public void AudioFeatures_SeveralFiles_PreferDeepSpeechUnlessChosen()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { AudioFeatureFile = "aud_hu.npy", AudioFeatureShape = (2, 1024) });
        NpyFile.Write(Path.Combine(dir.Path, "aud_ds.npy"), new NpyArray(new float[12 * 16 * 29], [12, 16, 29]));

        var preferred = ErNerfDataset.Open(dir.Path);
        var chosen = ErNerfDataset.Open(dir.Path, new ErNerfImportOptions { AudioFeatureFile = "aud_hu.npy" });

        Assert.That(preferred.AudioFeatureFiles, Is.EqualTo(new[] { "aud_ds.npy", "aud_hu.npy" }).AsCollection);
        Assert.That(Path.GetFileName(preferred.AudioFeatureFile), Is.EqualTo("aud_ds.npy"));
        Assert.That(preferred.Warnings, Has.Some.Contains("several audio feature files"));
        Assert.That(chosen.LoadAudioFeatures().Shape[2], Is.EqualTo(1024));
    }

    [Test]
    public void OptionalParts_Absent_AreReportedAndAccessorsSaySo()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions
        {
            Parsing = null, Torso = false, GroundTruth = false, Background = false, ActionUnits = false,
            AudioFeatureFile = null, AudioSeconds = -1, Landmarks = false, Transforms = false,
        });

        var data = ErNerfDataset.Open(dir.Path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(data.HasParsing || data.HasTorso || data.HasGroundTruth || data.HasBackground, Is.False);
            Assert.That(data.HasActionUnits || data.HasAudio || data.HasLandmarks || data.HasTeethMasks, Is.False);
            Assert.That(data.ParsingChannelOrder, Is.Null);
            Assert.That(data.Train, Is.Null);
            Assert.That(data.TrainIds, Is.Empty);
            Assert.That(data.ActionUnits, Is.Null);
            Assert.That(data.AudioFeatureFile, Is.Null);
            Assert.That(data.LoadTeethMask(0), Is.Null);
            Assert.That(data.LoadGroundTruth(1).Pixels, Is.EqualTo(data.LoadOriginal(1).Pixels).AsCollection, "gt falls back to ori");
        }

        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadTorso(0))!.Message, Does.Contain("torso_imgs").And.Contain("missing"));
        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadParsing(0))!.Message, Does.Contain("parsing"));
        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadBackground())!.Message, Does.Contain("bc.jpg"));
        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadLandmarks(0))!.Message, Does.Contain(".lms"));
        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadAudioFeatures())!.Message, Does.Contain("aud_ds.npy"));
        Assert.That(Assert.Throws<MediaFormatException>(() => data.LoadAudio())!.Message, Does.Contain("aud.wav"));
    }

    [Test]
    public void Frames_AreReadOnDemand_NotAtOpen()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path);
        var broken = ErNerfLayout.FramePath(dir.Path, ErNerfLayout.OriginalImages, 5, ".png");
        var bytes = File.ReadAllBytes(broken);
        File.WriteAllBytes(broken, bytes[..40]); // header intact, pixels gone

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(data.LoadOriginal(4).Width, Is.EqualTo(40));
        var e = Assert.Throws<MediaFormatException>(() => data.LoadOriginal(5));
        Assert.That(e!.Message, Does.Contain(broken));
    }

    [Test]
    public void LoadTeethMask_Uint8AndWrongShape()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { TeethMasks = true });
        var mask = new byte[40 * 48];
        mask[7] = 1;
        NpyFile.Write(ErNerfLayout.FramePath(dir.Path, ErNerfLayout.TeethMasks, 0, ".npy"), new NpyArray(mask, [48, 40]));
        var wrong = ErNerfLayout.FramePath(dir.Path, ErNerfLayout.TeethMasks, 1, ".npy");
        NpyFile.Write(wrong, new NpyArray(new bool[40 * 48], [40, 48]));

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(Enumerable.Range(0, mask.Length).Where(p => data.LoadTeethMask(0)![p]), Is.EqualTo(new[] { 7 }).AsCollection);
        var e = Assert.Throws<MediaFormatException>(() => data.LoadTeethMask(1));
        Assert.That(e!.Message, Does.Contain(wrong).And.Contain("(48, 40)"));
    }

    [Test]
    public void LoadParsingLabels_LossyColoursSnapToThePalette_FarColoursAreRejected()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Frames = 3 });
        var path = ErNerfLayout.FramePath(dir.Path, ErNerfLayout.Parsing, 1, ".png");
        var map = PngFile.Read(path);
        var face = ((15 * 40) + 20) * 3;
        (map.Pixels[face], map.Pixels[face + 1], map.Pixels[face + 2]) = ((byte)12, (byte)9, (byte)240); // JPEG-ish blue
        PngFile.Write(path, map);
        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(data.LoadParsingLabels(1)[(15 * 40) + 20], Is.EqualTo(ParsingClass.Face));

        (map.Pixels[face], map.Pixels[face + 1], map.Pixels[face + 2]) = ((byte)200, (byte)120, (byte)40); // skin colour, not a label
        PngFile.Write(path, map);
        var e = Assert.Throws<MediaFormatException>(() => data.LoadParsingLabels(1));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("x=20, y=15").And.Contain("(200,120,40)"));
    }

    [Test]
    public void Open_MissingOriImgsOrFrameZero_NamesTheFolder()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Frames = 3 });
        File.Delete(ErNerfLayout.FramePath(dir.Path, ErNerfLayout.OriginalImages, 0, ".png"));
        var noZero = Assert.Throws<MediaFormatException>(() => ErNerfDataset.Open(dir.Path));
        Directory.Delete(Path.Combine(dir.Path, ErNerfLayout.OriginalImages), recursive: true);
        var missing = Assert.Throws<MediaFormatException>(() => ErNerfDataset.Open(dir.Path));

        Assert.That(noZero!.Message, Does.Contain("ori_imgs").And.Contain("frame 0"));
        Assert.That(missing!.Message, Does.Contain("ori_imgs").And.Contain("missing"));
    }

    [Test]
    public void Open_GapInFrames_UsesTheRunFromZeroAndWarns()
    {
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions { Frames = 6 });
        File.Delete(ErNerfLayout.FramePath(dir.Path, ErNerfLayout.OriginalImages, 4, ".png"));

        var data = ErNerfDataset.Open(dir.Path);

        Assert.That(data.FrameCount, Is.EqualTo(4));
        Assert.That(data.Warnings, Has.Some.Contains("frame 4 is missing"));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.LoadOriginal(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.LoadOriginal(-1));
    }

    [Test]
    public void Open_JpegFramesWithEveryQuirk()
    {
        ExternalTools.RequireFfmpeg();
        using var dir = new TempDirectory();
        ErNerfFixture.Write(dir.Path, new ErNerfFixtureOptions
        {
            Jpeg = true, Parsing = ParsingChannelOrder.Bgr, AuLeadingSpaces = true, AudioFeatureFile = "aud.npy", TeethMasks = false,
        });

        var data = ErNerfDataset.Open(dir.Path);

        // Everything but pixel decoding works before the JPEG decoder lands.
        Assert.That((data.FrameCount, data.Width, data.Height), Is.EqualTo((12, 40, 48)));
        Assert.That(Path.GetExtension(data.OriginalPath(0)), Is.EqualTo(".jpg"));
        Assert.That(data.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Bgr));
        Assert.That(data.HasTeethMasks, Is.False);
        Assert.That(Path.GetFileName(data.AudioFeatureFile), Is.EqualTo("aud.npy"));
        Assert.That(data.ActionUnits!.HasColumn("AU45_r"), Is.True);
        Assert.That(data.LoadParsingLabels(2), Is.EqualTo(ExpectedLabels(2, 40, 48)).AsCollection);

        JpegSupport.RequireDecoder();
        Assert.That(ErNerfImagesTests.MeanAbsoluteDifference(data.LoadOriginal(3), ErNerfFixture.Frame(3, 40, 48)), Is.LessThan(6));
        Assert.That(ErNerfImagesTests.MeanAbsoluteDifference(data.LoadGroundTruth(3), ErNerfFixture.Frame(3, 40, 48)), Is.LessThan(6));
        Assert.That(data.LoadBackground().Width, Is.EqualTo(40));
    }
}
