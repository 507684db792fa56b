using System.Globalization;
using System.Text;
using Research.Datasets.Prepared;
using Research.Media.Audio;
using Research.Media.Imaging;
using Research.Media.IO;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;
using Research.Stages.Training;

namespace Research.Stages.Evaluation;

/// <summary>
/// Scores a job's renders against the held-out ground-truth frames with the metrics library: PSNR, SSIM and LPIPS per
/// frame, Sync-C / Sync-D with the held-out slice of the clip's audio, AUE and LMD through OpenFace. Metrics whose
/// weights or tools are absent are recorded as unavailable with the reason; they never fail the stage.
/// </summary>
public static class EvaluateStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "evaluate";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 2;

    /// <summary>Input: prepared dataset (ground truth).</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Input: render output.</summary>
    public const string RenderInput = "render";

    /// <summary>Metrics file (<see cref="MetricsReport"/>: per-frame values, aggregates, weights, unavailable metrics).</summary>
    public const string MetricsJsonFile = "metrics.json";

    /// <summary>Per-frame image metrics as CSV.</summary>
    public const string MetricsCsvFile = "metrics.csv";

    /// <summary>Folder of OpenFace's CSVs (<c>pred/</c>, <c>gt/</c>) when OpenFace ran.</summary>
    public const string OpenFaceFolder = "openface";

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(MetricsOptions options, MetricResources resources, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(dataset);
        var layout = PreparedDataset.OpenLayout(dataset);
        var renders = Path.Combine(context.Input(RenderInput), MethodStages.FramesFolder);
        var bootstrap = new BootstrapOptions { Resamples = Math.Max(1, options.BootstrapResamples), Seed = (ulong)(context.Seed ?? 0) };
        var setup = resources.CreateSetup(context.Threads, bootstrap);
        var indices = Enumerable.Range(info.TrainCount, info.FrameCount - info.TrainCount).ToArray();
        var names = indices.Select(i => i.ToString(CultureInfo.InvariantCulture) + ".png").ToArray();

        var openFace = setup.OpenFace is not null ? Path.Combine(context.OutputDirectory, OpenFaceFolder) : null;
        if (openFace is not null)
        {
            WriteOpenFaceFrames(Path.Combine(openFace, "pred_frames"), names.Select(n => (Func<ByteImage>)(() => PngFile.Read(Path.Combine(renders, n)))));
            WriteOpenFaceFrames(Path.Combine(openFace, "gt_frames"), indices.Select(i => (Func<ByteImage>)(() => layout.LoadGroundTruth(i))));
        }

        var input = new ClipInput
        {
            Names = names,
            LoadPred = k => PngFile.Read(Path.Combine(renders, names[k])),
            LoadGt = k => layout.LoadGroundTruth(indices[k]),
            Fps = info.Fps,
            Audio = setup.SyncNet is null ? null : HeldOutAudio(layout.AudioPath, info),
            Landmarks = setup.SyncNet is not null && layout.HasLandmarks ? [.. indices.Select(layout.LoadLandmarks)] : null,
            PredOpenFaceInput = openFace is null ? null : Path.Combine(openFace, "pred_frames"),
            GtOpenFaceInput = openFace is null ? null : Path.Combine(openFace, "gt_frames"),
            WorkDirectory = openFace,
        };
        var progress = new Progress<(int Done, int Total, string What)>(p => context.Progress.Report(new StageProgress(p.Done, p.Total, p.What)));
        var report = await new ClipEvaluator(setup).EvaluateAsync(input, progress, context.Cancellation).ConfigureAwait(false);
        if (openFace is not null)
        {
            // The CSVs are the record; the frame copies were only OpenFace's input.
            Directory.Delete(Path.Combine(openFace, "pred_frames"), recursive: true);
            Directory.Delete(Path.Combine(openFace, "gt_frames"), recursive: true);
        }

        foreach (var missing in report.Unavailable)
        {
            await context.Log.WriteLineAsync($"{missing.Metric}: not computed: {missing.Reason}").ConfigureAwait(false);
        }

        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, MetricsJsonFile), MetricsJson.Serialize(report) + "\n");
        AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, MetricsCsvFile), FrameCsv(report.Image));
    }

    private static string FrameCsv(ImageMetricsReport image)
    {
        var lpips = image.Lpips is not null;
        var csv = new StringBuilder(lpips ? "frame,psnr,ssim,lpips\n" : "frame,psnr,ssim\n");
        foreach (var f in image.Frames)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.Name},{f.Psnr:R},{f.Ssim:R}");
            if (lpips)
            {
                csv.Append(CultureInfo.InvariantCulture, $",{f.Lpips:R}");
            }

            csv.Append('\n');
        }

        return csv.ToString();
    }

    // The held-out frames start at TrainCount / fps seconds into the clip's audio.
    private static AudioClip? HeldOutAudio(string? path, PreparedDatasetInfo info)
    {
        if (path is null)
        {
            return null;
        }

        var audio = WavFile.Read(path).ToMono();
        var start = (int)Math.Round(info.TrainCount / info.Fps * audio.SampleRate);
        return new AudioClip(audio.SampleRate, 1, audio.Samples.AsSpan(Math.Min(start, audio.Samples.Length)).ToArray());
    }

    // OpenFace reads a folder in name order, so frames are numbered with zero padding.
    private static void WriteOpenFaceFrames(string folder, IEnumerable<Func<ByteImage>> frames)
    {
        Directory.CreateDirectory(folder);
        var k = 0;
        foreach (var load in frames)
        {
            PngFile.Write(Path.Combine(folder, k.ToString("D6", CultureInfo.InvariantCulture) + ".png"), load().ToRgb());
            k++;
        }
    }
}
