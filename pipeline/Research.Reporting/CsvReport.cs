using System.Globalization;
using System.Text;
using Research.Metrics.Aggregation;
using Research.Metrics.Sync;

namespace Research.Reporting;

/// <summary>
/// Writes <c>results.csv</c>: one row per dataset × method × variant, full precision, invariant culture. Metrics that
/// were not computed are empty cells; <c>unavailable</c> lists their ids (the reasons are in report.md and metrics.json).
/// </summary>
public static class CsvReport
{
    private static readonly string[] Header =
    [
        "dataset", "method", "variant", "seeds", "frames",
        "psnr", "psnr_ci_low", "psnr_ci_high", "psnr_infinite_frames",
        "ssim", "ssim_ci_low", "ssim_ci_high", "ssim_variant",
        "lpips", "lpips_ci_low", "lpips_ci_high", "lpips_variant",
        "sync_c", "sync_c_ci_low", "sync_c_ci_high", "sync_d", "sync_d_ci_low", "sync_d_ci_high", "sync_offset", "sync_crop",
        "aue_u", "aue_u_ci_low", "aue_u_ci_high", "aue_l", "aue_l_ci_low", "aue_l_ci_high",
        "lmd", "lmd_ci_low", "lmd_ci_high",
        "unavailable",
    ];

    /// <summary>The CSV text.</summary>
    public static string Write(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder().AppendJoin(',', Header).Append('\n');
        foreach (var r in rows)
        {
            sb.AppendJoin(',', [
                Field(r.Dataset), Field(r.Method), Field(r.Variant),
                Number(r.Seeds), Number(r.Frames),
                .. Aggregate(r.Psnr), Number(r.Psnr.InfiniteCount),
                .. Aggregate(r.Ssim), Field(r.SsimVariant),
                .. Aggregate(r.Lpips), Field(r.LpipsVariant ?? string.Empty),
                .. Sync(r.Sync),
                .. Aggregate(r.AueUpper), .. Aggregate(r.AueLower),
                .. Aggregate(r.Lmd),
                Field(string.Join(';', r.Unavailable.Select(u => u.Metric).Distinct(StringComparer.Ordinal))),
            ]);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string[] Aggregate(MetricAggregate? a) =>
        a is null ? ["", "", ""] : [Number(a.Mean), Number(a.Ci.Lower), Number(a.Ci.Upper)];

    private static string[] Sync(SyncReport? s) =>
        s is null
            ? ["", "", "", "", "", "", "", ""]
            : [Number(s.SyncC), Number(s.SyncCCi.Lower), Number(s.SyncCCi.Upper), Number(s.SyncD), Number(s.SyncDCi.Lower), Number(s.SyncDCi.Upper), Number(s.Offset), Field(s.CropMode)];

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);

    // RFC 4180: quote fields holding separators, quotes or line breaks.
    private static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
