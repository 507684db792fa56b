using NUnit.Framework;
using Research.Tensors.Serialization;
using Research.Tensors.Serialization.Torch;

namespace Research.Tensors.Tests.Serialization.Torch;

/// <summary>
/// The published LPIPS v0.1 lin files (legacy format, Python 2 pickles, 'cuda:0' storages). Opt-in: set
/// LPIPS_WEIGHTS_DIR to a folder holding alex.pth, vgg.pth and squeeze.pth (lpips/weights/v0.1 of the
/// PerceptualSimilarity repository or the lpips wheel); skipped otherwise, the files are not in this repository.
/// </summary>
public class TorchCheckpointLpipsFileTests
{
    [TestCase("alex.pth", new[] { 64, 192, 384, 256, 256 })]
    [TestCase("vgg.pth", new[] { 64, 128, 256, 512, 512 })]
    [TestCase("squeeze.pth", new[] { 64, 128, 256, 384, 384, 512, 512 })]
    public void ReadsThePublishedLinFile(string file, int[] channels)
    {
        var directory = Environment.GetEnvironmentVariable("LPIPS_WEIGHTS_DIR");
        if (string.IsNullOrEmpty(directory) || !File.Exists(Path.Combine(directory, file)))
        {
            Assert.Ignore("Set LPIPS_WEIGHTS_DIR to the lpips/weights/v0.1 folder to run this test.");
        }

        var doc = TorchCheckpoint.Read(Path.Combine(directory, file));
        Assert.That(doc.Format, Is.EqualTo(TorchCheckpointFormat.Legacy));
        Assert.That(doc.Info["type_sizes.long"], Is.EqualTo("4"));
        Assert.That(doc.Names, Is.EqualTo(channels.Select((_, i) => $"lin{i}.model.1.weight")));
        for (var i = 0; i < channels.Length; i++)
        {
            var tensor = doc[$"lin{i}.model.1.weight"];
            Assert.That(tensor.DType, Is.EqualTo(SafetensorsDType.F32));
            Assert.That(tensor.Shape, Is.EqualTo(new[] { 1, channels[i], 1, 1 }));
            var values = tensor.ToFloat32();
            Assert.That(values, Has.All.Matches<float>(v => float.IsFinite(v) && v >= 0), "v0.1 lin weights are clamped to be non-negative");
            Assert.That(values.Sum(), Is.GreaterThan(0));
        }
    }
}
