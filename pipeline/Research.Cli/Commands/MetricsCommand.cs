using System.CommandLine;
using System.Globalization;
using Research.Media.Audio;
using Research.Media.Ffmpeg;
using Research.Media.Png;
using Research.Media.Wav;
using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Image;
using Research.Metrics.Pairing;
using Research.Reporting;
using Research.Stages.Evaluation;
using Research.Stages.Experiments;

namespace Research.Cli.Commands;

/// <summary>
/// <c>research metrics images|video</c>: the evaluate stage's metrics on arbitrary frames or videos. Metrics whose
/// weights or tools are missing are skipped with a one-line hint on stderr (and listed under "unavailable" in JSON).
/// </summary>
internal static class MetricsCommand
{
    public static Command Create(CliIo io) => new("metrics", "Compute metrics outside a run.") { Images(io), Video(io) };

    private static Command Images(CliIo io)
    {
        var pred = new Option<string>("--pred") { Description = "Predicted PNG, or a folder of PNGs.", Required = true };
        var gt = new Option<string>("--gt") { Description = "Ground-truth PNG, or a folder with the same file names.", Required = true };
        var common = new CommonOptions();
        var images = new Command("images", "PSNR, SSIM (canonical: 11×11 Gaussian, valid region) and LPIPS of predicted vs ground-truth frames.") { pred, gt };
        common.AddTo(images, video: false);
        images.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var resources = MetricResources.Resolve(common.Options(parse, video: false));
            await PrintHints(io, resources.Unavailable).ConfigureAwait(false);
            var setup = resources.CreateSetup(-1, BootstrapOptions.Default);
            List<FramePair> pairs;
            try
            {
                pairs = [.. FramePairing.Pair(parse.GetValue(pred)!, parse.GetValue(gt)!)];
            }
            catch (ArgumentException e)
            {
                throw UserError(e);
            }

            var report = await Evaluate(setup, new ClipInput
            {
                Names = [.. pairs.Select(p => p.Name)],
                LoadPred = i => PngFile.Read(pairs[i].PredPath),
                LoadGt = i => PngFile.Read(pairs[i].GtPath),
            }, cancellation).ConfigureAwait(false);
            if (parse.GetValue(common.Json))
            {
                await io.Out.WriteLineAsync(MetricsJson.Serialize(report.Image)).ConfigureAwait(false);
                return CliApp.Success;
            }

            await PrintText(io, report).ConfigureAwait(false);
            return CliApp.Success;
        }));
        return images;
    }

    private static Command Video(CliIo io)
    {
        var pred = new Option<string>("--pred") { Description = "Predicted video (any format ffmpeg reads).", Required = true };
        var gt = new Option<string>("--gt") { Description = "Ground-truth video.", Required = true };
        var audio = new Option<string?>("--audio") { Description = "Audio for Sync (WAV); default: the predicted video's audio track, else the ground truth's." };
        var fps = new Option<double>("--fps") { Description = "Frame rate both videos are decoded at (SyncNet assumes 25).", DefaultValueFactory = _ => 25 };
        var ffmpeg = new Option<string>("--ffmpeg") { Description = "ffmpeg executable.", DefaultValueFactory = _ => "ffmpeg" };
        var common = new CommonOptions();
        var video = new Command("video", "Every metric the weights and tools allow on two videos: PSNR, SSIM, LPIPS, Sync-C / Sync-D, AUE, LMD.") { pred, gt, audio, fps, ffmpeg };
        common.AddTo(video, video: true);
        video.SetAction((parse, cancellation) => CliApp.GuardAsync(io, async () =>
        {
            var resources = MetricResources.Resolve(common.Options(parse, video: true));
            await PrintHints(io, resources.Unavailable).ConfigureAwait(false);
            var setup = resources.CreateSetup(-1, BootstrapOptions.Default);
            var tools = new FfmpegTools(parse.GetValue(ffmpeg));
            tools.RequireFfmpeg();
            var ops = new FfmpegOperations(tools);
            var work = Path.Combine(Path.GetTempPath(), "research-metrics", Guid.NewGuid().ToString("N"));
            try
            {
                var predPath = parse.GetValue(pred)!;
                var gtPath = parse.GetValue(gt)!;
                var rate = parse.GetValue(fps);
                var predCount = await ops.ExtractFramesAsync(predPath, Path.Combine(work, "pred"), rate, cancellation).ConfigureAwait(false);
                var gtCount = await ops.ExtractFramesAsync(gtPath, Path.Combine(work, "gt"), rate, cancellation).ConfigureAwait(false);
                var count = Math.Min(predCount, gtCount);
                if (predCount != gtCount)
                {
                    await io.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"note: {predPath} has {predCount} frames and {gtPath} {gtCount}; scoring the first {count}.")).ConfigureAwait(false);
                }

                string Frame(string side, int i) => Path.Combine(work, side, i.ToString(CultureInfo.InvariantCulture) + ".png");
                var clip = setup.SyncNet is null ? null : await Audio(ops, parse.GetValue(audio), predPath, gtPath, work, cancellation).ConfigureAwait(false);
                var report = await Evaluate(setup, new ClipInput
                {
                    Names = [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture) + ".png")],
                    LoadPred = i => PngFile.Read(Frame("pred", i)),
                    LoadGt = i => PngFile.Read(Frame("gt", i)),
                    Fps = rate,
                    Audio = clip,
                    PredOpenFaceInput = Path.GetFullPath(predPath),
                    GtOpenFaceInput = Path.GetFullPath(gtPath),
                    WorkDirectory = Path.Combine(work, "openface"),
                }, cancellation).ConfigureAwait(false);
                if (parse.GetValue(common.Json))
                {
                    await io.Out.WriteLineAsync(MetricsJson.Serialize(report)).ConfigureAwait(false);
                    return CliApp.Success;
                }

                await PrintText(io, report).ConfigureAwait(false);
                return CliApp.Success;
            }
            finally
            {
                Media.IO.AtomicFile.TryDeleteDirectory(work);
            }
        }));
        return video;
    }

    private static async Task<MetricsReport> Evaluate(Metrics.Evaluation.ClipMetricsSetup setup, ClipInput input, CancellationToken cancellation)
    {
        try
        {
            return await new ClipEvaluator(setup).EvaluateAsync(input, null, cancellation).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            // Mismatched sizes and too-small frames are the user's inputs, not a crash.
            throw UserError(e);
        }
    }

    // --audio, else the predicted video's track, else the ground truth's; null when neither has audio.
    private static async Task<AudioClip?> Audio(FfmpegOperations ops, string? audio, string pred, string gt, string work, CancellationToken cancellation)
    {
        if (audio is not null)
        {
            return WavFile.Read(audio);
        }

        foreach (var source in new[] { pred, gt })
        {
            var wav = Path.Combine(work, Path.GetFileNameWithoutExtension(source) + "-audio.wav");
            try
            {
                await ops.ExtractAudioAsync(source, wav, 16000, cancellation).ConfigureAwait(false);
                return WavFile.Read(wav);
            }
            catch (FfmpegException)
            {
                // No audio stream in this file: try the next one.
            }
        }

        return null;
    }

    private static async Task PrintHints(CliIo io, IEnumerable<UnavailableMetric> unavailable)
    {
        foreach (var group in unavailable.GroupBy(u => u.Reason))
        {
            await io.Error.WriteLineAsync($"{string.Join(", ", group.Select(u => MetricLabels.Name(u.Metric)))} not computed: {group.Key}").ConfigureAwait(false);
        }
    }

    private static async Task PrintText(CliIo io, MetricsReport report)
    {
        var image = report.Image;
        foreach (var f in image.Frames)
        {
            var lpips = f.Lpips is { } l ? string.Create(CultureInfo.InvariantCulture, $"  LPIPS {l:F4}") : string.Empty;
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{f.Name}  PSNR {f.Psnr:F3} dB  SSIM {f.Ssim:F4}{lpips}")).ConfigureAwait(false);
        }

        var mean = string.Create(CultureInfo.InvariantCulture, $"mean  PSNR {image.Psnr.Mean:F3} dB  SSIM {image.Ssim.Mean:F4}");
        if (image.Lpips is { } lp)
        {
            mean += string.Create(CultureInfo.InvariantCulture, $"  LPIPS {lp.Mean:F4}");
        }

        var lpipsNote = image.LpipsVariant is { } v ? $"; LPIPS {v}" : string.Empty;
        await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{mean}  ({image.Frames.Count} frames; SSIM variant {image.SsimVariant}{lpipsNote})")).ConfigureAwait(false);
        if (report.Sync is { } s)
        {
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Sync-C {s.SyncC:F3}  Sync-D {s.SyncD:F3}  offset {s.Offset}  ({s.WindowCount} windows; crop {s.CropMode})")).ConfigureAwait(false);
        }

        if (report.Aue is { } a)
        {
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"AUE-U {a.Upper.Aggregate.Mean:F4}  AUE-L {a.Lower.Aggregate.Mean:F4}  ({a.Frames.Count} frames)")).ConfigureAwait(false);
        }

        if (report.Lmd is { } m)
        {
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"LMD {m.Lmd.Mean:F3} px  ({m.Frames.Count} frames)")).ConfigureAwait(false);
        }
    }

    private static Pipeline.Errors.UserErrorException UserError(ArgumentException e)
    {
        var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal);
        return new Pipeline.Errors.UserErrorException(message, e);
    }

    /// <summary>The options both subcommands share, turned into the pipeline's <see cref="MetricsOptions"/>.</summary>
    private sealed class CommonOptions
    {
        public Option<bool> Json { get; } = new("--json") { Description = "Print per-frame values and aggregates as JSON." };

        public Option<string> SsimVariant { get; } = new("--ssim-variant") { Description = "SSIM variant: gaussian11-valid (canonical), 3dgs-zero-pad or skimage-default-7x7.", DefaultValueFactory = _ => "gaussian11-valid" };

        public Option<string?> LpipsWeights { get; } = new("--lpips-weights") { Description = "Folder with the LPIPS trunk and lin files (docs/weights.md); default ~/.cache/research/weights/lpips." };

        public Option<string> LpipsNet { get; } = new("--lpips-net") { Description = "LPIPS trunk: alex (default) or vgg.", DefaultValueFactory = _ => "alex" };

        public Option<string?> LpipsVariant { get; } = new("--lpips-variant") { Description = "Named LPIPS variant (overrides --lpips-net), e.g. vgg_lpipsPyTorch_unscaled." };

        public Option<bool> NoLpips { get; } = new("--no-lpips") { Description = "Skip LPIPS." };

        public Option<string?> SyncNetWeights { get; } = new("--syncnet-weights") { Description = "syncnet_v2.model (or a folder holding it); default ~/.cache/research/weights/syncnet." };

        public Option<string?> OpenFace { get; } = new("--openface") { Description = "OpenFace 2.2 FeatureExtraction binary, for AUE and LMD." };

        public void AddTo(Command command, bool video)
        {
            command.Add(Json);
            command.Add(SsimVariant);
            command.Add(LpipsWeights);
            command.Add(LpipsNet);
            command.Add(LpipsVariant);
            command.Add(NoLpips);
            if (video)
            {
                command.Add(SyncNetWeights);
                command.Add(OpenFace);
            }
        }

        public MetricsOptions Options(ParseResult parse, bool video)
        {
            var ssim = parse.GetValue(SsimVariant)!;
            if (!SsimVariantExtensions.TryParse(ssim, out var parsed))
            {
                throw new Pipeline.Errors.UserErrorException($"--ssim-variant '{ssim}': use one of {string.Join(", ", Enum.GetValues<SsimVariant>().Select(v => v.ToId()))}.");
            }

            var net = parse.GetValue(LpipsNet)!;
            var variant = parse.GetValue(LpipsVariant) ?? net switch
            {
                "alex" => Metrics.Lpips.LpipsVariant.AlexNormalize.Name,
                "vgg" => Metrics.Lpips.LpipsVariant.VggNormalize.Name,
                _ => throw new Pipeline.Errors.UserErrorException($"--lpips-net '{net}': use alex or vgg."),
            };
            if (Metrics.Lpips.LpipsVariant.Find(variant) is null)
            {
                throw new Pipeline.Errors.UserErrorException($"--lpips-variant '{variant}': use one of {string.Join(", ", Metrics.Lpips.LpipsVariant.All.Select(v => v.Name))}.");
            }

            return new MetricsOptions
            {
                SsimVariant = parsed.Value.ToId(),
                Lpips = new LpipsOptions { Enabled = !parse.GetValue(NoLpips), Variant = variant, Weights = parse.GetValue(LpipsWeights) },
                Syncnet = new SyncNetOptions { Enabled = video, Weights = video ? parse.GetValue(SyncNetWeights) : null, Crop = "resize224" },
                Openface = new OpenFaceOptions { Path = video ? parse.GetValue(OpenFace) : null, Aue = video, Lmd = video },
            };
        }
    }
}
