using System.Text.Json;
using NUnit.Framework;
using Research.Datasets.ErNerf;
using Research.Datasets.ErNerf.Checking;
using Research.Datasets.Synthetic;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Head;
using Research.Datasets.Synthetic.Rendering;
using Research.Datasets.Synthetic.Camera;
using Research.Media.Ffmpeg;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Testing;

namespace Research.Datasets.Tests.Synthetic;

[TestFixture]
public sealed class SyntheticDatasetWriterTests
{
    // 11 frames: 10 train, 1 val.
    private static readonly SyntheticHeadOptions Options = new() { Seconds = 0.44, Resolution = 64, IdentitySeed = 3, MotionSeed = 9, Threads = 2 };

    private TempDirectory scratch = null!;
    private string dataset = null!;
    private Performance performance = null!;

    [OneTimeSetUp]
    public async Task GenerateOnce()
    {
        scratch = new TempDirectory();
        dataset = scratch.Combine("clip");
        await SyntheticDatasetGenerator.GenerateAsync(dataset, Options);
        performance = PerformanceGenerator.Generate(new PerformanceOptions { Seconds = Options.Seconds, Fps = Options.Fps, MotionSeed = Options.MotionSeed, IdentitySeed = Options.IdentitySeed });
    }

    [OneTimeTearDown]
    public void Cleanup() => scratch.Dispose();

