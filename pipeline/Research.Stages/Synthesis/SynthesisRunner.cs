using System.Globalization;
using Research.Datasets.Prepared;
using Research.Media.Audio;
using Research.Media.Ffmpeg;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Methods;
using Research.Methods.TalkingGaussian.Method;
using Research.Pipeline.Errors;
using Research.Pipeline.Execution;
using Research.Tensors.Threading;

namespace Research.Stages.Synthesis;

/// <summary>
/// Novel-audio inference of a trained job (<c>research synthesize</c>): per-frame PNGs, an H.264 mp4 with the audio
/// muxed in (the video stage's encoder) and the model's PLY exports.
/// </summary>
public static class SynthesisRunner
{
    /// <summary>Frames folder inside the output (<c>0.png</c>, <c>1.png</c>, … as the render stage and the encoder use).</summary>
    public const string FramesFolder = "frames";

    /// <summary>Video file inside the output.</summary>
    public const string VideoFile = "video.mp4";

    /// <summary>Runs a synthesis; user mistakes are <see cref="UserErrorException"/>s.</summary>
    public static async Task<SynthesisResult> RunAsync(SynthesisRequest request, MethodRegistry registry, TextWriter log, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        if (request.Threads < 0)
        {
            throw new UserErrorException($"--threads must be 0 or more (got {request.Threads.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (request.Fps is { } f && !(f > 0 && double.IsFinite(f)))
        {
            throw new UserErrorException($"--fps must be a positive number (got {f.ToString(CultureInfo.InvariantCulture)}).");
        }

        if (!File.Exists(request.Audio))
        {
            throw new UserErrorException($"--audio '{request.Audio}' does not exist.");
        }

        if (request.Wav is not null && !File.Exists(request.Wav))
        {
            throw new UserErrorException($"--wav '{request.Wav}' does not exist.");
        }

        var framesDir = Path.Combine(Path.GetFullPath(request.Output), FramesFolder);
        if (Directory.Exists(framesDir) && Directory.EnumerateFileSystemEntries(framesDir).Any())
        {
            throw new UserErrorException($"{framesDir} already holds files; choose an empty --out folder (or delete it) so no stale frames end up in the video.");
        }

        var job = RunJobResolver.Resolve(request.Run, request.Job, registry);
        var method = CreateMethod(job, request.Dilate);
        ComputeThreads.Count = request.Threads == 0 ? Environment.ProcessorCount : request.Threads;
        var data = PreparedDataset.Open(job.Inputs.Dataset, job.Inputs.Features, job.Inputs.Masks);
        var fps = request.Fps ?? data.Fps;
        var tools = new FfmpegTools(request.Ffmpeg);
        var notices = new List<string>();
        var isWav = !string.Equals(Path.GetExtension(request.Audio), ".npy", StringComparison.OrdinalIgnoreCase);
        var features = isWav
            ? NovelAudioFeatures.FromAudio(await ReadMono16k(request.Audio, tools, request.Output, cancellation).ConfigureAwait(false), job.Inputs.Features, data.AudioFeatures, fps)
            : NovelAudioFeatures.ReadFile(request.Audio);
        NovelAudioFeatures.CheckMatches(features, data.AudioFeatures, request.Audio);
        var poses = request.Poses == PoseSource.Train ? data.TrainFrames : data.TestFrames;
        if (poses.Count == 0)
        {
            throw new UserErrorException($"the dataset's {request.Poses.ToString().ToLowerInvariant()} split is empty; use --poses {(request.Poses == PoseSource.Train ? "test" : "train")}.");
        }

        var drive = AudioDrive.Replay(features, poses);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{job.Spec.Id}: {drive.FrameCount} frames from {Path.GetFileName(request.Audio)} [{string.Join(", ", features.Shape)}], replaying the {poses.Count} {request.Poses.ToString().ToLowerInvariant()} poses{(request.Dilate ? ", mouth alpha dilated" : string.Empty)}")).ConfigureAwait(false);
        Directory.CreateDirectory(framesDir);
        var context = new MethodContext(0, ComputeThreads.Count, log, new SynchronousProgress<MethodProgress>(p => Progress(log, p)), cancellation);
        method.RenderWithAudio(data, job.Inputs.Model, drive, (k, image) =>
        {
            if (image.Width != data.Width || image.Height != data.Height || image.Channels != 3)
            {
                throw new InvalidOperationException($"{job.Spec.Method.Name} rendered a {image.Width}x{image.Height}x{image.Channels} image; expected {data.Width}x{data.Height}x3.");
            }

            PngFile.Write(Path.Combine(framesDir, k.ToString(CultureInfo.InvariantCulture) + ".png"), image.ToBytes());
        }, context);

        var plys = method is IPlyExportingMethod exporter ? exporter.ExportPly(job.Inputs.Model, Path.GetFullPath(request.Output)) : [];
        string? video = null;
        var soundtrack = isWav ? request.Audio : request.Wav;
        if (tools.IsAvailable)
        {
            video = Path.Combine(Path.GetFullPath(request.Output), VideoFile);
            await new FfmpegOperations(tools).EncodeVideoAsync(framesDir, fps, soundtrack, video, 0, cancellation).ConfigureAwait(false);
            if (soundtrack is null)
            {
                notices.Add("no WAV given with the feature file (--wav): the video is silent.");
            }
        }
        else
        {
            notices.Add($"ffmpeg not found ('{request.Ffmpeg}'): frames and PLY files written, no video. {FfmpegTools.InstallHint}");
        }

        return new SynthesisResult(job.Spec.Id, drive.FrameCount, framesDir, video, video is not null && soundtrack is not null, plys, notices);
    }

    private static void Progress(TextWriter log, MethodProgress p)
    {
        if (p.Done % 250 == 0 && p.Done < p.Total)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Detail} {p.Done}/{p.Total}"));
        }
    }

