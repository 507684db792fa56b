using Research.Datasets.ErNerf;
using Research.Media.Ffmpeg;
using Research.Methods;
using Research.Pipeline.Execution;
using Research.Pipeline.Seeding;
using Research.Stages.Evaluation;
using Research.Stages.Experiments;
using Research.Stages.Preparation;
using Research.Stages.Training;

namespace Research.Stages.Planning;

/// <summary>
/// Builds the stage graph of an experiment. Per dataset, shared by every job on it: (<c>synthesize</c> →)
/// <c>extract</c> → <c>audio-features</c>, and with parsing maps <c>masks</c> and <c>background</c>. Per job:
/// <c>train</c> → <c>render</c> → <c>evaluate</c> (and <c>video</c> when ffmpeg is present).
/// Seeds derive from (root, dataset, method, variant, seed index, stage).
/// </summary>
public sealed class ExperimentPlanner
{
    private readonly LoadedExperiment _experiment;
    private readonly FfmpegTools? _ffmpeg;
    private readonly string? _ffmpegVersion;
    private MetricResources? _metrics;
    private TrainingLpips? _trainingLpips;

    /// <summary>Creates a planner; <paramref name="ffmpeg"/> is null when ffmpeg is unavailable.</summary>
    public ExperimentPlanner(LoadedExperiment experiment, FfmpegTools? ffmpeg, string? ffmpegVersion)
    {
        _experiment = experiment;
        _ffmpeg = ffmpeg;
        _ffmpegVersion = ffmpegVersion;
    }

    /// <summary>Notices about fallbacks taken while planning (e.g. no videos without ffmpeg).</summary>
    public List<string> Notices { get; } = [];

    /// <summary>
    /// The weight files and tools of the configured metrics, found on first use; each missing one is a one-line hint
    /// for the log (reports show the metric as "—" with the same text as a footnote).
    /// </summary>
    public MetricResources Metrics => _metrics ??= MetricResources.Resolve(_experiment.Config.Metrics);

    /// <summary>
    /// The LPIPS-alex weights for methods with LPIPS training terms (the folder of <c>metrics.lpips.weights</c>), found
    /// on first use.
    /// </summary>
    public TrainingLpips TrainingLpips => _trainingLpips ??= TrainingLpips.Resolve(_experiment.Config.Metrics.Lpips.Weights);

    /// <summary>Id of a dataset's shared stage.</summary>
    public static string DatasetStageId(string dataset, string stage) => $"data/{dataset}/{stage}";

