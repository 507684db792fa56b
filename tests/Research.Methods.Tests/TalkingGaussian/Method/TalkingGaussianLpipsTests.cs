using System.Globalization;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Research.Methods.TalkingGaussian.Method;
using Research.Metrics.Lpips;
using Research.Tensors;
using Research.Tensors.Randomness;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Methods.Tests.TalkingGaussian.Method;

/// <summary>
/// The LPIPS terms of training on a generated LPIPS-alex weight file: they run exactly in the scheduled phases (the
/// loss is bit-identical to the run without LPIPS before them and differs in them), and the log says which it was.
/// </summary>
[TestFixture]
public sealed partial class TalkingGaussianLpipsTests
{
    // Scaled schedules: mouth bg_iter round(0.98·30) = 29 → LPIPS at 30; face lpips_start round(0.94·48) = 45 →
    // 46..48; fuse start round(0.5·8) = 4 → 5..8.
    private static readonly TalkingGaussianOptions Short = TalkingGaussianDeterminismTests.Tiny with { MouthIterations = 30, LogInterval = 1 };

    private static readonly Lazy<TempDirectory> Weights = new(() =>
    {
        var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("v0.1"));
        var rng = new Rng(42);
        var trunk = new List<SafetensorsTensor>();
        foreach (var (index, inCh, outCh, k) in new[] { (0, 3, 64, 11), (3, 64, 192, 5), (6, 192, 384, 3), (8, 384, 256, 3), (10, 256, 256, 3) })
        {
            var std = Math.Sqrt(2.0 / (inCh * k * k));
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.weight", Tensor.Randn<float>(rng, outCh, inCh, k, k).Mul((float)std).ToArray(), [outCh, inCh, k, k]));
            trunk.Add(SafetensorsTensor.FromFloat32($"features.{index}.bias", Tensor.Uniform(rng, -0.05f, 0.1f, outCh).ToArray(), [outCh]));
        }

        SafetensorsFile.Write(temp.Combine("alexnet-owt-7be5be79.safetensors"), trunk);
        SafetensorsFile.Write(temp.Combine("v0.1", "alex.safetensors"), new[] { 64, 192, 384, 256, 256 }.Select((c, t) =>
            SafetensorsTensor.FromFloat32($"lin{t}.model.1.weight", Tensor.Uniform(rng, 0f, 2f / c, c).ToArray(), [1, c, 1, 1])));
        return temp;
    });

    [Test]
    public void LpipsTermsChangeTheLossOnlyInTheirPhases()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Short);
        var without = new StringWriter(CultureInfo.InvariantCulture);
        method.Train(data, temp.Combine("plain"), Context(without, null, "no LPIPS weights at /nowhere"));
        var with = new StringWriter(CultureInfo.InvariantCulture);
        method.Train(data, temp.Combine("lpips"), Context(with, Loss(), null));
        TestContext.Out.WriteLine(with.ToString());

        var plain = Losses(without.ToString());
        var lpips = Losses(with.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(without.ToString(), Does.Contain("notice: no LPIPS weights at /nowhere; the LPIPS terms of the mouth, face and fuse stages are skipped."));
            Assert.That(with.ToString(), Does.Contain("LPIPS terms on: test weights"));
            Assert.That(Range(lpips, "mouth", 1, 29), Is.EqualTo(Range(plain, "mouth", 1, 29)), "mouth before bg_iter");
            Assert.That(lpips[("mouth", 30)], Is.GreaterThan(plain[("mouth", 30)]), "mouth LPIPS at 30");
            Assert.That(Range(lpips, "face", 1, 45), Is.EqualTo(Range(plain, "face", 1, 45)), "face before lpips_start");
            Assert.That(lpips[("face", 46)], Is.GreaterThan(plain[("face", 46)]), "face LPIPS at 46");
            Assert.That(lpips[("face", 47)], Is.Not.EqualTo(plain[("face", 47)]), "face LPIPS at 47");
            Assert.That(lpips[("face", 48)], Is.Not.EqualTo(plain[("face", 48)]), "face LPIPS at 48");

            for (var it = 5; it <= 8; it++)
            {
                Assert.That(lpips[("fuse", it)], Is.Not.EqualTo(plain[("fuse", it)]), $"fuse LPIPS at {it}");
            }
        });
    }

    [Test]
    public void SameSeedWithLpipsGivesIdenticalModelBytes()
    {
        var data = SyntheticScene.Open();
        using var temp = new TempDirectory();
        var method = new TalkingGaussianMethod(Short with { LogInterval = 0 });
        method.Train(data, temp.Combine("a"), Context(TextWriter.Null, Loss(), null));
        method.Train(data, temp.Combine("b"), Context(TextWriter.Null, Loss(), null));
        Assert.That(
            File.ReadAllBytes(Path.Combine(temp.Combine("b"), TalkingGaussianModel.TensorsFile)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.Combine("a"), TalkingGaussianModel.TensorsFile))));
    }

    private static TestLpips Loss()
    {
        var folder = Weights.Value.Path;
        Assert.That(LpipsWeights.TryLoad(LpipsNet.Alex, folder, out var network, out var hint), Is.True, hint);
        return new TestLpips(new LpipsLoss(network!));
    }

    private static MethodContext Context(TextWriter log, IPerceptualLoss? loss, string? missing) =>
        new(7, 2, log, new Progress<MethodProgress>(), CancellationToken.None) { PerceptualLoss = loss, PerceptualLossMissing = missing };

    private static Dictionary<(string Branch, int It), double> Losses(string log) =>
        LossLine().Matches(log).ToDictionary(
            m => (m.Groups[1].Value, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)),
            m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));

    private static double[] Range(Dictionary<(string Branch, int It), double> losses, string branch, int first, int last) =>
        [.. Enumerable.Range(first, last - first + 1).Select(it => losses[(branch, it)])];

    [GeneratedRegex(@"^(mouth|face|fuse) (\d+)/\d+: loss ([0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex LossLine();

    private sealed class TestLpips(LpipsLoss loss) : IPerceptualLoss
    {
        public string Description => "test weights";

        public int MinimumSide => loss.Network.MinimumSide;

        public Tensor<float> Distances(Tensor<float> images, Tensor<float> targets) => loss.Distances(images, targets);
    }
}
