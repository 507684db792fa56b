using System.Globalization;
using System.Text;

namespace Research.Reporting;

/// <summary>
/// Writes <c>report.md</c>: a comparison table per dataset with means and 95% bootstrap intervals. LPIPS, Sync, AUE
/// and LMD columns appear when the experiment asked for them; a value that could not be computed is "—" with a
/// numbered footnote giving the reason (e.g. which weight files are missing and where they come from).
/// </summary>
public static class MarkdownReport
{
    private static readonly string[] Superscripts = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

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

        var footnotes = new List<string>();
        foreach (var dataset in rows.GroupBy(r => r.Dataset))
        {
            var columns = ReportColumn.All.Where(c => c.MetricId is null || dataset.Any(r => r.Mentions(c.MetricId))).ToList();
            sb.Append("## ").Append(dataset.Key).Append("\n\n");
            sb.Append("| Method | Variant | Seeds | Frames | ").AppendJoin(" | ", columns.Select(c => c.Header)).Append(" |\n");
            sb.Append("|---|---|---:|---:|").AppendJoin(string.Empty, columns.Select(_ => "---:|")).Append('\n');
            foreach (var r in dataset)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {r.Method} | {r.Variant} | {r.Seeds} | {r.Frames} | ");
                sb.AppendJoin(" | ", columns.Select(c => Cell(c, r, dataset, decimals + c.ExtraDecimals, footnotes)));
                sb.Append(" |\n");
            }

            sb.Append('\n');
        }

        sb.Append("Values are means over held-out frames (pooled over seeds) with 95% percentile-bootstrap intervals in brackets; best per dataset in bold. ");
        sb.Append("PSNR: RGB in [0,1], peak 1, per-frame then averaged; frames identical to ground truth (+∞ dB) are excluded from the mean and counted in results.csv. ");
        sb.Append("SSIM variant: ").AppendJoin(", ", rows.Select(r => r.SsimVariant).Distinct(StringComparer.Ordinal)).Append(".\n");
        foreach (var line in MetricNotes(rows))
        {
            sb.Append('\n').Append(line).Append('\n');
        }

        for (var i = 0; i < footnotes.Count; i++)
        {
            sb.Append(i == 0 ? "\n" : string.Empty).Append(Superscript(i + 1)).Append(' ').Append(footnotes[i]).Append('\n');
        }

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

    // What produced the learned metrics: variants, crop modes and weight files by hash.
    private static IEnumerable<string> MetricNotes(IReadOnlyList<ResultRow> rows)
    {
        var lpips = rows.Select(r => r.LpipsVariant).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (lpips.Count > 0)
        {
            var files = rows.SelectMany(r => r.LpipsWeights).DistinctBy(w => w.Sha256);
            yield return $"LPIPS variant: {string.Join(", ", lpips)}; weights {string.Join(", ", files.Select(w => w.ShortLabel))}.";
        }

        var syncs = rows.Select(r => r.Sync).OfType<Metrics.Sync.SyncReport>().ToList();
        if (syncs.Count > 0)
        {
            yield return $"Sync-C / Sync-D: SyncNet, crop {string.Join(", ", syncs.Select(s => s.CropMode).Distinct(StringComparer.Ordinal))}, offset search ±{syncs[0].VShift} frames, "
                + $"intervals from resampled 5-frame windows; weights {string.Join(", ", syncs.Select(s => s.Weights).DistinctBy(w => w.Sha256).Select(w => w.ShortLabel))}; offsets in results.csv.";
        }

        if (rows.Any(r => r.AueUpper is not null || r.Lmd is not null))
        {
            yield return "AUE (squared error of OpenFace AU intensities, summed over each set) and LMD (mean-centred mouth landmarks 48–67, pixels) from OpenFace FeatureExtraction on prediction and ground truth.";
        }
    }

    private static string Cell(ReportColumn column, ResultRow row, IEnumerable<ResultRow> dataset, int decimals, List<string> footnotes)
    {
        var value = column.Value(row);
        if (value is null)
        {
            var reasons = column.MetricId is null ? [] : row.Unavailable.Where(u => u.Metric == column.MetricId).Select(u => u.Reason).ToList();
            var marks = reasons.Select(reason =>
            {
                var index = footnotes.IndexOf(reason);
                if (index < 0)
                {
                    footnotes.Add(reason);
                    index = footnotes.Count - 1;
                }

                return Superscript(index + 1);
            });
            return "—" + string.Join(string.Empty, marks);
        }

        var (mean, low, high) = value.Value;
        if (double.IsNaN(mean))
        {
            return "—";
        }

        var means = dataset.Select(column.Value).Where(v => v is not null && !double.IsNaN(v.Value.Mean)).Select(v => v!.Value.Mean).ToList();
        var best = column.HigherIsBetter ? means.Max() : means.Min();
        var f = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        var text = mean.ToString(f, CultureInfo.InvariantCulture);
        text = mean == best ? $"**{text}**" : text;
        return double.IsNaN(low) ? text : $"{text} [{low.ToString(f, CultureInfo.InvariantCulture)}, {high.ToString(f, CultureInfo.InvariantCulture)}]";
    }

    private static string Superscript(int n) =>
        string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => Superscripts[c - '0']));
}
