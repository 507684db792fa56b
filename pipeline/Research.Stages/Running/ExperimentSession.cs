using System.Reflection;
using System.Text.Json;
using Research.Media.Ffmpeg;
using Research.Media.IO;
using Research.Methods;
using Research.Pipeline.Caching;
using Research.Pipeline.Execution;
using Research.Pipeline.Runs;
using Research.Pipeline.Storage;
using Research.Stages.Evaluation;
using Research.Stages.Experiments;
using Research.Stages.Planning;
using Research.Stages.Training;

namespace Research.Stages.Running;

/// <summary>
/// The pipeline's front door: validate (load and bind the experiment, build the stage graph), then plan or run,
/// publish outputs into the run folder, and write the manifest and the report.
/// </summary>
public sealed class ExperimentSession
{
    /// <summary>Name of the job description file inside each published job folder.</summary>
    public const string JobFile = "job.json";

    private readonly MethodRegistry _registry;

    /// <summary>Creates a session over a method registry.</summary>
    public ExperimentSession(MethodRegistry registry) => _registry = registry;

    /// <summary>Loads and validates an experiment.</summary>
    public LoadedExperiment Load(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ExperimentLoader(_registry).Load(request.ExperimentPath, request.Overrides);
    }

    /// <summary>What a run would do.</summary>
    public IReadOnlyList<StageOutcome> Plan(RunRequest request, IRunObserver observer)
    {
        ArgumentNullException.ThrowIfNull(request);
        var experiment = Load(request);
        var (stages, _, _) = BuildStages(experiment, request);
        var executor = new StageExecutor(new StageCache(experiment.Config.Run.CacheDir), observer, Threads(experiment), null);
        return executor.Plan(stages, request.Force);
    }