    [Test]
    public void Layout_IsComplete_AndPassesTheDatasetChecker()
    {
        var count = performance.FrameCount;
        var report = DatasetChecker.Check(dataset);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(count, Is.EqualTo(11));
            foreach (var (folder, extension) in new[] { (ErNerfLayout.OriginalImages, ".png"), (ErNerfLayout.OriginalImages, ".lms"), (ErNerfLayout.Parsing, ".png"), (ErNerfLayout.TeethMasks, ".npy"), (ErNerfLayout.TorsoImages, ".png"), (ErNerfLayout.GroundTruthImages, ".png") })
            {
                Assert.That(Directory.GetFiles(Path.Combine(dataset, folder), "*" + extension), Has.Length.EqualTo(count), folder + extension);
            }

            foreach (var file in new[] { "bc.png", "aud.wav", "au.csv", "transforms_train.json", "transforms_val.json" })
            {
                Assert.That(File.Exists(Path.Combine(dataset, file)), Is.True, file);
            }

            foreach (var file in new[] { "blendshapes.npy", "blendshape_names.json", "pose.npy", "landmarks3d.npy", "identity.json", "phonemes.json", "vowel_openness.npy" })
            {
                Assert.That(File.Exists(Path.Combine(dataset, "synthetic", file)), Is.True, file);
            }

            // Audio features come from the pipeline's audio-features stage (log-mel from aud.wav); nothing else is missing.
            Assert.That(report.Issues, Is.Empty, string.Join("\n", report.Issues));
            Assert.That(report.Summary.FrameCount, Is.EqualTo(count));
        }
    }

    [Test]
    public void ParsingLabels_RoundTripThroughTheImporter()
    {
        var identity = HeadIdentity.FromSeed(Options.IdentitySeed);
        var size = Options.Resolution;
        var renderer = new SyntheticFrameRenderer(HeadMesh.Build(identity), HeadPlacement.Camera(size, size), BackgroundPlate.Create(size, size, identity.BackgroundSeed), Options.Supersample);
        var frame = new RenderedFrame(size, size);
        var imported = ErNerfDataset.Open(dataset);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(imported.ParsingChannelOrder, Is.EqualTo(ParsingChannelOrder.Rgb));
            foreach (var i in new[] { 0, 5, 10 })
            {
                renderer.Render(performance.Weights(i), performance.Poses[i], frame);
                var labels = imported.LoadParsingLabels(i);
                Assert.That(labels.Select(l => (byte)l), Is.EqualTo(frame.Labels).AsCollection, $"frame {i}");
                Assert.That(imported.LoadTeethMask(i), Is.EqualTo(frame.Teeth).AsCollection, $"frame {i} teeth");
            }
        }
    }

    [Test]
    public void FrameFiles_HaveTheRightFormats()
    {
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < performance.FrameCount; i++)
            {
                var frame = PngFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.OriginalImages, i, ".png"));
                var parsing = PngFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.Parsing, i, ".png"));
                var torso = PngFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.TorsoImages, i, ".png"));
                var teeth = NpyFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.TeethMasks, i, ".npy"));
                Assert.That((frame.Width, frame.Height, frame.Channels), Is.EqualTo((64, 64, 3)));
                Assert.That((parsing.Width, parsing.Height, parsing.Channels), Is.EqualTo((64, 64, 3)));
                Assert.That((torso.Width, torso.Height, torso.Channels), Is.EqualTo((64, 64, 4)));
                Assert.That((teeth.DType, teeth.Shape.ToArray()), Is.EqualTo((NpyDType.Bool, new[] { 64, 64 })));
                Assert.That(File.ReadAllBytes(ErNerfLayout.FramePath(dataset, ErNerfLayout.GroundTruthImages, i, ".png")), Is.EqualTo(File.ReadAllBytes(ErNerfLayout.FramePath(dataset, ErNerfLayout.OriginalImages, i, ".png"))), "gt_imgs equals ori_imgs");
                for (var p = 0; p < 64 * 64; p++)
                {
                    var label = ParsingPalette.Classify(parsing.Pixels[p * 3], parsing.Pixels[(p * 3) + 1], parsing.Pixels[(p * 3) + 2]);
                    Assert.That(label, Is.Not.Null, $"frame {i} pixel {p} is a palette colour");
                    if (teeth.AsBool()[p])
                    {
                        Assert.That(label, Is.EqualTo(ParsingClass.InnerMouth), $"frame {i} pixel {p}: teeth are inner mouth");
                    }
                }
            }
        }

        var audio = WavFile.Read(Path.Combine(dataset, "aud.wav"));
        Assert.That((audio.SampleRate, audio.Channels, audio.Samples.Length), Is.EqualTo((16000, 1, performance.Audio.Samples.Length)));
    }

    [Test]
    public void Landmarks_AreTheProjectionsOfTheGroundTruth_ThroughTheWrittenCameras()
    {
        var train = TransformsFile.Read(Path.Combine(dataset, "transforms_train.json"));
        var val = TransformsFile.Read(Path.Combine(dataset, "transforms_val.json"));
        var cameras = train.Frames.Concat(val.Frames).ToArray();
        var landmarks3D = NpyFile.Read(Path.Combine(dataset, "synthetic", "landmarks3d.npy")).AsFloat64();
        var weights = NpyFile.Read(Path.Combine(dataset, "synthetic", "blendshapes.npy")).AsFloat32();
        var mesh = HeadMesh.Build(HeadIdentity.FromSeed(Options.IdentitySeed));
        var positions = new float[mesh.RestPositions.Length];
        var f = train.FocalLength;
        using (Assert.EnterMultipleScope())
        {
            for (var i = 0; i < cameras.Length; i++)
            {
                var lms = LandmarkFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.OriginalImages, i, ".lms"));
                mesh.Deform(weights.AsSpan(i * Performance.ExpressionCount, Performance.ExpressionCount), positions);
                var w2c = Invert(cameras[i].TransformMatrix);
                for (var k = 0; k < 68; k++)
                {
                    // Ground-truth camera-space points project to the .lms positions.
                    var o = ((i * 68) + k) * 3;
                    var (u, v) = Project(f, train.Cx, train.Cy, landmarks3D[o], landmarks3D[o + 1], landmarks3D[o + 2]);
                    Assert.That(new[] { u, v }, Is.EqualTo(new[] { (double)lms[k].X, lms[k].Y }).Within(1e-3).AsCollection, $"frame {i} landmark {k} from landmarks3d");

                    // Head-space vertices (world = head / 10) through c2w⁻¹, scaled back by 10, project there too.
                    var vertex = mesh.LandmarkVertices[k] * 3;
                    double wx = positions[vertex] / 10.0, wy = positions[vertex + 1] / 10.0, wz = positions[vertex + 2] / 10.0;
                    var cx = ((w2c[0] * wx) + (w2c[1] * wy) + (w2c[2] * wz) + w2c[3]) * 10;
                    var cy = ((w2c[4] * wx) + (w2c[5] * wy) + (w2c[6] * wz) + w2c[7]) * 10;
                    var cz = ((w2c[8] * wx) + (w2c[9] * wy) + (w2c[10] * wz) + w2c[11]) * 10;
                    var (u2, v2) = Project(f, train.Cx, train.Cy, cx, cy, cz);
                    Assert.That(new[] { u2, v2 }, Is.EqualTo(new[] { (double)lms[k].X, lms[k].Y }).Within(1e-3).AsCollection, $"frame {i} landmark {k} through transforms");
                }
            }
        }
    }

    [Test]
    public void Transforms_AreRigid_AndSplitLikeErNerf()
    {
        var train = TransformsFile.Read(Path.Combine(dataset, "transforms_train.json"));
        var val = TransformsFile.Read(Path.Combine(dataset, "transforms_val.json"));
        var pose = NpyFile.Read(Path.Combine(dataset, "synthetic", "pose.npy"));
        var count = performance.FrameCount;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(train.Frames, Has.Count.EqualTo(count * 10 / 11));
            Assert.That(train.Frames.Concat(val.Frames).Select(c => c.ImageId), Is.EqualTo(Enumerable.Range(0, count)));
            Assert.That(train.Frames.Concat(val.Frames).Select(c => c.AudioId), Is.EqualTo(Enumerable.Range(0, count)));
            Assert.That((train.FocalLength, train.Cx, train.Cy), Is.EqualTo((128.0, 32.0, 32.0)));
            Assert.That(pose.Shape.ToArray(), Is.EqualTo(new[] { count, 6 }));
            foreach (var camera in train.Frames.Concat(val.Frames))
            {
                var m = camera.TransformMatrix;
                for (var a = 0; a < 3; a++)
                {
                    for (var b = 0; b < 3; b++)
                    {
                        var dot = (m[a] * m[b]) + (m[4 + a] * m[4 + b]) + (m[8 + a] * m[8 + b]);
                        Assert.That(dot, Is.EqualTo(a == b ? 1 : 0).Within(1e-12), $"frame {camera.ImageId}: columns {a}, {b}");
                    }
                }

                Assert.That(m.Skip(12), Is.EqualTo(new double[] { 0, 0, 0, 1 }));

                // The translation is −Rᵀ·t/10 with t from pose.npy.
                var p = pose.AsFloat64().AsSpan(camera.ImageId * 6, 6);
                for (var a = 0; a < 3; a++)
                {
                    var expected = -((m[a * 4] * p[3]) + (m[(a * 4) + 1] * p[4]) + (m[(a * 4) + 2] * p[5])) / 10;
                    Assert.That(m[(a * 4) + 3], Is.EqualTo(expected).Within(1e-12));
                }
            }
        }
    }

    [Test]
    public void ActionUnits_AndGroundTruth_FollowThePerformance()
    {
        var table = OpenFaceCsv.Read(Path.Combine(dataset, "au.csv"));
        var blendshapes = NpyFile.Read(Path.Combine(dataset, "synthetic", "blendshapes.npy"));
        var names = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(dataset, "synthetic", "blendshape_names.json")));
        var pose = NpyFile.Read(Path.Combine(dataset, "synthetic", "pose.npy")).AsFloat64();
        var openness = NpyFile.Read(Path.Combine(dataset, "synthetic", "vowel_openness.npy")).AsFloat32();
        var count = performance.FrameCount;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.RowCount, Is.EqualTo(count));
            Assert.That(table.Column("frame"), Is.EqualTo(Enumerable.Range(1, count).Select(i => (double)i)));
            Assert.That(table.Column("timestamp"), Is.EqualTo(Enumerable.Range(0, count).Select(i => i / 25.0)).Within(0.0005));
            Assert.That(names, Is.EqualTo(Enum.GetNames<Expression>()));
            Assert.That(blendshapes.Shape.ToArray(), Is.EqualTo(new[] { count, Performance.ExpressionCount }));
            Assert.That(openness, Is.EqualTo(performance.VowelOpenness));
            for (var i = 0; i < count; i++)
            {
                Assert.That(blendshapes.AsFloat32().AsSpan(i * Performance.ExpressionCount, Performance.ExpressionCount).ToArray(), Is.EqualTo(performance.Weights(i).ToArray()), $"frame {i} weights");
                foreach (var (unit, expression) in SyntheticActionUnits.Mapping)
                {
                    var intensity = Math.Clamp(5 * performance.Weight(i, expression), 0, 5);
                    Assert.That(table.Column(unit + "_r")[i], Is.EqualTo(intensity).Within(0.005), $"frame {i} {unit}");
                    Assert.That(table.Column(unit + "_c")[i], Is.EqualTo(table.Column(unit + "_r")[i] >= 1 ? 1 : 0), $"frame {i} {unit} occurrence");
                }

                Assert.That(table.Column("AU05_r")[i], Is.Zero);
                Assert.That(table.Column("pose_Tz")[i], Is.EqualTo(pose[(i * 6) + 5] * 100).Within(0.05), "millimetres");
                Assert.That(table.Column("pose_Rx")[i], Is.EqualTo(performance.Poses[i].Pitch).Within(0.0005));
                Assert.That(table.Column("x_30")[i], Is.EqualTo(LandmarkFile.Read(ErNerfLayout.FramePath(dataset, ErNerfLayout.OriginalImages, i, ".lms"))[30].X).Within(0.05));
            }
        }
    }

    [Test]
    public async Task SameOptions_GiveIdenticalBytes_WhateverTheThreadCount()
    {
        using var other = new TempDirectory();
        await SyntheticDatasetGenerator.GenerateAsync(other.Path, Options with { Threads = 1 });
        var files = Directory.GetFiles(dataset, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dataset, f)).Order(StringComparer.Ordinal).ToArray();
        var again = Directory.GetFiles(other.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(other.Path, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.That(again, Is.EqualTo(files));
        using (Assert.EnterMultipleScope())
        {
            foreach (var file in files)
            {
                Assert.That(File.ReadAllBytes(Path.Combine(other.Path, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dataset, file))), Is.True, file);
            }
        }
    }

    [Test]
    public async Task OtherIdentitySeed_ChangesTheLook()
    {
        using var other = new TempDirectory();
        await SyntheticDatasetGenerator.GenerateAsync(other.Path, Options with { IdentitySeed = 4, Seconds = 0.04 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadAllBytes(Path.Combine(other.Path, "ori_imgs", "0.png")), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(dataset, "ori_imgs", "0.png"))));
            Assert.That(File.ReadAllText(Path.Combine(other.Path, "synthetic", "identity.json")), Is.Not.EqualTo(File.ReadAllText(Path.Combine(dataset, "synthetic", "identity.json"))));
            Assert.That(File.ReadAllBytes(Path.Combine(other.Path, "bc.png")), Is.Not.EqualTo(File.ReadAllBytes(Path.Combine(dataset, "bc.png"))));
        }
    }

    [Test]
    public async Task SeveralIdentities_GetTheirOwnLayouts()
    {
        using var root = new TempDirectory();
        var progress = new List<SyntheticProgress>();
        await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options with { Identities = 2, Seconds = 0.08 }, progress: new SynchronousProgress(progress));
        var entries = JsonDocument.Parse(File.ReadAllText(root.Combine("identities.json"))).RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries.GetArrayLength(), Is.EqualTo(2));
            foreach (var k in new[] { 0, 1 })
            {
                Assert.That(File.Exists(root.Combine($"identity_{k}", "transforms_train.json")), Is.True);
                Assert.That(entries[k].GetProperty("folder").GetString(), Is.EqualTo($"identity_{k}"));
                Assert.That(entries[k].GetProperty("identity_seed").GetInt32(), Is.EqualTo((Options with { Identities = 2 }).IdentitySeedOf(k)));
            }

            Assert.That(File.ReadAllText(root.Combine("identity_0", "synthetic", "identity.json")), Is.Not.EqualTo(File.ReadAllText(root.Combine("identity_1", "synthetic", "identity.json"))));
            Assert.That(progress[^1], Is.EqualTo(new SyntheticProgress(1, 2, 2, 2)));
            Assert.That(progress.Where(p => p.Identity == 0).Select(p => p.FramesDone), Is.Ordered);
        }
    }

    [Test]
    public async Task HandMadePerformance_TeethMaskFollowsTheJaw()
    {
        using var root = new TempDirectory();
        var closed = new float[Performance.ExpressionCount];
        var open = SyntheticTestData.Weights((Expression.JawDrop, 0.8f), (Expression.LipsPart, 1f));
        var clip = SyntheticTestData.MakePerformance([closed, open, closed], [HeadPose.Rest, HeadPose.Rest, new HeadPose(0.1, 0.1, 0, 0, 0, 0)]);
        await SyntheticDatasetWriter.WriteAsync(root.Path, clip, HeadIdentity.FromSeed(8), Options with { Resolution = 96 });
        int Teeth(int i) => NpyFile.Read(root.Combine("teeth_mask", $"{i}.npy")).AsBool().Count(t => t);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Teeth(0), Is.Zero);
            Assert.That(Teeth(1), Is.Positive);
            Assert.That(Teeth(2), Is.Zero);
        }
    }

    [Test]
    public async Task Resolution512_Works()
    {
        using var root = new TempDirectory();
        await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options with { Resolution = 512, Seconds = 0.08 });
        var frame = PngFile.Read(root.Combine("ori_imgs", "1.png"));
        var torso = PngFile.Read(root.Combine("torso_imgs", "1.png"));
        var teeth = NpyFile.Read(root.Combine("teeth_mask", "1.npy"));
        var transforms = TransformsFile.Read(root.Combine("transforms_train.json"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That((frame.Width, frame.Height, frame.Channels, torso.Channels), Is.EqualTo((512, 512, 3, 4)));
            Assert.That(teeth.Shape.ToArray(), Is.EqualTo(new[] { 512, 512 }));
            Assert.That((transforms.FocalLength, transforms.Cx), Is.EqualTo((1024.0, 256.0)));
        }
    }

    [Test]
    public void Cancellation_StopsTheWriter()
    {
        using var root = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.That(async () => await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options, cancellationToken: cancel.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void BadOptions_AreRejectedBeforeAnyWork()
    {
        using var root = new TempDirectory();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(async () => await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options with { Resolution = 8 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(async () => await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options with { Identities = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(Directory.EnumerateFileSystemEntries(root.Path), Is.Empty);
        }
    }

    [Test]
    public void BadPerformance_IsRejectedWithAReason()
    {
        using var root = new TempDirectory();
        var weights = new[] { new float[Performance.ExpressionCount] };
        var nanPose = SyntheticTestData.MakePerformance(weights, [new HeadPose(double.NaN, 0, 0, 0, 0, 0)]);
        var stereo = new Performance(25, new Media.Audio.AudioClip(16000, 2, new float[1280]), [], new float[Performance.ExpressionCount], [HeadPose.Rest], [0f]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(async () => await SyntheticDatasetWriter.WriteAsync(root.Path, nanPose, HeadIdentity.FromSeed(1), Options), Throws.ArgumentException.With.Message.Contains("non-finite head pose"));
            Assert.That(async () => await SyntheticDatasetWriter.WriteAsync(root.Path, stereo, HeadIdentity.FromSeed(1), Options), Throws.ArgumentException.With.Message.Contains("16 kHz mono"));
        }
    }

    [Test]
    public async Task WithFfmpeg_TheClipIsEncoded()
    {
        ExternalTools.RequireFfmpeg();
        using var root = new TempDirectory();
        await SyntheticDatasetGenerator.GenerateAsync(root.Path, Options with { Seconds = 0.2 }, new FfmpegTools());
        var probe = ExternalTools.Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", root.Combine("clip.mp4"));
        Assert.That(probe.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Is.EquivalentTo(new[] { "video", "audio" }));
    }

    private static (double U, double V) Project(double f, double cx, double cy, double x, double y, double z) => ((-f * x / z) + cx, (f * y / z) + cy);

    /// <summary>Inverse of a rigid 4×4 [R t; 0 1]: [Rᵀ −Rᵀt; 0 1].</summary>
    private static double[] Invert(IReadOnlyList<double> m)
    {
        var inverse = new double[16];
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                inverse[(a * 4) + b] = m[(b * 4) + a];
            }

            inverse[(a * 4) + 3] = -((m[a] * m[3]) + (m[4 + a] * m[7]) + (m[8 + a] * m[11]));
        }

        inverse[15] = 1;
        return inverse;
    }

    private sealed class SynchronousProgress(List<SyntheticProgress> sink) : IProgress<SyntheticProgress>
    {
        public void Report(SyntheticProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