    /// <summary>Id of a job's stage.</summary>
    public static string JobStageId(JobSpec job, string stage)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"{job.Id}/{stage}";
    }

    /// <summary>The stages for <paramref name="jobs"/> (typically one shard of the experiment's jobs).</summary>
    public IReadOnlyList<StageDefinition> Build(IReadOnlyList<JobSpec> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var stages = new List<StageDefinition>();
        var config = _experiment.Config;
        foreach (var datasetName in jobs.Select(j => j.Dataset).Distinct(StringComparer.Ordinal))
        {
            stages.AddRange(DatasetStages(datasetName, config.Datasets[datasetName]));
        }

        var videos = config.Run.Videos && _ffmpeg is not null;
        if (config.Run.Videos && _ffmpeg is null)
        {
            Notices.Add("ffmpeg not found: skipping mp4 encoding of renders (install ffmpeg to get videos).");
        }

        foreach (var job in jobs)
        {
            stages.AddRange(JobStages(job, videos));
        }

        return stages;
    }

    /// <summary>The stage a job reads its dataset from: <c>background</c> when the dataset has one, else <c>extract</c>.</summary>
    public string DatasetOutputStage(string dataset) =>
        HasParsing(_experiment.Config.Datasets[dataset]) ? DatasetStageId(dataset, BackgroundStage.Name) : DatasetStageId(dataset, ExtractStage.Name);

    // Masks and the background plate need parsing maps: the synthetic head has them, a raw video never does.
    private static bool HasParsing(DatasetOptions options) => options.Kind switch
    {
        DatasetKind.Synthetic => true,
        DatasetKind.Ernerf => Directory.Exists(Path.Combine(options.Path!, ErNerfLayout.Parsing)),
        _ => false,
    };

    private IEnumerable<StageDefinition> DatasetStages(string name, DatasetOptions options)
    {
        var extractId = DatasetStageId(name, ExtractStage.Name);
        var tools = new Dictionary<string, string>();
        StageInput source;
        switch (options.Kind)
        {
            case DatasetKind.Synthetic:
                var synthesizeId = DatasetStageId(name, SynthesizeStage.Name);
                var synthesizeTools = new Dictionary<string, string>();
                if (_ffmpeg is not null)
                {
                    synthesizeTools["ffmpeg"] = _ffmpegVersion ?? "unknown";
                }
                else
                {
                    Notices.Add($"ffmpeg not found: dataset '{name}' is generated without clip.mp4 (frames, audio and annotations are complete).");
                }

                yield return new StageDefinition
                {
                    Id = synthesizeId,
                    Name = SynthesizeStage.Name,
                    CodeVersion = SynthesizeStage.CodeVersion,
                    Parameters = new { options.Fps, options.Synthetic },
                    Tools = synthesizeTools,
                    Execute = ctx => SynthesizeStage.RunAsync(options, _ffmpeg, ctx),
                };
                source = StageInput.FromStage(ExtractStage.SourceInput, synthesizeId);
                break;
            case DatasetKind.Ernerf:
                if (!Directory.Exists(options.Path))
                {
                    throw new Pipeline.Errors.UserErrorException($"Dataset '{name}': the ER-NeRF dataset folder '{options.Path}' does not exist. Set datasets.{name}.path to the folder the official preprocessing wrote (docs/datasets.md).");
                }

                source = StageInput.FromPath(ExtractStage.SourceInput, options.Path!);
                if (_ffmpeg is not null)
                {
                    tools["ffmpeg"] = _ffmpegVersion ?? "unknown";
                }

                break;
            default:
                if (_ffmpeg is null)
                {
                    throw new Pipeline.Errors.UserErrorException($"Dataset '{name}' is a video and needs ffmpeg, which was not found (set run.ffmpeg to its path). {FfmpegTools.InstallHint}");
                }

                source = StageInput.FromPath(ExtractStage.SourceInput, options.Path!);
                tools["ffmpeg"] = _ffmpegVersion ?? "unknown";
                break;
        }

        yield return new StageDefinition
        {
            Id = extractId,
            Name = ExtractStage.Name,
            CodeVersion = ExtractStage.CodeVersion,
            Parameters = new { options.Kind, options.Fps, options.ParsingOrder, options.Split },
            Inputs = [source],
            Tools = tools,
            Execute = ctx => ExtractStage.RunAsync(options, _ffmpeg, ctx),
        };
        yield return new StageDefinition
        {
            Id = DatasetStageId(name, AudioFeaturesStage.Name),
            Name = AudioFeaturesStage.Name,
            CodeVersion = AudioFeaturesStage.CodeVersion,
            Parameters = options.AudioFeatures,
            Inputs = [StageInput.FromStage(AudioFeaturesStage.DatasetInput, extractId)],
            Execute = ctx => AudioFeaturesStage.RunAsync(options.AudioFeatures, ctx),
        };
        if (!HasParsing(options))
        {
            if (options.Kind == DatasetKind.Video)
            {
                Notices.Add($"Dataset '{name}' is a raw video: no masks or background plate (they need face parsing; preprocess it with the official scripts and use kind: ernerf).");
            }

            yield break;
        }

        yield return new StageDefinition
        {
            Id = DatasetStageId(name, MasksStage.Name),
            Name = MasksStage.Name,
            CodeVersion = MasksStage.CodeVersion,
            Parameters = options.Masks,
            Inputs = [StageInput.FromStage(MasksStage.DatasetInput, extractId)],
            Execute = ctx => MasksStage.RunAsync(options.Masks, ctx),
        };
        yield return new StageDefinition
        {
            Id = DatasetStageId(name, BackgroundStage.Name),
            Name = BackgroundStage.Name,
            CodeVersion = BackgroundStage.CodeVersion,
            Parameters = options.Background,
            Inputs = [StageInput.FromStage(BackgroundStage.DatasetInput, extractId)],
            Execute = ctx => BackgroundStage.RunAsync(options.Background, ctx),
        };
    }

    private IEnumerable<StageDefinition> JobStages(JobSpec job, bool videos)
    {
        var root = _experiment.Config.Experiment.Seed;
        var prepare = DatasetOutputStage(job.Dataset);
        var features = DatasetStageId(job.Dataset, AudioFeaturesStage.Name);
        List<StageInput> methodInputs = [StageInput.FromStage(MethodStages.DatasetInput, prepare), StageInput.FromStage(MethodStages.FeaturesInput, features)];
        if (HasParsing(_experiment.Config.Datasets[job.Dataset]))
        {
            methodInputs.Add(StageInput.FromStage(MethodStages.MasksInput, DatasetStageId(job.Dataset, MasksStage.Name)));
        }

        var seedIndex = job.SeedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int Seed(string stage) => SeedDeriver.Derive(root, job.Dataset, job.Entry, job.Variant, seedIndex, stage);
        var methodParams = new { Method = job.Method.Name, Options = job.Options };
        var trainParams = new { Method = job.Method.Name, Options = job.Options is ITrainingOptionsView view ? view.ForTraining() : job.Options };
        var trainId = JobStageId(job, MethodStages.TrainName);
        var renderId = JobStageId(job, MethodStages.RenderName);
        yield return new StageDefinition
        {
            Id = trainId,
            Name = MethodStages.TrainName,
            JobId = job.Id,
            CodeVersion = MethodStages.CodeVersion,
            Parameters = job.Method.UsesPerceptualLoss ? new { trainParams.Method, trainParams.Options, TrainingLpips.Fingerprint } : trainParams,
            Seed = Seed(MethodStages.TrainName),
            Inputs = methodInputs,
            VolatileOutputs = [MethodStages.CurvesFile],
            Execute = ctx => MethodStages.TrainAsync(job, ctx, job.Method.UsesPerceptualLoss ? TrainingLpips : null),
        };
        yield return new StageDefinition
        {
            Id = renderId,
            Name = MethodStages.RenderName,
            JobId = job.Id,
            CodeVersion = MethodStages.CodeVersion,
            Parameters = methodParams,
            Seed = Seed(MethodStages.RenderName),
            Inputs = [.. methodInputs, StageInput.FromStage(MethodStages.ModelInput, trainId)],
            Execute = ctx => MethodStages.RenderAsync(job, ctx),
        };
        yield return new StageDefinition
        {
            Id = JobStageId(job, EvaluateStage.Name),
            Name = EvaluateStage.Name,
            JobId = job.Id,
            CodeVersion = EvaluateStage.CodeVersion,
            Parameters = Metrics.Fingerprint,
            Seed = Seed(EvaluateStage.Name),
            Inputs = [StageInput.FromStage(EvaluateStage.DatasetInput, prepare), StageInput.FromStage(EvaluateStage.RenderInput, renderId)],
            Execute = ctx => EvaluateStage.RunAsync(_experiment.Config.Metrics, Metrics, ctx),
        };
        if (videos)
        {
            yield return new StageDefinition
            {
                Id = JobStageId(job, VideoStage.Name),
                Name = VideoStage.Name,
                JobId = job.Id,
                CodeVersion = VideoStage.CodeVersion,
                Tools = new Dictionary<string, string> { ["ffmpeg"] = _ffmpegVersion ?? "unknown" },
                Inputs = [StageInput.FromStage(VideoStage.DatasetInput, prepare), StageInput.FromStage(VideoStage.RenderInput, renderId)],
                Execute = ctx => VideoStage.RunAsync(_ffmpeg!, ctx),
            };
        }
    }
}
