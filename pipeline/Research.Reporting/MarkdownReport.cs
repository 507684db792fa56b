using System.Globalization;
using System.Text;

namespace Research.Reporting;

/// <summary>Writes <c>report.md</c>: a comparison table per dataset with means and 95% bootstrap intervals.</summary>
public static class MarkdownReport
{
    /// <summary>The Markdown text.</summary>
    public static string Write(string title, string description, IReadOnlyList<ResultRow> rows, int decimals, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(notes);
        var sb = new StringBuilder();
        sb.Append("# ").Append(title).Append("\n\n");
        if (description.Length > 0)
        {
            sb.Append(description).Append("\n\n");
        }

        foreach (var dataset in rows.GroupBy(r => r.Dataset))
        {
            sb.Append("## ").Append(dataset.Key).Append("\n\n");
            sb.Append("| Method | Variant | Seeds | Frames | PSNR ↑ (dB) | SSIM ↑ |\n");
            sb.Append("|---|---|---:|---:|---:|---:|\n");
            var best = (Psnr: dataset.Max(r => r.Psnr.Mean), Ssim: dataset.Max(r => r.Ssim.Mean));
            foreach (var r in dataset)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {r.Method} | {r.Variant} | {r.Seeds} | {r.Frames} | ");
                sb.Append(Cell(r.Psnr.Mean, r.Psnr.Ci.Lower, r.Psnr.Ci.Upper, decimals, r.Psnr.Mean == best.Psnr));
                sb.Append(" | ");
                sb.Append(Cell(r.Ssim.Mean, r.Ssim.Ci.Lower, r.Ssim.Ci.Upper, decimals + 1, r.Ssim.Mean == best.Ssim));
                sb.Append(" |\n");
            }

            sb.Append('\n');
        }

        var variants = rows.Select(r => r.SsimVariant).Distinct(StringComparer.Ordinal).ToList();
        sb.Append("Values are means over held-out frames (pooled over seeds) with 95% percentile-bootstrap intervals in brackets; best per dataset in bold. ");
        sb.Append("PSNR: RGB in [0,1], peak 1, per-frame then averaged; frames identical to ground truth (+∞ dB) are excluded from the mean and counted in results.csv. ");
        sb.Append("SSIM variant: ").Append(string.Join(", ", variants)).Append(".\n");
        foreach (var note in notes)
        {
            sb.Append("\n- ").Append(note);
        }

        if (notes.Count > 0)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static string Cell(double mean, double low, double high, int decimals, bool bold)
    {
        if (double.IsNaN(mean))
        {
            return "—";
        }

        var f = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var value = mean.ToString(f, CultureInfo.InvariantCulture);
        value = bold ? $"**{value}**" : value;
        return double.IsNaN(low) ? value : $"{value} [{low.ToString(f, CultureInfo.InvariantCulture)}, {high.ToString(f, CultureInfo.InvariantCulture)}]";
    }
}
