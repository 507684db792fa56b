using System.Text.Json;
using Research.Methods;
using Research.Pipeline.Caching;
using Research.Pipeline.Errors;
using Research.Stages.Experiments;
using Research.Stages.Running;

namespace Research.Stages.Synthesis;

/// <summary>
/// Finds a trained job of a run: the run's saved <c>config.yaml</c> gives the job's method and options, and the job
/// folder's <c>inputs.json</c> (written when the run publishes a finished train stage) the cached model and dataset.
/// </summary>
public static class RunJobResolver
{
    private const string ConfigFile = "config.yaml";

    /// <summary>
    /// Resolves <paramref name="path"/> (a run folder, or one of its job folders) and <paramref name="job"/> (a job id;
    /// optional when exactly one trained job can be driven by audio). Every mistake is a <see cref="UserErrorException"/>.
    /// </summary>
    public static ResolvedJob Resolve(string path, string? job, MethodRegistry registry) => Resolve(path, job, registry, JobCapability.AudioDriven);

    /// <summary>
    /// As <see cref="Resolve(string, string?, MethodRegistry)"/>, with <paramref name="job"/> optional when exactly one
    /// trained job has <paramref name="capability"/>.
    /// </summary>
    public static ResolvedJob Resolve(string path, string? job, MethodRegistry registry, JobCapability capability)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(capability);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!Directory.Exists(full))
        {
            throw new UserErrorException($"--run '{path}' does not exist; pass a run folder (runs/<experiment>/<time>/) or one of its job folders (…/jobs/<dataset>/<method>/<variant>/s<i>/).");
        }

        var runDir = full;
        if (File.Exists(Path.Combine(full, JobInputs.FileName)) || File.Exists(Path.Combine(full, ExperimentSession.JobFile)))
        {
            (runDir, var id) = RunOfJobFolder(full, path);
            if (job is not null && job != id)
            {
                throw new UserErrorException($"--run '{path}' is the folder of job '{id}' but --job asks for '{job}'; drop --job or pass the run folder.");
            }

            job = id;
        }
        else if (!File.Exists(Path.Combine(full, ConfigFile)))
        {
            throw new UserErrorException($"'{path}' is neither a run folder (with config.yaml and jobs/) nor a job folder (with inputs.json); pass e.g. runs/quickstart/20260101-120000.");
        }

        var experiment = new ExperimentLoader(registry).Load(Path.Combine(runDir, ConfigFile), []);
        string InputsFile(JobSpec j) => Path.Combine(runDir, "jobs", j.Id.Replace('/', Path.DirectorySeparatorChar), JobInputs.FileName);
        JobSpec spec;
        if (job is null)
        {
            var driven = experiment.Jobs.Where(j => File.Exists(InputsFile(j)) && capability.Accepts(j.Method.Create(j.Options))).ToList();
            if (driven.Count != 1)
            {
                throw new UserErrorException(driven.Count == 0
                    ? $"no trained job of {runDir} {capability.Description} (methods that can: {string.Join(", ", capability.Methods(registry))}); run an experiment with one of them first."
                    : $"{runDir} has {driven.Count} trained jobs that {capability.Description}; pick one with --job: {string.Join(", ", driven.Select(j => j.Id))}.");
            }

            spec = driven[0];
        }
        else
        {
            spec = experiment.Jobs.FirstOrDefault(j => j.Id == job)
                ?? throw new UserErrorException($"{runDir} has no job '{job}'; its jobs: {string.Join(", ", experiment.Jobs.Select(j => j.Id))}.");
            if (!File.Exists(InputsFile(spec)))
            {
                throw new UserErrorException($"job '{job}' has no trained model in {runDir} ({JobInputs.FileName} is missing: its train stage did not finish, or the run was made by an older version). Re-run the experiment; cached stages are reused.");
            }
        }

        var inputs = JsonSerializer.Deserialize<JobInputs>(File.ReadAllText(InputsFile(spec)), CanonicalJson.Options)
            ?? throw new UserErrorException($"{InputsFile(spec)} is empty; re-run the experiment to rewrite it.");
        foreach (var (what, folder) in new[] { ("model", inputs.Model), ("dataset", inputs.Dataset), ("audio features", inputs.Features), ("masks", inputs.Masks) })
        {
            if (folder is not null && !Directory.Exists(folder))
            {
                throw new UserErrorException($"the cached {what} folder of job '{spec.Id}' ({folder}) no longer exists (was the stage cache cleaned?); re-run the experiment to rebuild it.");
            }
        }

        return new ResolvedJob(spec, inputs);
    }

    /// <summary>Registered methods that implement <see cref="IAudioDrivenMethod"/> with their default options.</summary>
    public static IEnumerable<string> AudioDrivenMethods(MethodRegistry registry) => JobCapability.AudioDriven.Methods(registry);

    // A job folder is <run>/jobs/<dataset>/<entry>/<variant>/s<i>; the run folder holds config.yaml.
    private static (string RunDir, string JobId) RunOfJobFolder(string full, string path)
    {
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Path.GetFileName(dir) == "jobs" && Path.GetDirectoryName(dir) is { } run && File.Exists(Path.Combine(run, ConfigFile)))
            {
                return (run, Path.GetRelativePath(dir, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        throw new UserErrorException($"'{path}' looks like a job folder but is not inside a run folder (…/jobs/… next to config.yaml).");
    }
}
