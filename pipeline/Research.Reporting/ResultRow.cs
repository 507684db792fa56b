using Research.Metrics.Aggregation;

namespace Research.Reporting;

/// <summary>One row of the comparison: a dataset × method × variant, pooled over its seeds.</summary>
public sealed record ResultRow(
    string Dataset,
    string Method,
    string Variant,
    int Seeds,
    int Frames,
    MetricAggregate Psnr,
    MetricAggregate Ssim,
    string SsimVariant);
