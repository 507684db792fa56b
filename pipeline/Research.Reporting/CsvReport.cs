using System.Globalization;
using System.Text;

namespace Research.Reporting;

/// <summary>Writes <c>results.csv</c>: one row per dataset × method × variant, full precision, invariant culture.</summary>
public static class CsvReport
{
    /// <summary>The CSV text.</summary>
    public static string Write(IReadOnlyList<ResultRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder("dataset,method,variant,seeds,frames,psnr,psnr_ci_low,psnr_ci_high,psnr_infinite_frames,ssim,ssim_ci_low,ssim_ci_high,ssim_variant\n");
        foreach (var r in rows)
        {
            sb.AppendJoin(',', [
                Field(r.Dataset), Field(r.Method), Field(r.Variant),
                Number(r.Seeds), Number(r.Frames),
                Number(r.Psnr.Mean), Number(r.Psnr.Ci.Lower), Number(r.Psnr.Ci.Upper), Number(r.Psnr.InfiniteCount),
                Number(r.Ssim.Mean), Number(r.Ssim.Ci.Lower), Number(r.Ssim.Ci.Upper), Field(r.SsimVariant)]);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Number(double v) => double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);

    // RFC 4180: quote fields holding separators, quotes or line breaks.
    private static string Field(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
