using System.Globalization;
using Research.Datasets.Background;
using Research.Datasets.ErNerf;
using Research.Datasets.Prepared;
using Research.Media.Png;
using Research.Pipeline.Errors;
using Research.Pipeline.Execution;
using Research.Pipeline.Storage;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// The static background plate <c>bc.png</c> and per-frame <c>gt_imgs</c> and RGBA <c>torso_imgs</c> by the ER-NeRF
/// algorithm (docs/masks-and-background.md) when the dataset lacks them or <c>background.rebuild</c> is set; the
/// dataset's own files otherwise. The output is the complete dataset methods train on: every other file is linked
/// through unchanged.
/// </summary>
public static class BackgroundStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "background";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: the extracted dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(BackgroundOptions options, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(directory);
        var layout = PreparedDataset.OpenLayout(directory);
        var output = context.OutputDirectory;
        var complete = layout.HasBackground && layout.HasGroundTruth && layout.HasTorso;
        if (complete && !options.Rebuild)
        {
            FileTree.LinkOrCopy(directory, output);
            await context.Log.WriteLineAsync("the dataset has bc, gt_imgs and torso_imgs; kept them").ConfigureAwait(false);
            return;
        }

        if (!layout.HasParsing)
        {
            throw new UserErrorException($"{directory}: building the background plate needs parsing maps (parsing/<i>.png); preprocess the clip with the official scripts (docs/datasets.md).");
        }

        // A shipped plate is kept (gt and torso derive from it upstream too); everything not rebuilt passes through.
        var keepPlate = layout.HasBackground && !options.Rebuild;
        FileTree.LinkOrCopy(directory, output, relative =>
            !relative.StartsWith(ErNerfLayout.GroundTruthImages + "/", StringComparison.Ordinal)
            && !relative.StartsWith(ErNerfLayout.TorsoImages + "/", StringComparison.Ordinal)
            && (keepPlate || !relative.StartsWith(ErNerfLayout.BackgroundStem + ".", StringComparison.Ordinal)));
        context.Progress.Report(new StageProgress(0, info.FrameCount + 1, "building the background plate"));
        var plate = keepPlate ? layout.LoadBackground() : BackgroundPlateBuilder.Build(info.FrameCount, layout.LoadOriginal, layout.LoadParsing).Image;
        if (!keepPlate)
        {
            PngFile.Write(Path.Combine(output, ErNerfLayout.BackgroundStem + ".png"), plate);
        }
        Directory.CreateDirectory(Path.Combine(output, ErNerfLayout.GroundTruthImages));
        Directory.CreateDirectory(Path.Combine(output, ErNerfLayout.TorsoImages));
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.Threads), CancellationToken = context.Cancellation };
        Parallel.For(0, info.FrameCount, parallel, i =>
        {
            var images = TorsoImageBuilder.Build(layout.LoadOriginal(i), layout.LoadParsing(i), plate);
            PngFile.Write(ErNerfLayout.FramePath(output, ErNerfLayout.GroundTruthImages, i, ".png"), images.GroundTruth);
            PngFile.Write(ErNerfLayout.FramePath(output, ErNerfLayout.TorsoImages, i, ".png"), images.Torso);
            context.Progress.Report(new StageProgress(Interlocked.Increment(ref done) + 1, info.FrameCount + 1, "gt and torso images"));
        });
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{(keepPlate ? "kept the dataset's plate" : "built the plate")}; {info.FrameCount} gt and torso images written")).ConfigureAwait(false);
    }
}
