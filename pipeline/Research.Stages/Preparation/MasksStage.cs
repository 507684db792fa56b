using System.Globalization;
using System.Numerics;
using Research.Datasets.Masks;
using Research.Datasets.Prepared;
using Research.Media.Png;
using Research.Pipeline.Errors;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// Face, hair, mouth, teeth, neck, torso and background masks, the lips and lower-half rectangles and the
/// mouth-height bounds, exactly as TalkingGaussian's loader derives them (docs/masks-and-background.md), written as
/// a <see cref="MaskStore"/>, plus <c>check/&lt;i&gt;.png</c> overlays for a few frames.
/// </summary>
public static class MasksStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "masks";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: the extracted dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Folder of visual check images.</summary>
    public const string CheckFolder = "check";

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(MaskOptions options, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(directory);
        var layout = PreparedDataset.OpenLayout(directory);
        if (!layout.HasParsing || !layout.HasLandmarks)
        {
            throw new UserErrorException($"{directory}: masks need parsing maps (parsing/<i>.png) and landmarks (ori_imgs/<i>.lms); preprocess the clip with the official scripts (docs/datasets.md).");
        }

        var output = context.OutputDirectory;
        Directory.CreateDirectory(Path.Combine(output, MaskStore.MasksFolder));
        var checkFrames = CheckFrames(info.FrameCount, options.CheckImages);
        if (checkFrames.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(output, CheckFolder));
        }

        var n = info.FrameCount;
        var lips = new int[n][];
        var lowerHalf = new int[n][];
        var landmarks = new Vector2[n][];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, context.Threads), CancellationToken = context.Cancellation };

        // Every frame writes only its own files, so the output does not depend on scheduling.
        Parallel.For(0, n, parallel, i =>
        {
            landmarks[i] = layout.LoadLandmarks(i);
            var masks = MaskDeriver.Derive(layout.LoadParsing(i), layout.LoadTeethMask(i), landmarks[i]);
            MaskStore.WriteFrame(output, i, masks);
            lips[i] = masks.LipsRect.ToUpstreamList();
            lowerHalf[i] = masks.LowerHalfRect.ToUpstreamList();
            if (checkFrames.Contains(i))
            {
                PngFile.Write(Path.Combine(output, CheckFolder, i.ToString(CultureInfo.InvariantCulture) + ".png"), MaskOverlay.Render(layout.LoadOriginal(i), masks));
            }

            context.Progress.Report(new StageProgress(Interlocked.Increment(ref done), n, "deriving masks"));
        });

        var heights = MouthBounds.Compute(landmarks);
        var train = MouthBounds.Compute(landmarks[..info.TrainCount]);
        var test = info.TrainCount < n ? MouthBounds.Compute(landmarks[info.TrainCount..]) : train;
        MaskStore.WriteRects(output, new MaskRects
        {
            LipsRect = lips,
            LowerHalfRect = lowerHalf,
            MouthHeight = heights.Heights,
            TrainMouthBound = [train.Lower, train.Upper],
            TestMouthBound = [test.Lower, test.Upper],
        });
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"masks for {n} frames; mouth height {train.Lower}..{train.Upper} px (train), {test.Lower}..{test.Upper} px (held out); check images: {string.Join(", ", checkFrames.Order())}")).ConfigureAwait(false);
    }

    private static HashSet<int> CheckFrames(int frameCount, int count)
    {
        var frames = new HashSet<int>();
        for (var k = 0; k < Math.Min(count, frameCount); k++)
        {
            frames.Add((int)((long)k * frameCount / Math.Min(count, frameCount)));
        }

        return frames;
    }
}
