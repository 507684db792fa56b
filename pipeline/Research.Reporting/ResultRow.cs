using Research.Metrics.Aggregation;
using Research.Metrics.Evaluation;
using Research.Metrics.Sync;

namespace Research.Reporting;

/// <summary>
/// One row of the comparison: a dataset × method × variant, pooled over its seeds. Optional metrics are null when no
/// job of the row computed them; <see cref="Unavailable"/> then says why.
/// </summary>
public sealed record ResultRow(
    string Dataset,
    string Method,
    string Variant,
    int Seeds,
    int Frames,
    MetricAggregate Psnr,
    MetricAggregate Ssim,
    string SsimVariant)
{
    /// <summary>LPIPS pooled over the frames of every seed.</summary>
    public MetricAggregate? Lpips { get; init; }

    /// <summary>Name of the LPIPS variant.</summary>
    public string? LpipsVariant { get; init; }

    /// <summary>Sync-C / Sync-D with the windows of every seed scored as one clip.</summary>
    public SyncReport? Sync { get; init; }

    /// <summary>AUE of the upper-face units.</summary>
    public MetricAggregate? AueUpper { get; init; }

    /// <summary>AUE of the lower-face units.</summary>
    public MetricAggregate? AueLower { get; init; }

    /// <summary>Mouth landmark distance in pixels.</summary>
    public MetricAggregate? Lmd { get; init; }

    /// <summary>The LPIPS trunk and lin files behind <see cref="Lpips"/> (SyncNet's file is in <see cref="Sync"/>).</summary>
    public IReadOnlyList<WeightFile> LpipsWeights { get; init; } = [];

    /// <summary>Metrics asked for but not computed, with reasons (distinct).</summary>
    public IReadOnlyList<UnavailableMetric> Unavailable { get; init; } = [];

    /// <summary>Whether the metric id (<c>lpips</c>, <c>sync</c>, <c>aue</c>, <c>lmd</c>) has a value or a reason in this row.</summary>
    public bool Mentions(string metric) => metric switch
    {
        "lpips" => Lpips is not null,
        "sync" => Sync is not null,
        "aue" => AueUpper is not null || AueLower is not null,
        "lmd" => Lmd is not null,
        _ => false,
    } || Unavailable.Any(u => u.Metric == metric);
}
