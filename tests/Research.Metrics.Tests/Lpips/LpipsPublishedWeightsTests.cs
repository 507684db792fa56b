using NUnit.Framework;
using Research.Metrics.Lpips;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// Opt-in checks on the real published files: set LPIPS_WEIGHTS_DIR to a folder laid out as docs/weights.md says
/// (trunk file + v0.1/alex.pth or alex.pth, likewise vgg). Skipped otherwise; the files are not in the repository.
/// No reference values from PyTorch exist yet, so this only checks loading, the v0.1 hashes and basic properties.
/// </summary>
public class LpipsPublishedWeightsTests
{
    [TestCase(LpipsNet.Alex)]
    [TestCase(LpipsNet.Vgg)]
    public void LoadsThePublishedFiles(LpipsNet net)
    {
        var folder = Environment.GetEnvironmentVariable("LPIPS_WEIGHTS_DIR");
        if (string.IsNullOrEmpty(folder) || !LpipsWeights.Locate(net, folder).IsComplete)
        {
            Assert.Ignore("Set LPIPS_WEIGHTS_DIR to a folder with the published LPIPS files (docs/weights.md) to run this test.");
        }

        var files = LpipsWeights.Locate(net, folder);
        Assert.That(files.Notes, Is.Empty, "the lin file should be the published v0.1 file");
        Assert.That(LpipsWeights.TryLoad(net, folder, out var network, out _), Is.True);
        for (var tap = 0; tap < 5; tap++)
        {
            Assert.That(network!.LinWeights(tap), Has.All.GreaterThanOrEqualTo(0f));
        }

        var a = LpipsNetworkTests.RandomImage(64, 64, 1);
        var b = LpipsNetworkTests.RandomImage(64, 64, 2);
        Assert.That(network!.Distance(a, a), Is.EqualTo(0.0));
        Assert.That(network.Distance(a, b), Is.GreaterThan(0.0).And.LessThan(5.0));
    }
}
