using Research.Metrics.Aggregation;

namespace Research.Reporting;

/// <summary>
/// Groups job results into rows (dataset × method × variant). Per-frame values of all seeds are pooled, so the mean is
/// the mean over every evaluated frame and the bootstrap interval covers frame and seed variation together.
/// </summary>
public static class ResultTable
{
    /// <summary>Rows in the order their first job appears in <paramref name="results"/>.</summary>
    public static IReadOnlyList<ResultRow> Build(IEnumerable<JobResult> results, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results
            .GroupBy(r => (r.Dataset, r.Method, r.Variant))
            .Select(g =>
            {
                var jobs = g.OrderBy(r => r.SeedIndex).ToList();
                var frames = jobs.SelectMany(j => j.Metrics.Frames).ToList();
                return new ResultRow(
                    g.Key.Dataset,
                    g.Key.Method,
                    g.Key.Variant,
                    jobs.Count,
                    frames.Count,
                    MetricAggregate.FromValues(frames.Select(f => f.Psnr), bootstrap ?? jobs[0].Metrics.Bootstrap),
                    MetricAggregate.FromValues(frames.Select(f => f.Ssim), bootstrap ?? jobs[0].Metrics.Bootstrap),
                    jobs[0].Metrics.SsimVariant);
            })];
    }
}
