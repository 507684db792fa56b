using NUnit.Framework;
using Research.Metrics.Lpips;
using Research.Testing;

namespace Research.Metrics.Tests.Lpips;

/// <summary>Finding the weight files by their published names, and the hint when they are absent.</summary>
public class LpipsWeightsTests
{
    [Test]
    public void MissingFilesGiveAOneLineActionableHint()
    {
        using var dir = new TempDirectory();
        var files = LpipsWeights.Locate(LpipsNet.Alex, dir.Combine("not-there"));
        Assert.That(files.IsComplete, Is.False);
        Assert.That(files.Missing, Is.EqualTo(new[] { LpipsPublishedFile.AlexTrunk, LpipsPublishedFile.AlexLin }));
        var hint = files.Hint!;
        Assert.That(hint, Does.Not.Contain('\n'));
        Assert.That(hint, Does.Contain("alexnet-owt-7be5be79.pth")
            .And.Contain("https://download.pytorch.org/models/alexnet-owt-7be5be79.pth")
            .And.Contain("BSD-3-Clause")
            .And.Contain(Path.Combine(dir.Combine("not-there"), "v0.1", "alex.pth"))
            .And.Contain("github.com/richzhang/PerceptualSimilarity")
            .And.Contain("BSD-2-Clause")
            .And.Contain("metrics.lpips.weights")
            .And.Contain("docs/weights.md"));

        Assert.That(LpipsWeights.TryLoad(LpipsNet.Vgg, dir.Path, out var network, out var message), Is.False);
        Assert.That(network, Is.Null);
        Assert.That(message, Does.Contain("vgg16-397923af.pth").And.Contain("vgg.pth").And.Contain("LPIPS-vgg"));
    }

    [Test]
    public void OnlyTheAbsentFileIsListed()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("alex.pth"), TestWeightFiles.TorchFile(LpipsTestWeights.Lin(Research.Metrics.Lpips.LpipsNet.Alex, 1), legacy: true));
        var files = LpipsWeights.Locate(LpipsNet.Alex, dir.Path);
        Assert.That(files.LinPath, Is.EqualTo(dir.Combine("alex.pth")));
        Assert.That(files.Missing, Is.EqualTo(new[] { LpipsPublishedFile.AlexTrunk }));
        Assert.That(files.Hint, Does.Contain("alexnet-owt-7be5be79.pth").And.Not.Contain("BSD-2-Clause"));
    }

    [Test]
    public void FindsThePublishedNamesAndLoads()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("v0.1"));
        File.WriteAllBytes(dir.Combine("alexnet-owt-7be5be79.pth"), TestWeightFiles.TorchFile(LpipsTestWeights.Trunk(LpipsNet.Alex, 1), legacy: false, "alexnet-owt-7be5be79"));
        File.WriteAllBytes(dir.Combine("v0.1", "alex.pth"), TestWeightFiles.TorchFile(LpipsTestWeights.Lin(LpipsNet.Alex, 2), legacy: true));
        var files = LpipsWeights.Locate(LpipsNet.Alex, dir.Path);
        Assert.That(files.IsComplete, Is.True);
        Assert.That(files.Hint, Is.Null);
        Assert.That(files.TrunkPath, Is.EqualTo(dir.Combine("alexnet-owt-7be5be79.pth")));
        Assert.That(files.LinPath, Is.EqualTo(dir.Combine("v0.1", "alex.pth")));
        Assert.That(files.Notes, Has.Count.EqualTo(1).And.Some.Contains("is not the published v0.1 alex.pth"), "generated lin weights are not the published file");
        Assert.That(LpipsWeights.TryLoad(LpipsNet.Alex, dir.Path, out var network, out var message), Is.True);
        Assert.That(message, Is.Null);
        Assert.That(network!.Net, Is.EqualTo(LpipsNet.Alex));
    }

    [Test]
    public void AcceptsTheOlderAlexNameAndConvertedSafetensors()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("alexnet-owt-4df8aa71.safetensors"), [0]);
        File.WriteAllBytes(dir.Combine("alex.safetensors"), [0]);
        File.WriteAllBytes(dir.Combine("vgg16-397923af.safetensors"), [0]);
        Directory.CreateDirectory(dir.Combine("v0.1"));
        File.WriteAllBytes(dir.Combine("v0.1", "vgg.safetensors"), [0]);
        var alex = LpipsWeights.Locate(LpipsNet.Alex, dir.Path);
        Assert.That((alex.TrunkPath, alex.LinPath), Is.EqualTo((dir.Combine("alexnet-owt-4df8aa71.safetensors"), dir.Combine("alex.safetensors"))));
        Assert.That(alex.Notes, Is.Empty);
        var vgg = LpipsWeights.Locate(LpipsNet.Vgg, dir.Path);
        Assert.That((vgg.TrunkPath, vgg.LinPath), Is.EqualTo((dir.Combine("vgg16-397923af.safetensors"), dir.Combine("v0.1", "vgg.safetensors"))));
    }

    [Test]
    public void DefaultFolderIsUnderTheUserCache()
    {
        Assert.That(LpipsWeights.DefaultFolder, Does.EndWith(Path.Combine(".cache", "research", "weights", "lpips")));
        Assert.That(LpipsWeights.Locate(LpipsNet.Alex).Folder, Is.EqualTo(LpipsWeights.DefaultFolder));
        Assert.That(LpipsWeights.Locate(LpipsNet.Alex, "~/.cache/research/weights/lpips").Folder, Is.EqualTo(LpipsWeights.DefaultFolder));
    }
}
