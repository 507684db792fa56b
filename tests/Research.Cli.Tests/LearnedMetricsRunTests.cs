using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using NUnit.Framework;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Cli.Tests;

/// <summary>
/// The quickstart with generated LPIPS and SyncNet weight files and a fake OpenFace: every metric column is filled,
/// the weights are recorded by hash, and adding weights re-runs only the evaluate stages and talking-gaussian's train
/// stage (its LPIPS training terms).
/// </summary>
[Platform(Exclude = "Win", Reason = "The fake FeatureExtraction is a POSIX shell script.")]
public class LearnedMetricsRunTests
{
    [Test]
    public async Task Should_fill_every_metric_and_record_the_weights_when_they_are_configured()
    {
        using var scratch = new TempDirectory();
        var lpips = scratch.Combine("lpips");
        GeneratedWeights.WriteLpipsAlex(lpips, seed: 1);
        var syncnet = scratch.Combine("syncnet_v2.safetensors");
        SafetensorsFile.Write(syncnet, GeneratedWeights.SyncNet(new Random(3)));
        var openFace = FakeOpenFace.Write(scratch.Path);
        string[] shared = ["datasets.synthetic.synthetic.seconds=3"];
        string[] weights = [$"metrics.lpips.weights={lpips}", $"metrics.syncnet.weights={syncnet}", $"metrics.openface.path={openFace}"];

        var without = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path, shared), "--run-dir", scratch.Combine("a")]);
        var with = await CliHarness.Run(["run", CliHarness.Quickstart, .. CliHarness.Tiny(scratch.Path, [.. shared, .. weights]), "--run-dir", scratch.Combine("b")]);

        Assert.That((without.Code, with.Code), Is.EqualTo((0, 0)), without.Error + with.Error + with.Out);
        var markdown = File.ReadAllText(scratch.Combine("b", "report.md"));
        Assert.That(markdown, Does.Not.Contain("—"), markdown);
        Assert.That(markdown, Does.Contain("LPIPS variant: alex_v0.1_normalize; weights alexnet-owt-7be5be79.safetensors (sha256 "));
        Assert.That(markdown, Does.Contain("Sync-C / Sync-D: SyncNet, crop face-crop, offset search ±15 frames"));

        var csv = File.ReadAllLines(scratch.Combine("b", "results.csv"));
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        string Cell(string name) => row[Array.IndexOf(header, name)];
        Assert.Multiple(() =>
        {
            Assert.That(double.Parse(Cell("lpips"), CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(Cell("lpips_variant"), Is.EqualTo("alex_v0.1_normalize"));
            Assert.That(double.Parse(Cell("sync_d"), CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(Cell("sync_crop"), Is.EqualTo("face-crop"));
            Assert.That(double.Parse(Cell("aue_u"), CultureInfo.InvariantCulture), Is.EqualTo(FakeOpenFace.UpperAue).Within(1e-9));
            Assert.That(double.Parse(Cell("aue_l"), CultureInfo.InvariantCulture), Is.EqualTo(FakeOpenFace.LowerAue).Within(1e-9));
            Assert.That(double.Parse(Cell("lmd"), CultureInfo.InvariantCulture), Is.EqualTo(FakeOpenFace.Lmd).Within(1e-9));
            Assert.That(Cell("unavailable"), Is.Empty);
        });

        var job = scratch.Combine("b", "jobs", "synthetic", "mean-frame", "default", "s0");
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "metrics.json")));
        var image = metrics.RootElement.GetProperty("image");
        Assert.That(image.GetProperty("lpipsWeights")[0].GetProperty("sha256").GetString(),
            Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(lpips, "alexnet-owt-7be5be79.safetensors"))))));
        Assert.That(metrics.RootElement.GetProperty("sync").GetProperty("weights").GetProperty("sha256").GetString(),
            Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(syncnet)))));
        Assert.That(image.GetProperty("frames")[0].GetProperty("lpips").GetDouble(), Is.GreaterThan(0));

        // Weights appearing change the evaluate stages' keys and, through its LPIPS training terms, talking-gaussian's
        // train key; the baselines' train stages stay cached.
        using var manifest = JsonDocument.Parse(File.ReadAllText(scratch.Combine("b", "manifest.json")));
        var stages = manifest.RootElement.GetProperty("stages").EnumerateArray().ToList();
        bool[] Hits(string name, bool talkingGaussian) => [.. stages
            .Where(s => s.GetProperty("name").GetString() == name && s.GetProperty("id").GetString()!.Contains("talking-gaussian", StringComparison.Ordinal) == talkingGaussian)
            .Select(s => s.GetProperty("cache_hit").GetBoolean())];
        Assert.That(Hits("train", talkingGaussian: false), Has.Length.EqualTo(3).And.All.True);
        Assert.That(Hits("train", talkingGaussian: true), Is.EqualTo(new[] { false }));
        Assert.That(Hits("evaluate", false).Concat(Hits("evaluate", true)), Has.Exactly(4).Items.And.All.False);
        var trainLog = Path.Combine("logs", "synthetic.talking-gaussian.default.s0.train.log");
        Assert.That(File.ReadAllText(scratch.Combine("a", trainLog)), Does.Contain("notice: no LPIPS weights at ").And.Contain("the LPIPS terms of the mouth, face and fuse stages are skipped"));
        Assert.That(File.ReadAllText(scratch.Combine("b", trainLog)), Does.Contain($"LPIPS terms on: alex weights {Path.Combine(lpips, "alexnet-owt-7be5be79.safetensors")} sha256 "));
    }
}
