using System.Globalization;
using Research.Datasets.ErNerf;
using Research.Datasets.Prepared;
using Research.Media.Audio;
using Research.Media.Ffmpeg;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Pipeline.Errors;
using Research.Pipeline.Execution;
using Research.Pipeline.Storage;
using Research.Stages.Experiments;

namespace Research.Stages.Preparation;

/// <summary>
/// Frames and 16 kHz mono audio in the ER-NeRF layout. A raw video is extracted with ffmpeg (frames at the configured
/// fps, <c>ori_imgs/&lt;i&gt;.png</c> from 0, and <c>aud.wav</c>); a dataset that already has frames passes through by
/// hard links, with its audio converted to 16 kHz mono when needed. Writes <c>dataset.json</c>.
/// </summary>
public static class ExtractStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "extract";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: a video file, or a folder in the ER-NeRF layout.</summary>
    public const string SourceInput = "source";

    /// <summary>Sample rate of the prepared audio (DeepSpeech, HuBERT and the log-mel front end expect 16 kHz).</summary>
    public const int SampleRate = 16000;

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(DatasetOptions options, FfmpegTools? ffmpeg, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var source = context.Input(SourceInput);
        var output = context.OutputDirectory;
        if (options.Kind == DatasetKind.Video)
        {
            var ops = new FfmpegOperations(ffmpeg ?? throw new UserErrorException($"Extracting frames from '{source}' needs ffmpeg. {FfmpegTools.InstallHint}"));
            context.Progress.Report(new StageProgress(0, 2, "extracting frames"));
            var frames = Path.Combine(output, ErNerfLayout.OriginalImages);
            await ops.ExtractFramesAsync(source, frames, options.Fps, context.Cancellation).ConfigureAwait(false);
            context.Progress.Report(new StageProgress(1, 2, "extracting audio"));
            await ops.ExtractAudioAsync(source, Path.Combine(output, ErNerfLayout.Audio), SampleRate, context.Cancellation).ConfigureAwait(false);
            NormaliseToRgb(frames);
        }
        else
        {
            context.Progress.Report(new StageProgress(0, 1, "linking frames"));
            var linked = FileTree.LinkOrCopy(source, output, relative => relative != ErNerfLayout.Audio && relative != PreparedDataset.InfoFile);
            await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{linked} files passed through from {source}")).ConfigureAwait(false);
            await PrepareAudioAsync(Path.Combine(source, ErNerfLayout.Audio), Path.Combine(output, ErNerfLayout.Audio), ffmpeg, context).ConfigureAwait(false);
        }

        var dataset = ErNerfDataset.Open(output, new ErNerfImportOptions { Fps = options.Fps, ParsingChannelOrder = ToImportOrder(options.ParsingOrder) });
        foreach (var warning in dataset.Warnings)
        {
            await context.Log.WriteLineAsync("warning: " + warning).ConfigureAwait(false);
        }

        var trainCount = dataset.TrainIds is { Count: > 0 } ids ? ids.Count : DatasetSplit.TrainCount(dataset.FrameCount, options.Split.TrainParts, options.Split.TotalParts);

        // Methods train on frames [0, trainCount) and hold out the rest, as ER-NeRF's split does.
        if (dataset.TrainIds.Count > 0 && (!dataset.TrainIds.SequenceEqual(Enumerable.Range(0, trainCount)) || !dataset.ValIds.SequenceEqual(Enumerable.Range(trainCount, dataset.FrameCount - trainCount))))
        {
            throw new UserErrorException($"{source}: transforms_train.json / transforms_val.json must list frames 0..{trainCount - 1} and {trainCount}..{dataset.FrameCount - 1} in order (the ER-NeRF split); run `research dataset check {source}` for details.");
        }
        PreparedDataset.WriteInfo(output, new PreparedDatasetInfo
        {
            FrameCount = dataset.FrameCount,
            Width = dataset.Width,
            Height = dataset.Height,
            Fps = options.Fps,
            TrainCount = trainCount,
            Source = options.Kind.ToString().ToLowerInvariant(),
            ParsingOrder = dataset.ParsingChannelOrder?.ToString().ToLowerInvariant(),
        });
        context.Progress.Report(new StageProgress(1, 1));
        await context.Log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{dataset.FrameCount} frames {dataset.Width}x{dataset.Height} at {options.Fps} fps; {trainCount} train, {dataset.FrameCount - trainCount} held out")).ConfigureAwait(false);
    }

    // DeepSpeech and HuBERT take channel 0 of a stereo track; other rates need resampling, which ffmpeg does.
    private static async Task PrepareAudioAsync(string source, string destination, FfmpegTools? ffmpeg, StageContext context)
    {
        if (!File.Exists(source))
        {
            throw new UserErrorException($"{source} is missing: the dataset needs its 16 kHz audio track (ffmpeg -i <clip>.mp4 -ac 1 -ar 16000 {ErNerfLayout.Audio}).");
        }

        var audio = WavFile.Read(source);
        if (audio.SampleRate == SampleRate && audio.Channels == 1)
        {
            FileTree.LinkOrCopyFile(source, destination);
            return;
        }

        if (audio.SampleRate == SampleRate)
        {
            var first = new float[audio.FrameCount];
            for (var i = 0; i < first.Length; i++)
            {
                first[i] = audio.Samples[i * audio.Channels];
            }

            WavFile.Write(destination, new AudioClip(SampleRate, 1, first), WavSampleFormat.Pcm16);
            await context.Log.WriteLineAsync($"{source}: {audio.Channels} channels; kept channel 0 as the DeepSpeech and HuBERT scripts do").ConfigureAwait(false);
            return;
        }

        if (ffmpeg is null)
        {
            throw new UserErrorException($"{source} is {audio.SampleRate} Hz; resampling to {SampleRate} Hz needs ffmpeg. {FfmpegTools.InstallHint}");
        }

        await new FfmpegOperations(ffmpeg).ExtractAudioAsync(source, destination, SampleRate, context.Cancellation).ConfigureAwait(false);
        await context.Log.WriteLineAsync($"{source}: resampled from {audio.SampleRate} Hz to {SampleRate} Hz mono with ffmpeg").ConfigureAwait(false);
    }

    // ffmpeg keeps the source pixel format (e.g. RGBA or gray); methods expect RGB.
    private static void NormaliseToRgb(string frames)
    {
        foreach (var path in Directory.GetFiles(frames, "*.png"))
        {
            var image = PngFile.Read(path);
            if (image.Channels != 3)
            {
                PngFile.Write(path, image.ToRgb());
            }
        }
    }

    private static ParsingChannelOrder? ToImportOrder(ParsingOrderSetting order) => order switch
    {
        ParsingOrderSetting.Rgb => ParsingChannelOrder.Rgb,
        ParsingOrderSetting.Bgr => ParsingChannelOrder.Bgr,
        _ => null,
    };
}
