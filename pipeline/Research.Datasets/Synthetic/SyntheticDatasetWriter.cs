using System.Collections.Concurrent;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Research.Datasets.ErNerf;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Camera;
using Research.Datasets.Synthetic.Head;
using Research.Datasets.Synthetic.Rendering;
using Research.Media.Ffmpeg;
using Research.Media.Imaging;
using Research.Media.IO;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Media.Wav;

namespace Research.Datasets.Synthetic;

/// <summary>
/// Writes one person's performance as an ER-NeRF / TalkingGaussian dataset folder, with exact ground truth in
/// <c>synthetic/</c> (see docs/synthetic-head.md for every file). Frames are rendered and written in parallel in
/// small batches, so memory stays flat however long the clip is; each frame depends only on its own inputs, so the
/// bytes do not depend on the thread count.
/// </summary>
public static class SyntheticDatasetWriter
{
    /// <summary>[N, E] float32 expression weights, columns in <see cref="Expression"/> order.</summary>
    public const string BlendshapesFile = "blendshapes.npy";

    /// <summary>Column names of <see cref="BlendshapesFile"/>.</summary>
    public const string BlendshapeNamesFile = "blendshape_names.json";

    /// <summary>[N, 6] float64: pitch, yaw, roll (radians), tx, ty, tz (tracking units) of the head-to-camera transform.</summary>
    public const string PoseFile = "pose.npy";

    /// <summary>[N, 68, 3] float64: landmark positions in camera space.</summary>
    public const string Landmarks3DFile = "landmarks3d.npy";

    /// <summary>All identity parameters.</summary>
    public const string IdentityFile = "identity.json";

    /// <summary>The phoneme timeline.</summary>
    public const string PhonemesFile = "phonemes.json";

    /// <summary>[N] float32: the synthesiser's vowel openness per frame.</summary>
    public const string VowelOpennessFile = "vowel_openness.npy";

