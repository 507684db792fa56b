using Research.Media.Ffmpeg;
using Research.Pipeline.Execution;
using Research.Pipeline.Seeding;
using Research.Stages.Evaluation;
using Research.Stages.Experiments;
using Research.Stages.Preparation;
using Research.Stages.Training;

namespace Research.Stages.Planning;

/// <summary>
/// Builds the stage graph of an experiment: per dataset <c>prepare</c> → <c>audio-features</c> (shared by every job
/// on that dataset), per job <c>train</c> → <c>render</c> → <c>evaluate</c> (and <c>video</c> when ffmpeg is present).
/// Seeds derive from (root, dataset, method, variant, seed index, stage).
/// </summary>
public sealed class ExperimentPlanner
{
    private readonly LoadedExperiment _experiment;
    private readonly FfmpegTools? _ffmpeg;
    private readonly string? _ffmpegVersion;

    /// <summary>Creates a planner; <paramref name="ffmpeg"/> is null when ffmpeg is unavailable.</summary>
    public ExperimentPlanner(LoadedExperiment experiment, FfmpegTools? ffmpeg, string? ffmpegVersion)
    {
        _experiment = experiment;
        _ffmpeg = ffmpeg;
        _ffmpegVersion = ffmpegVersion;
    }

    /// <summary>Notices about fallbacks taken while planning (e.g. no videos without ffmpeg).</summary>
    public List<string> Notices { get; } = [];

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

    private IEnumerable<StageDefinition> DatasetStages(string name, DatasetOptions options)
    {
        var prepareId = DatasetStageId(name, PrepareStage.Name);
        var inputs = new List<StageInput>();
        var tools = new Dictionary<string, string>();
        if (options.Kind == DatasetKind.Video)
        {
            inputs.Add(StageInput.FromPath(PrepareStage.VideoInput, options.Path!));
            if (_ffmpeg is null)
            {
                throw new Pipeline.Errors.UserErrorException($"Dataset '{name}' is a video and needs ffmpeg, which was not found (set run.ffmpeg to its path). {FfmpegTools.InstallHint}");
            }

            tools["ffmpeg"] = _ffmpegVersion ?? "unknown";
        }

        yield return new StageDefinition
        {
            Id = prepareId,
            Name = PrepareStage.Name,
            CodeVersion = PrepareStage.CodeVersion,
            Parameters = new { options.Kind, options.Fps, options.Seconds, options.Resolution, options.Seed, options.Split },
            Inputs = inputs,
            Tools = tools,
            Execute = ctx => PrepareStage.RunAsync(options, _ffmpeg, ctx),
        };
        yield return new StageDefinition
        {
            Id = DatasetStageId(name, AudioFeaturesStage.Name),
            Name = AudioFeaturesStage.Name,
            CodeVersion = AudioFeaturesStage.CodeVersion,
            Parameters = options.AudioFeatures,
            Inputs = [StageInput.FromStage(AudioFeaturesStage.DatasetInput, prepareId)],
            Execute = ctx => AudioFeaturesStage.RunAsync(options.AudioFeatures, ctx),
        };
    }

    private IEnumerable<StageDefinition> JobStages(JobSpec job, bool videos)
    {
        var root = _experiment.Config.Experiment.Seed;
        var prepare = DatasetStageId(job.Dataset, PrepareStage.Name);
        var features = DatasetStageId(job.Dataset, AudioFeaturesStage.Name);
        var seedIndex = job.SeedIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int Seed(string stage) => SeedDeriver.Derive(root, job.Dataset, job.Entry, job.Variant, seedIndex, stage);
        var methodParams = new { Method = job.Method.Name, Options = job.Options };
        var trainId = JobStageId(job, MethodStages.TrainName);
        var renderId = JobStageId(job, MethodStages.RenderName);
        yield return new StageDefinition
        {
            Id = trainId,
            Name = MethodStages.TrainName,
            JobId = job.Id,
            CodeVersion = MethodStages.CodeVersion,
            Parameters = methodParams,
            Seed = Seed(MethodStages.TrainName),
            Inputs = [StageInput.FromStage(MethodStages.DatasetInput, prepare), StageInput.FromStage(MethodStages.FeaturesInput, features)],
            Execute = ctx => MethodStages.TrainAsync(job, ctx),
        };
        yield return new StageDefinition
        {
            Id = renderId,
            Name = MethodStages.RenderName,
            JobId = job.Id,
            CodeVersion = MethodStages.CodeVersion,
            Parameters = methodParams,
            Seed = Seed(MethodStages.RenderName),
            Inputs =
            [
                StageInput.FromStage(MethodStages.DatasetInput, prepare),
                StageInput.FromStage(MethodStages.FeaturesInput, features),
                StageInput.FromStage(MethodStages.ModelInput, trainId),
            ],
            Execute = ctx => MethodStages.RenderAsync(job, ctx),
        };
        yield return new StageDefinition
        {
            Id = JobStageId(job, EvaluateStage.Name),
            Name = EvaluateStage.Name,
            JobId = job.Id,
            CodeVersion = EvaluateStage.CodeVersion,
            Parameters = _experiment.Config.Metrics,
            Seed = Seed(EvaluateStage.Name),
            Inputs = [StageInput.FromStage(EvaluateStage.DatasetInput, prepare), StageInput.FromStage(EvaluateStage.RenderInput, renderId)],
            Execute = ctx => EvaluateStage.RunAsync(_experiment.Config.Metrics, ctx),
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
