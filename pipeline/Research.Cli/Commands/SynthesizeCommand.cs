using System.CommandLine;
using System.Globalization;
using Research.Methods;
using Research.Pipeline.Errors;
using Research.Stages.Synthesis;

namespace Research.Cli.Commands;

/// <summary><c>research synthesize</c>: drives a trained job of a run with new audio (frames, mp4 with the audio, PLY exports).</summary>
internal static class SynthesizeCommand
{
    public static Command Create(CliIo io)
    {
        var run = new Option<string>("--run") { Description = "Run folder (runs/<experiment>/<time>/) or one of its job folders (…/jobs/<dataset>/<method>/<variant>/s<i>/).", Required = true };
        var job = new Option<string?>("--job") { Description = "Job id inside the run, e.g. synthetic/talking-gaussian/default/s0 (optional when only one trained job can be driven by audio)." };
        var audio = new Option<string>("--audio") { Description = "Driving audio: a WAV or other audio file (features computed like the dataset's) or a feature file .npy [frames, window, channels].", Required = true };
        var wav = new Option<string?>("--wav") { Description = "WAV muxed into the video when --audio is a feature file (otherwise the video is silent)." };
        var output = new Option<string>("--out") { Description = "Output folder: frames/0.png …, video.mp4, face.ply, mouth.ply.", Required = true };
        var dilate = new Option<bool>("--dilate") { Description = "Dilate the mouth alpha with a 13×13 max-pool before compositing (TalkingGaussian --dilate)." };
        var poses = new Option<string>("--poses") { Description = "Replay camera pose, AUs and torso/background from the test (held-out) or train frames, in order, wrapping around.", DefaultValueFactory = _ => "test" };
        var fps = new Option<double?>("--fps") { Description = "Output frame rate (default: the dataset's, 25 for the usual clips)." };
        var ffmpeg = new Option<string>("--ffmpeg") { Description = "ffmpeg executable (without it only frames and PLY files are written).", DefaultValueFactory = _ => "ffmpeg" };
        var threads = new Option<int>("--threads") { Description = "Engine threads (0: all processors)." };
        var command = new Command("synthesize", "Render a trained job with new audio: frames, an mp4 with the audio muxed in, and PLY exports.")
        {
            run, job, audio, wav, output, dilate, poses, fps, ffmpeg, threads,
        };
        command.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var posesText = parse.GetValue(poses)!;
            var request = new SynthesisRequest
            {
                Run = parse.GetValue(run)!,
                Job = parse.GetValue(job),
                Audio = parse.GetValue(audio)!,
                Wav = parse.GetValue(wav),
                Output = parse.GetValue(output)!,
                Dilate = parse.GetValue(dilate),
                Poses = posesText switch
                {
                    "test" => PoseSource.Test,
                    "train" => PoseSource.Train,
                    _ => throw new UserErrorException($"--poses '{posesText}': use test or train."),
                },
                Fps = parse.GetValue(fps),
                Ffmpeg = parse.GetValue(ffmpeg)!,
                Threads = parse.GetValue(threads),
            };
            var result = await SynthesisRunner.RunAsync(request, MethodRegistry.Default, io.Out, cancellation).ConfigureAwait(false);
            foreach (var notice in result.Notices)
            {
                await io.Error.WriteLineAsync("note: " + notice).ConfigureAwait(false);
            }

            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {result.FrameCount} frames to {result.FramesDirectory}")).ConfigureAwait(false);
            if (result.Video is not null)
            {
                await io.Out.WriteLineAsync($"video: {result.Video}{(result.VideoHasAudio ? " (with audio)" : " (silent)")}").ConfigureAwait(false);
            }

            foreach (var ply in result.PlyFiles)
            {
                await io.Out.WriteLineAsync($"ply: {ply}").ConfigureAwait(false);
            }

            return CliApp.Success;
        }));
        return command;
    }
}
