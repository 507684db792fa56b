using NUnit.Framework;
using Research.Metrics.Sync;
using Research.Tensors;
using Research.Tensors.Serialization;
using Research.Testing;

namespace Research.Metrics.Tests.Sync;

[TestFixture]
public sealed class SyncNetModelTests
{
    [Test]
    public void Exposes_every_state_dict_name_once()
    {
        var model = SyncNetModel.FromTensors(SyncNetTestWeights.Create(1), "generated");
        var names = model.NamedParameters().Select(p => p.Name).Concat(model.NamedBuffers().Select(b => b.Name)).Order(StringComparer.Ordinal).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(SyncNetArchitecture.ExpectedTensors.Select(t => t.Name).Order(StringComparer.Ordinal)));
            Assert.That(names, Does.Contain("netcnnaud.0.weight").And.Contain("netcnnaud.1.running_mean").And.Contain("netfcaud.0.weight").And.Contain("netcnnlip.19.running_var").And.Contain("netfclip.3.bias"));
            Assert.That(model.NamedBuffers().All(b => b.Name.EndsWith("running_mean", StringComparison.Ordinal) || b.Name.EndsWith("running_var", StringComparison.Ordinal)), Is.True);
            Assert.That(model.NamedBuffers().Count(), Is.EqualTo(2 * 14));
            Assert.That(model.IsTraining, Is.False);
        });
    }

    [Test]
    public void Parameter_count_matches_the_documented_total()
    {
        // metrics.md §9: 13,622,976 conv/linear values + 8,640 BN affine + 8,640 BN running values.
        var total = SyncNetArchitecture.ExpectedTensors.Sum(t => (long)t.Shape.Aggregate(1, (a, b) => a * b));
        Assert.That(total, Is.EqualTo(13_622_976L + 8_640 + 8_640));
    }

    [Test]
    public void Audio_stream_matches_the_naive_reference()
    {
        var tensors = SyncNetTestWeights.Create(2);
        var model = SyncNetModel.FromTensors(tensors, "generated");
        var state = SyncNetTestWeights.ToDictionary(tensors);
        var rng = new Random(3);
        const int n = 3;
        var input = new float[n * 13 * 20];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((rng.NextDouble() * 40) - 20);
        }

        var output = model.ForwardAudio(Tensor.FromArray(input, n, 1, 13, 20)).ToArray();
        Assert.That(output, Has.Length.EqualTo(n * 1024));
        for (var b = 0; b < n; b++)
        {
            var expected = SyncNetReference.Audio(state, [.. input.Skip(b * 260).Take(260).Select(v => (double)v)]);
            AssertClose(output.AsSpan(b * 1024, 1024).ToArray(), expected, 1e-5);
        }
    }

    [Test]
    public void Lip_stream_matches_the_naive_reference_on_one_window()
    {
        var tensors = SyncNetTestWeights.Create(4);
        var model = SyncNetModel.FromTensors(tensors, "generated");
        var state = SyncNetTestWeights.ToDictionary(tensors);
        var rng = new Random(5);
        const int window = 3 * 5 * 224 * 224;
        var input = new float[2 * window];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = rng.Next(256);
        }

        var output = model.ForwardLip(Tensor.FromArray(input, 2, 3, 5, 224, 224)).ToArray();
        var expected = SyncNetReference.Lip(state, [.. input.Skip(window).Take(window).Select(v => (double)v)]);
        AssertClose(output.AsSpan(1024, 1024).ToArray(), expected, 1e-5);
    }

    [Test]
    public void Overlapping_window_path_matches_the_tensor_path()
    {
        // 3 windows from frames 2..8 of 9 BGR frames: ForwardLipWindows (shared im2col, reordered K) vs ForwardLip.
        var model = SyncNetModel.FromTensors(SyncNetTestWeights.Create(8), "generated");
        var rng = new Random(9);
        const int plane = 224 * 224;
        var frames = Enumerable.Range(0, 9).Select(_ => Enumerable.Range(0, 3 * plane).Select(_ => (float)rng.Next(256)).ToArray()).ToArray();
        var input = new float[3 * 3 * 5 * plane];
        for (var b = 0; b < 3; b++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var t = 0; t < 5; t++)
                {
                    frames[2 + b + t].AsSpan(c * plane, plane).CopyTo(input.AsSpan((((((b * 3) + c) * 5) + t) * plane), plane));
                }
            }
        }

        var expected = model.ForwardLip(Tensor.FromArray(input, 3, 3, 5, 224, 224)).ToArray();
        var actual = model.ForwardLipWindows(frames, 2, 3).ToArray();
        var scale = expected.Max(Math.Abs);
        Assert.That(actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) / scale, Is.LessThan(1e-5));
        Assert.That(() => model.ForwardLipWindows(frames, 6, 1), Throws.ArgumentException.With.Message.Contains("need 11 frames, got 9"));
    }

    [Test]
    public void Streams_reject_wrong_input_shapes()
    {
        var model = SyncNetModel.FromTensors(SyncNetTestWeights.Create(1), "generated");
        Assert.Multiple(() =>
        {
            Assert.That(() => model.ForwardLip(Tensor.Zeros<float>(1, 3, 5, 512, 512)), Throws.ArgumentException.With.Message.Contains("[1, 3, 5, 512, 512]").And.Message.Contains("224"));
            Assert.That(() => model.ForwardAudio(Tensor.Zeros<float>(1, 1, 13, 21)), Throws.ArgumentException.With.Message.Contains("N×1×13×20"));
        });
    }

    [Test]
    public void Loads_safetensors_and_ignores_num_batches_tracked()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("syncnet_v2.safetensors");
        var tensors = SyncNetTestWeights.Create(6, withBatchesTracked: true);
        SafetensorsFile.Write(path, tensors);
        var loaded = SyncNetModel.Load(path);
        var direct = SyncNetModel.FromTensors(tensors, "generated");
        var input = Tensor.FromArray(Enumerable.Range(0, 260).Select(i => (float)Math.Sin(i)).ToArray(), 1, 1, 13, 20);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.SourceName, Is.EqualTo(path));
            Assert.That(loaded.ForwardAudio(input).ToArray(), Is.EqualTo(direct.ForwardAudio(input).ToArray()));
            Assert.That(loaded.NamedParameters().First(p => p.Name == "netcnnlip.0.weight").Tensor.ToArray(), Is.EqualTo(tensors.First(t => t.Name == "netcnnlip.0.weight").ToFloat32()));
        });
    }

    [Test]
    public void Loads_a_torch_zip_state_dict()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("syncnet_v2.model");
        var tensors = SyncNetTestWeights.Create(10);
        File.WriteAllBytes(path, TestWeightFiles.TorchFile(tensors, legacy: false));
        var loaded = SyncNetModel.Load(path);
        Assert.Multiple(() =>
        {
            foreach (var (name, tensor) in loaded.NamedParameters().Concat(loaded.NamedBuffers()))
            {
                Assert.That(tensor.ToArray(), Is.EqualTo(tensors.First(t => t.Name == name).ToFloat32()), name);
            }
        });
    }

    [Test]
    public void Missing_and_misshaped_tensors_are_all_named()
    {
        var tensors = SyncNetTestWeights.Create(7).Where(t => t.Name != "netcnnaud.1.running_var").ToList();
        var index = tensors.FindIndex(t => t.Name == "netfclip.3.weight");
        tensors[index] = SafetensorsTensor.FromFloat32("netfclip.3.weight", new float[512 * 512], [512, 512]);
        Assert.That(
            () => SyncNetModel.FromTensors(tensors, "weights.pth"),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("weights.pth")
                .And.Message.Contains("missing tensor 'netcnnaud.1.running_var' (expected shape [64])")
                .And.Message.Contains("tensor 'netfclip.3.weight' has shape [512, 512], expected [1024, 512]"));
    }

    [Test]
    public void A_missing_file_gives_an_actionable_message()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("syncnet_v2.model");
        Assert.Multiple(() =>
        {
            Assert.That(
                () => SyncNetModel.Load(path),
                Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(path)
                    .And.Message.Contains("syncnet_v2.model")
                    .And.Message.Contains("robots.ox.ac.uk/~vgg/software/lipsync/data/syncnet_v2.model")
                    .And.Message.Contains("Licence"));
            Assert.That(SyncNetModel.TryLoad(path, out var model, out var message), Is.False);
            Assert.That(model, Is.Null);
            Assert.That(message, Does.Contain("download_model.sh"));
        });
    }

    [Test]
    public void A_damaged_torch_file_names_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("syncnet_v2.model");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Multiple(() =>
        {
            Assert.That(() => SyncNetModel.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("syncnet_v2.model"));
            Assert.That(SyncNetModel.TryLoad(path, out _, out var message), Is.False);
            Assert.That(message, Does.Contain("syncnet_v2.model"));
        });
    }

    private static void AssertClose(float[] actual, double[] expected, double relative)
    {
        var scale = Math.Max(1e-3, expected.Max(Math.Abs));
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / scale);
        }

        TestContext.Out.WriteLine($"max |error| / max |expected| = {worst:E2} (scale {scale:G4})");
        Assert.That(worst, Is.LessThan(relative));
    }
}
