using System.Text.Json;
using Research.Media.IO;
using Research.Metrics.Evaluation;
using Research.Pipeline.Caching;
using Research.Pipeline.Configuration;
using Research.Reporting;
using Research.Stages.Evaluation;
using Research.Stages.Experiments;

namespace Research.Stages.Running;

/// <summary>
/// Builds <c>report.md</c> and <c>results.csv</c> from whatever jobs a run folder holds, so shards that share a
/// folder merge into one report (<c>research report &lt;run-dir&gt;</c>).
/// </summary>
public static class ReportBuilder
{
    /// <summary>Report file name.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>Results table file name.</summary>
    public const string CsvFile = "results.csv";

    /// <summary>Writes the report from a run folder using its saved <c>config.yaml</c>; returns the report path.</summary>
    public static string? Write(string runDirectory)
    {
        var configPath = Path.Combine(runDirectory, "config.yaml");
        if (!File.Exists(configPath))
        {
            throw new Pipeline.Errors.UserErrorException($"{runDirectory} is not a run folder (no config.yaml). Pass a folder under runs/<experiment>/.");
        }

        var config = ConfigBinder.Bind<ExperimentConfig>(YamlConfigReader.ReadFile(configPath));
        var name = config.Experiment.Name ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(runDirectory))) ?? "experiment";
        return Write(runDirectory, config, name, []);
    }

    /// <summary>Writes the report; returns its path, or null when no job has metrics yet.</summary>
    public static string? Write(string runDirectory, ExperimentConfig config, string name, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(config);
        var results = ReadResults(runDirectory);
        if (results.Count == 0)
        {
            return null;
        }

        var rows = ResultTable.Build(results);
        var markdown = MarkdownReport.Write(config.Report.Title ?? name, config.Experiment.Description, rows, config.Report.Decimals, notes);
        AtomicFile.WriteAllText(Path.Combine(runDirectory, CsvFile), CsvReport.Write(rows));
        var path = Path.Combine(runDirectory, MarkdownFile);
        AtomicFile.WriteAllText(path, markdown);
        return path;
    }

    /// <summary>Every job result in a run folder (jobs/…/job.json next to metrics.json), in the experiment's job order.</summary>
    public static IReadOnlyList<JobResult> ReadResults(string runDirectory)
    {
        var jobs = Path.Combine(runDirectory, "jobs");
        if (!Directory.Exists(jobs))
        {
            return [];
        }

        var results = new List<(int Position, JobResult Result)>();
        foreach (var jobFile in Directory.GetFiles(jobs, ExperimentSession.JobFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var metricsFile = Path.Combine(Path.GetDirectoryName(jobFile)!, EvaluateStage.MetricsJsonFile);
            if (!File.Exists(metricsFile))
            {
                continue;
            }

            var job = JsonSerializer.Deserialize<JobDescription>(File.ReadAllText(jobFile), CanonicalJson.Options)
                ?? throw new Pipeline.Errors.UserErrorException($"{jobFile} is empty; re-run the experiment to rewrite it.");
            MetricsReport metrics;
            try
            {
                metrics = MetricsJson.DeserializeMetricsReport(File.ReadAllText(metricsFile));
            }
            catch (JsonException e)
            {
                throw new Pipeline.Errors.UserErrorException($"{metricsFile} is not a metrics report this version reads ({e.Message}); re-run the experiment into this folder (only the evaluate stages run again).", e);
            }

            results.Add((job.Position, new JobResult(job.Dataset, job.Method, job.Variant, job.SeedIndex, metrics)));
        }

        return [.. results.OrderBy(r => r.Position).Select(r => r.Result)];
    }
}