    /// <summary>Runs the experiment (or one shard of it).</summary>
    public async Task<RunResult> RunAsync(RunRequest request, IRunObserver observer, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        var experiment = Load(request);
        var (stages, planner, ffmpegVersion) = BuildStages(experiment, request);
        foreach (var notice in planner.Notices)
        {
            observer.Message(notice);
        }

        foreach (var missing in planner.Metrics.Unavailable)
        {
            observer.Message($"{Reporting.MetricLabels.Name(missing.Metric)} will be shown as —: {missing.Reason}");
        }

        var started = DateTimeOffset.UtcNow;
        var runDir = request.RunDirectory is not null
            ? RunDirectory.Open(request.RunDirectory)
            : RunDirectory.CreateTimestamped(experiment.Config.Run.RunsDir, experiment.Name, started);
        var resolved = experiment.ResolvedYaml;
        runDir.WriteText("config.yaml", resolved);
        runDir.WriteText("overrides.yaml", experiment.OverridesYaml);

        var probe = new EnvironmentProbe(Path.GetDirectoryName(Path.GetFullPath(request.ExperimentPath))!);
        var shard = request.Shard?.ToString();
        var threads = Threads(experiment);

        // The compute engine's fixed partitions follow the run's thread count, so results are reproducible per setting.
        Tensors.Threading.ComputeThreads.Count = threads;
        RunManifest Manifest(IReadOnlyList<StageOutcome> outcomes, DateTimeOffset? finished) => new()
        {
            Experiment = experiment.Name,
            ExperimentFile = request.ExperimentPath,
            Overrides = request.Overrides,
            ConfigHash = ContentHasher.HashText(resolved),
            CommandLine = request.CommandLine,
            Shard = shard,
            StartedUtc = started,
            FinishedUtc = finished,
            GitCommit = probe.GitCommit,
            GitDirty = probe.GitDirty,
            ToolVersion = typeof(ExperimentSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            DotNet = EnvironmentProbe.DotNet,
            OperatingSystem = EnvironmentProbe.OperatingSystem,
            Cpu = probe.Cpu,
            ProcessorCount = EnvironmentProbe.ProcessorCount,
            Threads = threads,
            Ffmpeg = ffmpegVersion,
            RootSeed = experiment.Config.Experiment.Seed,
            Seeds = stages.Where(s => s.Seed is not null).ToDictionary(s => s.Id, s => s.Seed!.Value, StringComparer.Ordinal),
            Stages = [.. outcomes.Select(o => new ManifestStage(o.Stage.Id, o.Stage.Name, o.Stage.JobId, ConfigNameOf(o.Status), o.Status == StageStatus.Hit, o.Reason, o.Key, o.OutputHash, o.Seconds, o.Error))],
            Notices = planner.Notices,
        };

        var recorder = new RecordingObserver(observer, outcomes => runDir.WriteManifest(Manifest(outcomes, null), shard));
        runDir.WriteManifest(Manifest([], null), shard);
        var executor = new StageExecutor(new StageCache(experiment.Config.Run.CacheDir), recorder, threads, runDir.Logs);
        var results = await executor.RunAsync(stages, request.Force, cancellation).ConfigureAwait(false);
        Publish(runDir, results, experiment.Jobs);
        runDir.WriteManifest(Manifest(results, DateTimeOffset.UtcNow), shard);
        var report = ReportBuilder.Write(runDir.Path, experiment.Config, experiment.Name, planner.Notices);
        return new RunResult(runDir.Path, results, report);
    }

    private (IReadOnlyList<StageDefinition> Stages, ExperimentPlanner Planner, string? FfmpegVersion) BuildStages(LoadedExperiment experiment, RunRequest request)
    {
        var jobs = request.Shard is null ? experiment.Jobs : request.Shard.Select(experiment.Jobs);
        var (available, version) = ProbeFfmpeg(experiment.Config.Run.Ffmpeg);
        var planner = new ExperimentPlanner(experiment, available, version);
        return (planner.Build(jobs), planner, version);
    }

    // ffmpeg is optional: without it (or when it cannot even report its version) video stages are left out.
    private static (FfmpegTools? Tools, string? Version) ProbeFfmpeg(string ffmpeg)
    {
        var tools = new FfmpegTools(ffmpeg);
        if (!tools.IsAvailable)
        {
            return (null, null);
        }

        try
        {
            return (tools, tools.Version);
        }
        catch (Exception e) when (e is FfmpegException or ToolNotFoundException)
        {
            return (null, null);
        }
    }

    private static int Threads(LoadedExperiment experiment) =>
        experiment.Config.Run.Threads > 0 ? experiment.Config.Run.Threads : Environment.ProcessorCount;

    private static string ConfigNameOf(StageStatus status) => Pipeline.Configuration.ConfigNaming.ToKebabCase(status.ToString());

    // Links training curves, renders, metrics and videos of every job into runs/…/jobs/<job>/ so the run folder stands alone.
    private static void Publish(RunDirectory runDir, IReadOnlyList<StageOutcome> outcomes, IReadOnlyList<JobSpec> jobs)
    {
        var positions = jobs.Select((j, i) => (j, i)).ToDictionary(p => p.j.Id, p => p, StringComparer.Ordinal);
        var outputs = outcomes.Where(o => o.OutputPath is not null).ToDictionary(o => o.Stage.Id, o => o.OutputPath!, StringComparer.Ordinal);
        foreach (var job in outcomes.Where(o => o.Stage.JobId is not null && o.OutputPath is not null).GroupBy(o => o.Stage.JobId!))
        {
            var dir = runDir.JobDirectory(job.Key);
            foreach (var o in job)
            {
                switch (o.Stage.Name)
                {
                    case MethodStages.TrainName:
                        RunDirectory.Publish(o.OutputPath!, Path.Combine(dir, JobInputs.ModelFolder));
                        WriteInputs(dir, o, outputs);
                        if (File.Exists(Path.Combine(o.OutputPath!, MethodStages.CurvesFile)))
                        {
                            FileTree.LinkOrCopyFile(Path.Combine(o.OutputPath!, MethodStages.CurvesFile), Path.Combine(dir, MethodStages.CurvesFile));
                        }

                        break;
                    case MethodStages.RenderName:
                        RunDirectory.Publish(Path.Combine(o.OutputPath!, MethodStages.FramesFolder), Path.Combine(dir, "renders"));
                        break;
                    case EvaluateStage.Name:
                    case VideoStage.Name:
                        RunDirectory.Publish(o.OutputPath!, dir);
                        break;
                }
            }

            var (spec, position) = positions[job.Key];
            var description = new JobDescription(spec.Dataset, spec.Entry, spec.Variant, spec.SeedIndex, position);
            AtomicFile.WriteAllText(Path.Combine(dir, JobFile), JsonSerializer.Serialize(description, CanonicalJson.Indented) + "\n");
        }
    }

    // inputs.json: where the train stage's model and dataset live in the cache (absolute paths), for inference.
    private static void WriteInputs(string jobDirectory, StageOutcome train, Dictionary<string, string> outputs)
    {
        string? Input(string name)
        {
            var input = train.Stage.Inputs.FirstOrDefault(i => i.Name == name);
            var path = input is null ? null : input.UpstreamStageId is { } id ? outputs.GetValueOrDefault(id) : input.ExternalPath;
            return path is null ? null : Path.GetFullPath(path);
        }

        if (Input(MethodStages.DatasetInput) is not { } dataset || Input(MethodStages.FeaturesInput) is not { } features)
        {
            return;
        }

        var inputs = new JobInputs(Path.GetFullPath(train.OutputPath!), dataset, features, Input(MethodStages.MasksInput));
        AtomicFile.WriteAllText(Path.Combine(jobDirectory, JobInputs.FileName), JsonSerializer.Serialize(inputs, CanonicalJson.Indented) + "\n");
    }

    private sealed class RecordingObserver(IRunObserver inner, Action<IReadOnlyList<StageOutcome>> onChange) : IRunObserver
    {
        private readonly List<StageOutcome> _outcomes = [];

        public void StageStarted(StageDefinition stage, string reason) => inner.StageStarted(stage, reason);

        public void StageProgress(StageDefinition stage, StageProgress progress) => inner.StageProgress(stage, progress);

        public void StageFinished(StageOutcome outcome)
        {
            _outcomes.Add(outcome);
            onChange(_outcomes);
            inner.StageFinished(outcome);
        }

        public void Message(string text) => inner.Message(text);
    }
}
