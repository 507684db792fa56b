using Research.Metrics.Evaluation;

namespace Research.Reporting;

/// <summary>The evaluated metrics of one job (dataset × method × variant × seed index).</summary>
public sealed record JobResult(string Dataset, string Method, string Variant, int SeedIndex, MetricsReport Metrics);
