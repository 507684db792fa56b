using NUnit.Framework;
using Research.Metrics.Lpips;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Metrics.Tests.Lpips;

/// <summary>
/// Loading trunk and lin files written in every layout the published files use (torch zip like torchvision, torch
/// legacy like lpips/weights/v0.1, and converted safetensors), and the errors for wrong or missing tensors.
/// </summary>
public class LpipsLoaderTests
{
    private static readonly Lazy<List<SafetensorsTensor>> Trunk = new(() => LpipsTestWeights.Trunk(LpipsNet.Alex, 41));
    private static readonly Lazy<List<SafetensorsTensor>> Lin = new(() => LpipsTestWeights.Lin(LpipsNet.Alex, 42));

    private static double Expected(LpipsNetwork reference) =>
        reference.Distance(LpipsNetworkTests.RandomImage(40, 36, 1), LpipsNetworkTests.RandomImage(40, 36, 2));

    private static string Write(TempDirectory dir, string name, IReadOnlyList<SafetensorsTensor> tensors, string layout)
    {
        var path = dir.Combine(name);
        switch (layout)
        {
            case "zip":
                File.WriteAllBytes(path, TestWeightFiles.TorchFile(tensors, legacy: false, "alexnet-owt-7be5be79"));
                break;
            case "legacy":
                File.WriteAllBytes(path, TestWeightFiles.TorchFile(tensors, legacy: true));
                break;
            default:
                SafetensorsFile.Write(path, tensors);
                break;
        }

        return path;
    }

    [TestCase("zip", "legacy")]
    [TestCase("legacy", "zip")]
    [TestCase("safetensors", "safetensors")]
    [TestCase("zip", "safetensors")]
    public void LoadsEveryLayout(string trunkLayout, string linLayout)
    {
        using var dir = new TempDirectory();
        var trunkPath = Write(dir, trunkLayout == "safetensors" ? "alexnet-owt-7be5be79.safetensors" : "alexnet-owt-7be5be79.pth", Trunk.Value, trunkLayout);
        var linPath = Write(dir, linLayout == "safetensors" ? "alex.safetensors" : "alex.pth", Lin.Value, linLayout);
        var loaded = LpipsNetwork.Load(LpipsNet.Alex, trunkPath, linPath);
        var inMemory = LpipsNetwork.FromTensors(LpipsNet.Alex, Trunk.Value, Lin.Value);
        Assert.That(Expected(loaded), Is.EqualTo(Expected(inMemory)));
        Assert.That(loaded.LinWeights(4), Is.EqualTo(Lin.Value[4].ToFloat32()));
    }

    [Test]
    public void WrongShapeNamesFileTensorAndExpectedShape()
    {
        using var dir = new TempDirectory();
        var lin = Lin.Value.ToList();
        lin[2] = SafetensorsTensor.FromFloat32("lin2.model.1.weight", new float[256], [1, 256, 1, 1]);
        var trunkPath = Write(dir, "alexnet-owt-7be5be79.pth", Trunk.Value, "zip");
        var linPath = Write(dir, "alex.pth", lin, "legacy");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Alex, trunkPath, linPath),
            Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains(linPath)
                .And.Message.Contains("'lin2.model.1.weight' has shape [1, 256, 1, 1], expected [1, 384, 1, 1]"));
    }

    [Test]
    public void MissingTensorNamesFileTensorAndExpectedShape()
    {
        using var dir = new TempDirectory();
        var trunk = Trunk.Value.Where(t => t.Name != "features.8.bias").ToList();
        var trunkPath = Write(dir, "alexnet-owt-7be5be79.pth", trunk, "zip");
        var linPath = Write(dir, "alex.pth", Lin.Value, "legacy");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Alex, trunkPath, linPath),
            Throws.TypeOf<InvalidDataException>()
                .With.Message.Contains(trunkPath)
                .And.Message.Contains("'features.8.bias' [256] is missing")
                .And.Message.Contains("alexnet-owt-7be5be79.pth"));
    }

    [Test]
    public void SwappedFilesAreReportedNotCrashed()
    {
        using var dir = new TempDirectory();
        var trunkPath = Write(dir, "alexnet-owt-7be5be79.safetensors", Trunk.Value, "safetensors");
        var linPath = Write(dir, "alex.safetensors", Lin.Value, "safetensors");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Alex, linPath, trunkPath),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'features.0.weight' [64, 3, 11, 11] is missing"));
    }

    [Test]
    public void AlexFilesDoNotLoadAsVgg()
    {
        using var dir = new TempDirectory();
        var trunkPath = Write(dir, "alexnet-owt-7be5be79.safetensors", Trunk.Value, "safetensors");
        var linPath = Write(dir, "alex.safetensors", Lin.Value, "safetensors");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Vgg, trunkPath, linPath),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("'features.0.weight' has shape [64, 3, 11, 11], expected [64, 3, 3, 3]"));
    }

    [Test]
    public void NonFloatTensorIsRejected()
    {
        var lin = Lin.Value.ToList();
        lin[0] = SafetensorsTensor.FromInt64("lin0.model.1.weight", new long[64], [1, 64, 1, 1]);
        Assert.That(
            () => LpipsNetwork.FromTensors(LpipsNet.Alex, Trunk.Value, lin),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("lin tensors: tensor 'lin0.model.1.weight' [1, 64, 1, 1] has dtype I64"));
    }

    [Test]
    public void NonFiniteWeightIsRejected()
    {
        var lin = Lin.Value.ToList();
        var values = new float[64];
        values[5] = float.NaN;
        lin[0] = SafetensorsTensor.FromFloat32("lin0.model.1.weight", values, [1, 64, 1, 1]);
        Assert.That(
            () => LpipsNetwork.FromTensors(LpipsNet.Alex, Trunk.Value, lin),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("non-finite value (NaN) at element 5"));
    }

    [Test]
    public void AbsentOrGarbageFilesGiveClearErrors()
    {
        using var dir = new TempDirectory();
        var linPath = Write(dir, "alex.pth", Lin.Value, "legacy");
        var missing = dir.Combine("nope.pth");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Alex, missing, linPath),
            Throws.TypeOf<FileNotFoundException>().With.Message.Contains(missing).And.Message.Contains("docs/weights.md"));
        var garbage = dir.Combine("garbage.pth");
        File.WriteAllText(garbage, "<html>404</html>");
        Assert.That(
            () => LpipsNetwork.Load(LpipsNet.Alex, garbage, linPath),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("garbage.pth"));
    }
}
