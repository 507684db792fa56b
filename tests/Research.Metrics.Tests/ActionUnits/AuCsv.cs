using System.Globalization;
using System.Text;
using Research.Metrics.ActionUnits;

namespace Research.Metrics.Tests.ActionUnits;

/// <summary>Writes tiny OpenFace-style CSVs with all 17 AU intensity columns for the AUE tests.</summary>
internal static class AuCsv
{
    /// <summary>
    /// Writes rows of AU intensities: each row maps unit → value, unnamed units are 0. Frame numbers default to 1, 2, ….
    /// </summary>
    public static string Write(
        string path,
        IReadOnlyList<IReadOnlyDictionary<string, double>> rows,
        string separator = ", ",
        IReadOnlyList<int>? frames = null,
        IReadOnlyCollection<string>? omitUnits = null)
    {
        var units = ActionUnitSets.All.Where(u => omitUnits is null || !omitUnits.Contains(u)).ToList();
        var header = new List<string> { "frame", "face_id", "timestamp", "confidence", "success" };
        header.AddRange(units.Select(ActionUnitSets.IntensityColumn));
        var text = new StringBuilder().AppendJoin(separator, header).Append('\n');
        for (var r = 0; r < rows.Count; r++)
        {
            var fields = new List<string>
            {
                (frames?[r] ?? r + 1).ToString(CultureInfo.InvariantCulture), "0",
                (r * 0.04).ToString("F3", CultureInfo.InvariantCulture), "0.98", "1",
            };
            fields.AddRange(units.Select(u => rows[r].GetValueOrDefault(u).ToString("F2", CultureInfo.InvariantCulture)));
            text.AppendJoin(separator, fields).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    public static Dictionary<string, double> Row(params (string Unit, double Value)[] values) =>
        values.ToDictionary(v => v.Unit, v => v.Value, StringComparer.Ordinal);
}