    private const double LandmarkConfidence = 0.98;

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes the dataset of <paramref name="performance"/> played by <paramref name="identity"/> into <paramref name="directory"/>.</summary>
    /// <param name="directory">Target folder (created; existing files of the same names are replaced).</param>
    /// <param name="performance">Audio, expression weights and head poses.</param>
    /// <param name="identity">The person.</param>
    /// <param name="options">Resolution, supersampling and threads (seconds, fps and seeds are the performance's business).</param>
    /// <param name="ffmpeg">When given, also encodes <c>clip.mp4</c> (frames + audio).</param>
    /// <param name="progress">Frames written; <see cref="SyntheticProgress.Identity"/> is 0 of 1.</param>
    /// <param name="cancellationToken">Stops between batches of frames.</param>
    public static Task WriteAsync(
        string directory,
        Performance performance,
        HeadIdentity identity,
        SyntheticHeadOptions options,
        FfmpegTools? ffmpeg = null,
        IProgress<SyntheticProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(directory, performance, identity, options, ffmpeg, progress is null ? null : new Action<int, int>((done, total) => progress.Report(new SyntheticProgress(0, 1, done, total))), cancellationToken);

    internal static async Task WriteAsync(
        string directory,
        Performance performance,
        HeadIdentity identity,
        SyntheticHeadOptions options,
        FfmpegTools? ffmpeg,
        Action<int, int>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(performance);
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Validate(performance);
        Directory.CreateDirectory(directory);

        var size = options.Resolution;
        var count = performance.FrameCount;
        var mesh = HeadMesh.Build(identity);
        var camera = HeadPlacement.Camera(size, size);
        var plate = BackgroundPlate.Create(size, size, identity.BackgroundSeed);
        PngFile.Write(Path.Combine(directory, ErNerfLayout.BackgroundStem + ".png"), plate);
        WavFile.Write(Path.Combine(directory, ErNerfLayout.Audio), performance.Audio, WavSampleFormat.Pcm16);
        foreach (var folder in (ReadOnlySpan<string>)[ErNerfLayout.OriginalImages, ErNerfLayout.Parsing, ErNerfLayout.TeethMasks, ErNerfLayout.TorsoImages, ErNerfLayout.GroundTruthImages])
        {
            Directory.CreateDirectory(Path.Combine(directory, folder));
        }

        var landmarks = new double[count * HeadMesh.LandmarkCount * 2];
        var landmarks3D = new double[count * HeadMesh.LandmarkCount * 3];
        var cameraToWorld = new double[count][];
        var pose = new double[count * 6];

        var workers = new ConcurrentBag<(SyntheticFrameRenderer Renderer, RenderedFrame Frame)>();
        var threads = options.EffectiveThreads;
        var batch = Math.Max(1, threads * 4);
        progress?.Invoke(0, count);
        for (var start = 0; start < count; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(count, start + batch);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
            Parallel.For(start, end, parallel, i =>
            {
                if (!workers.TryTake(out var worker))
                {
                    worker = (new SyntheticFrameRenderer(mesh, camera, plate, options.Supersample), new RenderedFrame(size, size));
                }

                try
                {
                    var frame = worker.Frame;
                    worker.Renderer.Render(performance.Weights(i), performance.Poses[i], frame);
                    WriteFrameFiles(directory, i, frame);
                    frame.Landmarks.CopyTo(landmarks.AsSpan(i * HeadMesh.LandmarkCount * 2));
                    frame.Landmarks3D.CopyTo(landmarks3D.AsSpan(i * HeadMesh.LandmarkCount * 3));
                    cameraToWorld[i] = frame.Transform.CameraToWorld(HeadPlacement.WorldScale);
                    var p = performance.Poses[i];
                    var t = frame.Transform.Translation;
                    double[] row = [p.Pitch, p.Yaw, p.Roll, t[0], t[1], t[2]];
                    row.CopyTo(pose.AsSpan(i * 6));
                }
                finally
                {
                    workers.Add(worker);
                }
            });
            progress?.Invoke(end, count);
        }

        WriteActionUnits(directory, performance, landmarks, pose);
        WriteTransforms(directory, camera, cameraToWorld);
        WriteGroundTruth(directory, performance, identity, landmarks3D, pose);

        if (ffmpeg is not null)
        {
            var operations = new FfmpegOperations(ffmpeg);
            await operations.EncodeVideoAsync(
                Path.Combine(directory, ErNerfLayout.OriginalImages),
                performance.Fps,
                Path.Combine(directory, ErNerfLayout.Audio),
                Path.Combine(directory, ErNerfLayout.Clip),
                startNumber: 0,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Validate(Performance performance)
    {
        if (!double.IsFinite(performance.Fps) || performance.Fps <= 0)
        {
            throw new ArgumentException($"The performance's frame rate must be positive, got {performance.Fps}.", nameof(performance));
        }

        if (performance.FrameCount < 1)
        {
            throw new ArgumentException("The performance has no frames.", nameof(performance));
        }

        if (performance.Audio.SampleRate != 16000 || performance.Audio.Channels != 1)
        {
            throw new ArgumentException($"aud.wav must be 16 kHz mono; the performance's audio is {performance.Audio.SampleRate} Hz with {performance.Audio.Channels} channels.", nameof(performance));
        }

        foreach (var pose in performance.Poses)
        {
            if (!double.IsFinite(pose.Pitch + pose.Yaw + pose.Roll + pose.Tx + pose.Ty + pose.Tz))
            {
                throw new ArgumentException($"The performance has a non-finite head pose ({pose}).", nameof(performance));
            }
        }
    }

    /// <summary>The <c>parsing/&lt;i&gt;.png</c> image of a label map (palette colours, RGB).</summary>
    public static ByteImage ParsingImage(int width, int height, ReadOnlySpan<byte> labels)
    {
        var image = new ByteImage(width, height, 3);
        for (var p = 0; p < labels.Length; p++)
        {
            var (r, g, b) = ParsingPalette.ColorOf((ParsingClass)labels[p]);
            image.Pixels[p * 3] = r;
            image.Pixels[(p * 3) + 1] = g;
            image.Pixels[(p * 3) + 2] = b;
        }

        return image;
    }

    private static void WriteFrameFiles(string directory, int index, RenderedFrame frame)
    {
        // The frame's background pixels already are the plate, so gt_imgs is the same picture: encode once.
        var encoded = PngEncoder.Encode(frame.Image);
        AtomicFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.OriginalImages, index, ".png"), s => s.Write(encoded));
        AtomicFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.GroundTruthImages, index, ".png"), s => s.Write(encoded));
        PngFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.Parsing, index, ".png"), ParsingImage(frame.Width, frame.Height, frame.Labels));
        PngFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.TorsoImages, index, ".png"), frame.TorsoImage);
        NpyFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.TeethMasks, index, ".npy"), new NpyArray((bool[])frame.Teeth.Clone(), [frame.Height, frame.Width]));
        var points = new Vector2[HeadMesh.LandmarkCount];
        for (var k = 0; k < points.Length; k++)
        {
            points[k] = new Vector2((float)frame.Landmarks[k * 2], (float)frame.Landmarks[(k * 2) + 1]);
        }

        LandmarkFile.Write(ErNerfLayout.FramePath(directory, ErNerfLayout.OriginalImages, index, ErNerfLayout.LandmarkExtension), points);
    }

    private static void WriteActionUnits(string directory, Performance performance, double[] landmarks, double[] pose)
    {
        var rows = new OpenFaceFrame[performance.FrameCount];
        for (var i = 0; i < rows.Length; i++)
        {
            var intensities = SyntheticActionUnits.Intensities(performance.Weights(i));
            var points = new Vector2[HeadMesh.LandmarkCount];
            for (var k = 0; k < points.Length; k++)
            {
                var o = ((i * HeadMesh.LandmarkCount) + k) * 2;
                points[k] = new Vector2((float)landmarks[o], (float)landmarks[o + 1]);
            }

            // OpenFace reports translation in millimetres; a tracking unit is about 10 cm.
            var p = pose.AsSpan(i * 6, 6);
            rows[i] = new OpenFaceFrame(
                i + 1,
                i / performance.Fps,
                LandmarkConfidence,
                true,
                new OpenFacePose(p[3] * 100, p[4] * 100, p[5] * 100, p[0], p[1], p[2]),
                points,
                intensities,
                SyntheticActionUnits.Occurrences(intensities));
        }

        OpenFaceCsv.Write(Path.Combine(directory, ErNerfLayout.ActionUnits), rows);
    }

    private static void WriteTransforms(string directory, PinholeCamera camera, double[][] cameraToWorld)
    {
        var count = cameraToWorld.Length;
        var train = count * 10 / 11;
        var frames = Enumerable.Range(0, count).Select(i => new CameraFrame(i, i, cameraToWorld[i])).ToArray();
        TransformsFile.Write(Path.Combine(directory, ErNerfLayout.TransformsTrain), new TransformsDocument(camera.Focal, camera.Cx, camera.Cy, frames[..train]));
        TransformsFile.Write(Path.Combine(directory, ErNerfLayout.TransformsVal), new TransformsDocument(camera.Focal, camera.Cx, camera.Cy, frames[train..]));
    }

    private static void WriteGroundTruth(string directory, Performance performance, HeadIdentity identity, double[] landmarks3D, double[] pose)
    {
        var folder = Path.Combine(directory, ErNerfLayout.SyntheticFolder);
        var count = performance.FrameCount;
        var expressions = Performance.ExpressionCount;
        var weights = new float[count * expressions];
        for (var i = 0; i < count; i++)
        {
            performance.Weights(i).CopyTo(weights.AsSpan(i * expressions));
        }

        NpyFile.Write(Path.Combine(folder, BlendshapesFile), new NpyArray(weights, [count, expressions]));
        AtomicFile.WriteAllText(Path.Combine(folder, BlendshapeNamesFile), JsonSerializer.Serialize(Enum.GetNames<Expression>(), Json) + "\n");
        NpyFile.Write(Path.Combine(folder, PoseFile), new NpyArray(pose, [count, 6]));
        NpyFile.Write(Path.Combine(folder, Landmarks3DFile), new NpyArray(landmarks3D, [count, HeadMesh.LandmarkCount, 3]));
        AtomicFile.WriteAllText(Path.Combine(folder, IdentityFile), JsonSerializer.Serialize(identity, Json) + "\n");
        AtomicFile.WriteAllText(Path.Combine(folder, PhonemesFile), JsonSerializer.Serialize(performance.Phonemes, Json) + "\n");
        NpyFile.Write(Path.Combine(folder, VowelOpennessFile), new NpyArray((float[])performance.VowelOpenness.Clone(), [count]));
    }
}
