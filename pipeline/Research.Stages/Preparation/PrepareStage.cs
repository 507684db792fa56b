using System.Globalization;
using Research.Datasets.Generated;
using Research.Datasets.Prepared;
using Research.Media.Ffmpeg;
using Research.Media.Imaging;
using Research.Media.Npy;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Pipeline.Execution;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// Turns a dataset entry into a prepared folder (<see cref="PreparedDataset"/> layout): generates the clip, or
/// extracts frames at the configured fps and 16 kHz mono audio from a video with ffmpeg.
/// </summary>
public static class PrepareStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "prepare";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input name of a video file.</summary>
    public const string VideoInput = "video";

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(DatasetOptions options, FfmpegTools? ffmpeg, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var framesDir = Path.Combine(context.OutputDirectory, PreparedDataset.FramesFolder);
        Directory.CreateDirectory(framesDir);
        int frameCount, width, height;
        string source;
        if (options.Kind == DatasetKind.Generated)
        {
            var clip = GeneratedClipGenerator.Generate(new GeneratedClipOptions
            {
                Seconds = options.Seconds,
                Fps = (int)Math.Round(options.Fps),
                Width = options.Resolution,
                Height = options.Resolution,
                Seed = options.Seed,
            });
            for (var i = 0; i < clip.Frames.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                PngFile.Write(PreparedDataset.FramePath(context.OutputDirectory, i), clip.Frames[i]);
                context.Progress.Report(new StageProgress(i + 1, clip.Frames.Count, "writing frames"));
            }

            WavFile.Write(Path.Combine(context.OutputDirectory, PreparedDataset.AudioFile), clip.Audio, WavSampleFormat.Pcm16);
            var truthDir = Path.Combine(context.OutputDirectory, "ground_truth");
            Directory.CreateDirectory(truthDir);
            NpyFile.Write(Path.Combine(truthDir, "mouth_openness.npy"), new NpyArray(clip.MouthOpenness, [clip.MouthOpenness.Length]));
            (frameCount, width, height, source) = (clip.Frames.Count, options.Resolution, options.Resolution, "generated");
        }
        else
        {
            var tools = ffmpeg ?? throw new InvalidOperationException("Video datasets need ffmpeg.");
            var video = context.Input(VideoInput);
            var ops = new FfmpegOperations(tools);
            context.Progress.Report(new StageProgress(0, 2, "extracting frames"));
            Directory.Delete(framesDir);
            await ops.ExtractFramesAsync(video, framesDir, options.Fps, context.Cancellation).ConfigureAwait(false);
            context.Progress.Report(new StageProgress(1, 2, "extracting audio"));
            await ops.ExtractAudioAsync(video, Path.Combine(context.OutputDirectory, PreparedDataset.AudioFile), 16000, context.Cancellation).ConfigureAwait(false);
            frameCount = Directory.GetFiles(framesDir, "*.png").Length;
            var first = PngFile.Read(PreparedDataset.FramePath(context.OutputDirectory, 0));
            (width, height, source) = (first.Width, first.Height, "video");
            NormaliseToRgb(context.OutputDirectory, frameCount, first);
        }

        var trainCount = DatasetSplit.TrainCount(frameCount, options.Split.TrainParts, options.Split.TotalParts);
        PreparedDataset.WriteInfo(context.OutputDirectory, new PreparedDatasetInfo
        {
            FrameCount = frameCount,
            Width = width,
            Height = height,
            Fps = options.Fps,
            TrainCount = trainCount,
            Source = source,
        });
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{frameCount} frames {width}x{height} at {options.Fps} fps; {trainCount} train, {frameCount - trainCount} held out")).ConfigureAwait(false);
    }

    // ffmpeg keeps the source pixel format (e.g. RGBA or gray); methods expect RGB.
    private static void NormaliseToRgb(string directory, int frameCount, ByteImage first)
    {
        if (first.Channels == 3)
        {
            return;
        }

        for (var i = 0; i < frameCount; i++)
        {
            var path = PreparedDataset.FramePath(directory, i);
            PngFile.Write(path, PngFile.Read(path).ToRgb());
        }
    }
}
