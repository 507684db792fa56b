using System.Text.Json;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.Masks;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Testing;
using Research.Testing.ErNerf;

namespace Research.Cli.Tests;

/// <summary>An ER-NeRF-layout dataset with real-world quirks, run through every preparation stage and a method.</summary>
public class ErNerfDatasetRunTests
{
    private const int Frames = 12;

    [Test]
    public async Task Should_prepare_a_quirky_dataset_build_what_it_lacks_and_train_on_it()
    {
        using var scratch = new TempDirectory();
        var data = scratch.Combine("may");
        ErNerfFixture.Write(data, new ErNerfFixtureOptions
        {
            Width = 48,
            Height = 64,
            Jpeg = true,
            Parsing = ParsingChannelOrder.Bgr,
            AuLeadingSpaces = false,
            AudioFeatureFile = "aud_hu.npy",
            AudioFeatureShape = (2, 1024),
            Torso = false,
            GroundTruth = false,
            Background = false,
        });
        var experiment = scratch.Combine("may.yaml");
        await File.WriteAllTextAsync(experiment, $"schema_version: 1\ndefaults:\n  - run: default\n  - metrics: default\nexperiment:\n  name: may-test\ndatasets:\n  may:\n    use: may\n    path: {data}\nmethods:\n  mean-frame: {{}}\n");
        var runDir = scratch.Combine("run");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "run.videos=false", "metrics.bootstrap_resamples=10", "--run-dir", runDir);

        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
        var outputs = StageOutputs(runDir, scratch.Combine("cache"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outputs.Keys, Is.SupersetOf(new[] { "data/may/extract", "data/may/audio-features", "data/may/masks", "data/may/background" }));
            Assert.That(Directory.GetFiles(Path.Combine(runDir, "jobs", "may", "mean-frame", "default", "s0", "renders")), Has.Length.EqualTo(2), "transforms_val.json holds the last 2 of 12 frames");

            using var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputs["data/may/extract"], "dataset.json")));
            Assert.That(info.RootElement.GetProperty("parsing_order").GetString(), Is.EqualTo("bgr"));
            Assert.That(info.RootElement.GetProperty("source").GetString(), Is.EqualTo("ernerf"));

            using var features = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputs["data/may/audio-features"], "features.json")));
            Assert.That(features.RootElement.GetProperty("source").GetString(), Is.EqualTo("aud_hu.npy"));
            Assert.That(NpyFile.Read(Path.Combine(outputs["data/may/audio-features"], "features.npy")).Shape, Is.EqualTo(new[] { Frames, 2, 1024 }).AsCollection);

            var background = outputs["data/may/background"];
            Assert.That(File.Exists(Path.Combine(background, "bc.png")), Is.True, "the plate is built when the dataset lacks it");
            Assert.That(Directory.GetFiles(Path.Combine(background, "gt_imgs")), Has.Length.EqualTo(Frames));
            Assert.That(PngFile.Read(Path.Combine(background, "torso_imgs", "0.png")).Channels, Is.EqualTo(4));
        }
    }

    [Test]
    public async Task Should_derive_the_same_masks_as_the_library_from_bgr_parsing()
    {
        using var scratch = new TempDirectory();
        var data = scratch.Combine("obama");
        ErNerfFixture.Write(data, new ErNerfFixtureOptions { Width = 48, Height = 64, Parsing = ParsingChannelOrder.Bgr, TeethMasks = true });
        var experiment = scratch.Combine("obama.yaml");
        await File.WriteAllTextAsync(experiment, $"schema_version: 1\ndefaults:\n  - run: default\n  - metrics: default\nexperiment:\n  name: obama-test\ndatasets:\n  obama:\n    use: obama\n    path: {data}\n    masks: {{ check_images: 2 }}\nmethods:\n  mean-frame: {{}}\n");
        var runDir = scratch.Combine("run");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "run.videos=false", "metrics.bootstrap_resamples=10", "--run-dir", runDir);

        Assert.That(result.Code, Is.EqualTo(0), result.Error + result.Out);
        var masksDir = StageOutputs(runDir, scratch.Combine("cache"))["data/obama/masks"];
        var store = MaskStore.Open(masksDir);
        var dataset = ErNerfDataset.Open(data);
        var expected = MaskDeriver.Derive(dataset.LoadParsing(3), dataset.LoadTeethMask(3), dataset.LoadLandmarks(3));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dataset.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Bgr));
            Assert.That(store.Load(3, MaskLayers.Face), Is.EqualTo(expected.Face.ToBooleans()).AsCollection);
            Assert.That(store.Load(3, MaskLayers.Mouth), Is.EqualTo(expected.Mouth.ToBooleans()).AsCollection);
            Assert.That(store.Load(3, MaskLayers.Torso), Is.EqualTo(expected.Torso.ToBooleans()).AsCollection);
            Assert.That(store.Load(3, MaskLayers.Face).Count(v => v), Is.GreaterThan(0), "BGR maps were read in the right order: the face is blue after normalising");
            Assert.That(store.Rects.LipsRect[3], Is.EqualTo(expected.LipsRect.ToUpstreamList()).AsCollection);
            Assert.That(store.Rects.TrainMouthBound, Has.Length.EqualTo(2));
            Assert.That(Directory.GetFiles(Path.Combine(masksDir, "check")), Has.Length.EqualTo(2));
        }
    }

    [Test]
    public async Task Should_say_where_to_get_the_dataset_when_the_folder_is_missing()
    {
        using var scratch = new TempDirectory();
        var experiment = scratch.Combine("may.yaml");
        await File.WriteAllTextAsync(experiment, "schema_version: 1\ndatasets:\n  may: {}\nmethods:\n  mean-frame: {}\n");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "datasets.may.path=/nonexistent/may", "--run-dir", scratch.Combine("run"));

        Assert.That(result.Code, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("/nonexistent/may").And.Contain("docs/datasets.md"));
    }

    [Test]
    public async Task Should_refuse_a_split_that_is_not_the_er_nerf_split()
    {
        using var scratch = new TempDirectory();
        var data = scratch.Combine("may");
        ErNerfFixture.Write(data, new ErNerfFixtureOptions { Width = 48, Height = 64 });
        var valPath = Path.Combine(data, ErNerfLayout.TransformsVal);
        var val = TransformsFile.Read(valPath);
        TransformsFile.Write(valPath, val with { Frames = val.Frames.Take(1).ToArray() });
        var experiment = scratch.Combine("may.yaml");
        await File.WriteAllTextAsync(experiment, $"schema_version: 1\ndatasets:\n  may:\n    path: {data}\nmethods:\n  mean-frame: {{}}\n");

        var result = await CliHarness.Run("run", experiment, $"run.cache_dir={scratch.Combine("cache")}", "run.videos=false", "--run-dir", scratch.Combine("run"));

        Assert.That(result.Code, Is.Not.Zero);
        Assert.That(result.Error + result.Out, Does.Contain("must list frames 0..9 and 10..11 in order"));
    }

    // Stage id → its cached output folder, from the run manifest.
    private static Dictionary<string, string> StageOutputs(string runDir, string cacheDir)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "manifest.json")));
        return manifest.RootElement.GetProperty("stages").EnumerateArray()
            .Where(s => s.TryGetProperty("output_hash", out var h) && h.ValueKind == JsonValueKind.String)
            .ToDictionary(
                s => s.GetProperty("id").GetString()!,
                s =>
                {
                    var hash = s.GetProperty("output_hash").GetString()!;
                    return Path.Combine(cacheDir, "objects", hash[..2], hash);
                });
    }
}
