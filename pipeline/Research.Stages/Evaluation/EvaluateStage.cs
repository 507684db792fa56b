using System.Globalization;
using System.Text;
using Research.Datasets.Prepared;
using Research.Media.Png;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Image;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;
using Research.Stages.Training;

namespace Research.Stages.Evaluation;

/// <summary>Computes image metrics of a job's renders against the held-out ground-truth frames.</summary>
public static class EvaluateStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "evaluate";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: prepared dataset (ground truth).</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Input: render output.</summary>
    public const string RenderInput = "render";

    /// <summary>Metrics file (per-frame values and aggregates).</summary>
    public const string MetricsJsonFile = "metrics.json";

    /// <summary>Per-frame metrics as CSV.</summary>
    public const string MetricsCsvFile = "metrics.csv";

    /// <summary>Runs the stage.</summary>
    public static Task RunAsync(MetricsOptions options, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(dataset);
        var layout = PreparedDataset.OpenLayout(dataset);
        var renders = Path.Combine(context.Input(RenderInput), MethodStages.FramesFolder);
        var evaluator = new ImageMetricsEvaluator(new ImageMetricsOptions
        {
            SsimVariant = SsimVariantExtensions.Parse(options.SsimVariant),
            MaxDegreeOfParallelism = context.Threads,
            Bootstrap = new BootstrapOptions { Resamples = options.BootstrapResamples, Seed = (ulong)(context.Seed ?? 0) },
        });
        var frames = new List<FrameMetrics>();
        var total = info.FrameCount - info.TrainCount;
        for (var i = info.TrainCount; i < info.FrameCount; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var name = i.ToString(CultureInfo.InvariantCulture) + ".png";
            var pred = PngFile.Read(Path.Combine(renders, name)).ToFloat();
            var gt = layout.LoadGroundTruth(i).ToFloat();
            frames.Add(evaluator.EvaluateFrame(name, pred, gt));
            context.Progress.Report(new StageProgress(frames.Count, total, "scoring frames"));
        }

        var report = evaluator.Summarize(frames);
        File.WriteAllText(Path.Combine(context.OutputDirectory, MetricsJsonFile), MetricsJson.Serialize(report) + "\n");
        var csv = new StringBuilder("frame,psnr,ssim\n");
        foreach (var f in report.Frames)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{f.Name},{f.Psnr:R},{f.Ssim:R}\n");
        }

        File.WriteAllText(Path.Combine(context.OutputDirectory, MetricsCsvFile), csv.ToString());
        return Task.CompletedTask;
    }
}
