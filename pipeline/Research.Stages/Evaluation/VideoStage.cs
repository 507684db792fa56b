using Research.Datasets.ErNerf;
using Research.Datasets.Prepared;
using Research.Media.Audio;
using Research.Media.Ffmpeg;
using Research.Media.Wav;
using Research.Pipeline.Execution;
using Research.Stages.Training;

namespace Research.Stages.Evaluation;

/// <summary>Encodes a job's held-out renders to H.264 with the matching slice of the clip's audio.</summary>
public static class VideoStage
{
    /// <summary>Stage name.</summary>
    public const string Name = "video";

    /// <summary>Bump when outputs would change.</summary>
    public const int CodeVersion = 1;

    /// <summary>Input: prepared dataset.</summary>
    public const string DatasetInput = "dataset";

    /// <summary>Input: render output.</summary>
    public const string RenderInput = "render";

    /// <summary>Output file name.</summary>
    public const string VideoFile = "render.mp4";

    /// <summary>Runs the stage.</summary>
    public static async Task RunAsync(FfmpegTools tools, StageContext context)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(context);
        var dataset = context.Input(DatasetInput);
        var info = PreparedDataset.ReadInfo(dataset);
        var audio = WavFile.Read(Path.Combine(dataset, ErNerfLayout.Audio)).ToMono();
        var start = (int)Math.Round(info.TrainCount / info.Fps * audio.SampleRate);
        var slice = audio.Samples.AsSpan(Math.Min(start, audio.Samples.Length)).ToArray();
        var wav = Path.Combine(context.OutputDirectory, "audio.wav");
        WavFile.Write(wav, new AudioClip(audio.SampleRate, 1, slice), WavSampleFormat.Pcm16);
        var frames = Path.Combine(context.Input(RenderInput), MethodStages.FramesFolder);
        await new FfmpegOperations(tools).EncodeVideoAsync(frames, info.Fps, wav, Path.Combine(context.OutputDirectory, VideoFile), info.TrainCount, context.Cancellation).ConfigureAwait(false);
        File.Delete(wav);
    }
}
