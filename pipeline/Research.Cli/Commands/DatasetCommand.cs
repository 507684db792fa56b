using System.CommandLine;
using System.Globalization;
using Research.Datasets.ErNerf;
using Research.Datasets.ErNerf.Checking;
using Research.Datasets.Synthetic;
using Research.Media.Ffmpeg;
using Research.Media.IO;
using Research.Pipeline.Execution;
using Research.Pipeline.Errors;

namespace Research.Cli.Commands;

/// <summary>
/// <c>research dataset check</c> validates an ER-NeRF layout dataset folder; <c>research dataset synth</c> generates
/// the synthetic talking head in that layout.
/// </summary>
internal static class DatasetCommand
{
    /// <summary>Exit code when the dataset has errors.</summary>
    public const int DatasetHasErrors = 1;

    public static Command Create(CliIo io)
    {
        var directory = new Argument<string>("dir") { Description = "Dataset folder in the ER-NeRF layout (ori_imgs/, parsing/, transforms_train.json, …)." };
        var jsonOut = new Option<string?>("--json-out") { Description = "Also write the summary and every issue as JSON to this file." };
        var fps = new Option<double>("--fps") { Description = "Frame rate for the audio length check (the layout does not store it).", DefaultValueFactory = _ => 25 };
        var sample = new Option<int>("--sample") { Description = "Decode every n-th frame for content checks (parsing, landmarks, teeth); counts and sizes always cover every frame.", DefaultValueFactory = _ => 1 };
        var order = new Option<string>("--parsing-order") { Description = "Channel order of the parsing maps: auto (detect), rgb or bgr.", DefaultValueFactory = _ => "auto" };
        order.AcceptOnlyFromAmong("auto", "rgb", "bgr");
        var check = new Command("check", "Check an ER-NeRF layout dataset: frame counts, sizes, split, cameras, parsing, AUs, audio. Prints a JSON summary; issues go to stderr; exit code 1 when there are errors.")
        {
            directory, jsonOut, fps, sample, order,
        };
        check.SetAction((parse, _) => CliApp.GuardAsync(io, async () =>
        {
            var dir = parse.GetValue(directory)!;
            if (!Directory.Exists(dir))
            {
                throw new UserErrorException($"dataset folder not found: {dir}");
            }

            var fpsValue = parse.GetValue(fps);
            var sampleValue = parse.GetValue(sample);
            if (!(fpsValue > 0) || sampleValue < 1)
            {
                throw new UserErrorException(string.Create(CultureInfo.InvariantCulture, $"--fps must be positive and --sample at least 1 (got {fpsValue} and {sampleValue})."));
            }

            var options = new DatasetCheckOptions
            {
                Fps = fpsValue,
                Sample = sampleValue,
                ParsingChannelOrder = parse.GetValue(order) switch
                {
                    "rgb" => ParsingChannelOrder.Rgb,
                    "bgr" => ParsingChannelOrder.Bgr,
                    _ => null,
                },
            };
            var report = DatasetChecker.Check(dir, options);
            await io.Out.WriteLineAsync(report.SummaryJson()).ConfigureAwait(false);
            foreach (var issue in report.Issues)
            {
                var label = issue.Severity == DatasetIssueSeverity.Error ? "error" : "warning";
                await io.Error.WriteLineAsync($"{label}: {issue.File}: {issue.Message}").ConfigureAwait(false);
            }

            if (parse.GetValue(jsonOut) is { } outPath)
            {
                try
                {
                    AtomicFile.WriteAllText(outPath, report.ToJson() + "\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UserErrorException($"cannot write --json-out {outPath}: {e.Message}", e);
                }
            }

            return report.HasErrors ? DatasetHasErrors : CliApp.Success;
        }));
        return new Command("dataset", "Generate and inspect datasets.") { check, CreateSynth(io) };
    }

    private static Command CreateSynth(CliIo io)
    {
        var output = new Option<string>("--out") { Description = "Folder to create (must not exist, or be empty).", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "Clip length in seconds.", DefaultValueFactory = _ => 8 };
        var fps = new Option<double>("--fps") { Description = "Frames per second.", DefaultValueFactory = _ => 25 };
        var resolution = new Option<int>("--resolution") { Description = "Frame width and height in pixels.", DefaultValueFactory = _ => 128 };
        var identitySeed = new Option<int>("--identity-seed") { Description = "Seed of the person's look and voice." };
        var motionSeed = new Option<int>("--motion-seed") { Description = "Seed of the speech, blinks, brows and head motion." };
        var identities = new Option<int>("--identities") { Description = "Number of people; more than one writes identity_<k>/ folders (e.g. for DFRF's base model).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Rendering threads (0: all cores)." };
        var noVideo = new Option<bool>("--no-video") { Description = "Do not encode clip.mp4 even when ffmpeg is present." };
        var ffmpegPath = new Option<string?>("--ffmpeg") { Description = "Path of ffmpeg (default: found on PATH)." };
        var synth = new Command("synth", "Generate the synthetic talking head in the ER-NeRF layout, with ground truth for every annotation (docs/synthetic-head.md).")
        {
            output, seconds, fps, resolution, identitySeed, motionSeed, identities, threads, noVideo, ffmpegPath,
        };
        synth.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            {
                throw new UserErrorException($"--out {target} exists and is not empty; choose a new folder.");
            }

            var options = new SyntheticHeadOptions
            {
                Seconds = parse.GetValue(seconds),
                Fps = parse.GetValue(fps),
                Resolution = parse.GetValue(resolution),
                IdentitySeed = parse.GetValue(identitySeed),
                MotionSeed = parse.GetValue(motionSeed),
                Identities = parse.GetValue(identities),
                Threads = parse.GetValue(threads),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserErrorException(e.Message, e);
            }

            FfmpegTools? ffmpeg = null;
            if (!parse.GetValue(noVideo))
            {
                var tools = new FfmpegTools(parse.GetValue(ffmpegPath));
                ffmpeg = tools.IsAvailable ? tools : null;
                if (ffmpeg is null)
                {
                    await io.Error.WriteLineAsync($"note: ffmpeg not found, so no clip.mp4 (everything else is written). {FfmpegTools.InstallHint}").ConfigureAwait(false);
                }
            }

            // Generate next to the target and rename at the end, so a failure leaves nothing half-written.
            var temp = AtomicFile.TempPathFor(target);
            try
            {
                var lastPercent = -1;
                var progress = new SynchronousProgress<SyntheticProgress>(p =>
                {
                    var percent = (int)(100L * p.FramesDone / Math.Max(1, p.FrameCount));
                    if (percent / 10 != lastPercent / 10)
                    {
                        lastPercent = percent;
                        io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"identity {p.Identity + 1}/{p.Identities}: {p.FramesDone}/{p.FrameCount} frames"));
                    }
                });
                await SyntheticDatasetGenerator.GenerateAsync(temp, options, ffmpeg, progress, cancellation).ConfigureAwait(false);
                if (Directory.Exists(target))
                {
                    Directory.Delete(target);
                }

                Directory.Move(temp, target);
            }
            catch
            {
                AtomicFile.TryDeleteDirectory(temp);
                throw;
            }

            await io.Out.WriteLineAsync(target).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return synth;
    }
}