    private static IAudioDrivenMethod CreateMethod(ResolvedJob job, bool dilate)
    {
        var options = job.Spec.Options;
        if (dilate)
        {
            options = options is TalkingGaussianOptions tg
                ? tg with { DilateMouthAlpha = true }
                : throw new UserErrorException($"--dilate dilates TalkingGaussian's mouth alpha; job '{job.Spec.Id}' uses {job.Spec.Method.Name}.");
        }

        return job.Spec.Method.Create(options) as IAudioDrivenMethod
            ?? throw new UserErrorException($"job '{job.Spec.Id}' uses {job.Spec.Method.Name}, which cannot be driven by new audio (methods that can: {string.Join(", ", RunJobResolver.AudioDrivenMethods(MethodRegistry.Default))}).");
    }

    // Mono at the log-mel front end's 16 kHz: a 16 kHz WAV is read directly; other rates and formats (mp3, m4a, …) are
    // converted by ffmpeg into the output folder (then deleted).
    private static async Task<AudioClip> ReadMono16k(string wav, FfmpegTools tools, string output, CancellationToken cancellation)
    {
        const int rate = 16000;
        var isWav = string.Equals(Path.GetExtension(wav), ".wav", StringComparison.OrdinalIgnoreCase);
        var clip = isWav ? WavFile.Read(wav).ToMono() : null;
        if (clip is not null && clip.SampleRate == rate)
        {
            return clip;
        }

        if (!tools.IsAvailable)
        {
            var what = clip is null ? "is not a WAV" : $"is sampled at {clip.SampleRate.ToString(CultureInfo.InvariantCulture)} Hz";
            throw new UserErrorException($"{wav} {what}; the features need 16 kHz mono and converting needs ffmpeg, which was not found. Convert it first: ffmpeg -i {Path.GetFileName(wav)} -ac 1 -ar 16000 speech16k.wav");
        }

        var temp = Path.Combine(Path.GetFullPath(output), "audio-16k.wav");
        await new FfmpegOperations(tools).ExtractAudioAsync(wav, temp, rate, cancellation).ConfigureAwait(false);
        try
        {
            return WavFile.Read(temp).ToMono();
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
