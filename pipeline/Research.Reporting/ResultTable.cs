using Research.Metrics.Aggregation;
using Research.Metrics.Sync;

namespace Research.Reporting;

/// <summary>
/// Groups job results into rows (dataset × method × variant). Per-frame values of all seeds are pooled, so the mean is
/// the mean over every evaluated frame and the bootstrap interval covers frame and seed variation together; Sync pools
/// the 5-frame windows of every seed and rescores them as one clip.
/// </summary>
public static class ResultTable
{
    /// <summary>Rows in the order their first job appears in <paramref name="results"/>.</summary>
    public static IReadOnlyList<ResultRow> Build(IEnumerable<JobResult> results, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results
            .GroupBy(r => (r.Dataset, r.Method, r.Variant))
            .Select(g => Row(g.Key.Dataset, g.Key.Method, g.Key.Variant, [.. g.OrderBy(r => r.SeedIndex)], bootstrap))];
    }

    private static ResultRow Row(string dataset, string method, string variant, IReadOnlyList<JobResult> jobs, BootstrapOptions? bootstrap)
    {
        var first = jobs[0].Metrics;
        var options = bootstrap ?? first.Image.Bootstrap;
        var frames = jobs.SelectMany(j => j.Metrics.Image.Frames).ToList();
        var images = jobs.Select(j => j.Metrics.Image).ToList();
        var syncs = jobs.Select(j => j.Metrics.Sync).ToList();
        var aues = jobs.Select(j => j.Metrics.Aue).ToList();
        var lmds = jobs.Select(j => j.Metrics.Lmd).ToList();
        return new ResultRow(
            dataset,
            method,
            variant,
            jobs.Count,
            frames.Count,
            MetricAggregate.FromValues(frames.Select(f => f.Psnr), options),
            MetricAggregate.FromValues(frames.Select(f => f.Ssim), options),
            first.Image.SsimVariant)
        {
            Lpips = images.All(i => i.Lpips is not null) ? MetricAggregate.FromValues(frames.Select(f => f.Lpips ?? double.NaN), options) : null,
            LpipsVariant = images.All(i => i.Lpips is not null) ? first.Image.LpipsVariant : null,
            Sync = syncs.All(s => s is not null) ? PoolSync(syncs!, options) : null,
            AueUpper = aues.All(a => a is not null) ? Pool(aues.Select(a => a!.Upper.Aggregate).ToList(), aues.SelectMany(a => a!.Frames.Select(f => f.Upper)), options) : null,
            AueLower = aues.All(a => a is not null) ? Pool(aues.Select(a => a!.Lower.Aggregate).ToList(), aues.SelectMany(a => a!.Frames.Select(f => f.Lower)), options) : null,
            Lmd = lmds.All(l => l is not null) ? MetricAggregate.FromValues(lmds.SelectMany(l => l!.Frames.Select(f => f.Lmd)), options) : null,
            LpipsWeights = [.. images.SelectMany(i => i.LpipsWeights ?? []).DistinctBy(w => (w.Path, w.Sha256))],
            Unavailable = [.. jobs.SelectMany(j => j.Metrics.Unavailable).DistinctBy(u => (u.Metric, u.Reason))],
        };
    }

    // One seed keeps the reference aggregate (per-unit means, NaN rows skipped); several pool their finite frame values.
    private static MetricAggregate Pool(IReadOnlyList<MetricAggregate> perJob, IEnumerable<double> frames, BootstrapOptions options) =>
        perJob.Count == 1 ? perJob[0] : MetricAggregate.FromValues(frames.Where(double.IsFinite), options);

    private static SyncReport PoolSync(IReadOnlyList<SyncReport> reports, BootstrapOptions options) =>
        reports.Count == 1
            ? reports[0]
            : SyncReport.Create([.. reports.SelectMany(r => r.WindowDistances)], reports[0].CropMode, reports[0].Weights, reports[0].VShift, options);
}
